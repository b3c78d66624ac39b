"""Everything a project's page shows, read in a fixed number of queries (none per row)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sanpi.activities.selectors import project_appearances
from sanpi.approvals import selectors as approval_selectors
from sanpi.funding.selectors import funding_lines
from sanpi.progress import counting
from sanpi.progress import rules as progress_rules
from sanpi.progress.models import (
    CountedInvestment,
    MonthlyReport,
    Problem,
    ProjectLight,
    ReportPhoto,
    StatisticsDocument,
)
from sanpi.progress.verdict import verdict_month, with_verdict_figures
from sanpi.projects.models import AnnualPlan, Project
from sanpi.projects.selectors import project_history, project_stage_events

HISTORY_LIMIT = 100


@dataclass
class Milestone:
    label: str
    reached_on: dt.date | None
    planned_on: dt.date | None


@dataclass
class ProgressBar:
    """进度条 of one project: investment completed against plan, and milestones reached. Judged by
    progress/verdict.py's rule — the same month, reports and 序时进度 as the dashboard's summary and
    the lights."""

    since_start_wan: Decimal | None  # 开工以来累计 of the latest counted report up to the verdict month
    total_wan: Decimal | None
    ytd_wan: Decimal | None  # 自年初累计 of the verdict year (None: no counted report that year)
    annual_plan_wan: Decimal | None
    report_year: int | None  # the month of the report the figures come from
    report_month: int | None
    milestones: list[Milestone]
    verdict_year: int | None = None  # the month judged (verdict.verdict_month)
    verdict_month: int | None = None
    cumulative_plan_wan: Decimal | None = None  # the verdict month's cumulative plan, where set
    report_status: str = ""  # submitted / approved / locked

    @property
    def investment_pct(self) -> Decimal | None:
        if self.since_start_wan is None or not self.total_wan:
            return None
        return (self.since_start_wan * 100 / self.total_wan).quantize(Decimal("0.1"))

    @property
    def investment_overrun(self) -> bool:
        """More invested than the 总投资: shown as an overrun (the bar stays full, the figure is not capped)."""
        return self.investment_pct is not None and self.investment_pct > 100

    @property
    def annual_overrun(self) -> bool:
        return self.annual_pct is not None and self.annual_pct > 100

    @property
    def over_total(self) -> bool:
        """开工以来累计 above 总投资: shown with its real percentage and flagged for checking."""
        return self.investment_overrun

    @property
    def annual_pct(self) -> Decimal | None:
        rate = progress_rules.completion_rate(self.ytd_wan or Decimal(0), self.annual_plan_wan) \
            if self.ytd_wan is not None else None
        return None if rate is None else progress_rules.round1(rate)

    def _benchmark(self) -> Decimal | None:
        if self.verdict_month is None:
            return None
        return progress_rules.time_benchmark(self.verdict_month, cumulative_plan=self.cumulative_plan_wan,
                                             annual_plan=self.annual_plan_wan)

    @property
    def benchmark_pct(self) -> Decimal | None:
        """序时进度 of the verdict month (its cumulative plan where set, else months ÷ 12)."""
        benchmark = self._benchmark()
        return None if benchmark is None else progress_rules.round1(benchmark)

    @property
    def gap_words(self) -> str:
        benchmark = self._benchmark()
        if self.ytd_wan is None or not self.annual_plan_wan or benchmark is None:
            return ""
        rate = progress_rules.completion_rate(self.ytd_wan, self.annual_plan_wan)
        return progress_rules.gap_words(progress_rules.schedule_gap(rate, benchmark))

    @property
    def stale(self) -> bool:
        """The verdict month's report is missing: judged on an earlier month's figures."""
        return (self.report_year, self.report_month) != (self.verdict_year, self.verdict_month) \
            and self.report_month is not None

    @property
    def awaiting_review(self) -> bool:
        return self.report_status == MonthlyReport.Status.SUBMITTED

    @property
    def reached(self) -> int:
        return sum(1 for m in self.milestones if m.reached_on)

    @property
    def milestones_pct(self) -> int:
        return round(self.reached * 100 / len(self.milestones)) if self.milestones else 0


def milestones_of(project: Project) -> list[Milestone]:
    """签约 → 开工 → 投产 (竣工 for projects that do not produce) → 达产."""
    finish = (Milestone("竣工", project.completed_on, project.planned_completion_date)
              if project.completed_on and not project.produced_on
              else Milestone("投产", project.produced_on, project.planned_production_date))
    return [Milestone("签约", project.signed_on, project.planned_sign_date),
            Milestone("开工", project.started_on, project.planned_start_date),
            finish,
            Milestone("达产", project.capacity_on, project.planned_capacity_date)]


def with_progress(qs, *, year: int, month: int):
    """Annotate projects with what their progress bars need (verdict.with_verdict_figures)."""
    return with_verdict_figures(qs, year=year, month=month)


def progress_bar(project: Project, *, year: int, month: int) -> ProgressBar:
    """From a project annotated by with_progress(year=, month=)."""
    return ProgressBar(
        since_start_wan=project.pb_since_start, total_wan=project.total_investment_wan,
        ytd_wan=project.pb_ytd, annual_plan_wan=project.pb_plan,
        report_year=project.pb_year, report_month=project.pb_month, milestones=milestones_of(project),
        verdict_year=year, verdict_month=month, cumulative_plan_wan=project.pb_cumulative_plan,
        report_status=project.pb_status or "",
    )


def project_page_data(*, user, project: Project) -> dict[str, Any]:
    year, month = verdict_month(timezone.localdate())
    full = with_progress(Project.objects.filter(pk=project.pk), year=year, month=month).select_related(
        "region", "industry__parent", "domain", "sector", "owner", "responsible_unit", "service_unit",
        "previous_phase").get()
    reports = list(MonthlyReport.objects.filter(project=project).order_by("-year", "-month", "-version")
                   .prefetch_related("photos"))
    events = list(project_stage_events(project=project))
    documents = [{"kind": "阶段佐证", "label": f"{e.get_stage_display()} {e.occurred_on:%Y-%m-%d}",
                  "url": reverse("web:file_evidence", args=[e.pk]), "name": f"佐证材料-{e.pk}", "when": e.recorded_at}
                 for e in events if e.evidence and not e.corrects_id]
    photos = ReportPhoto.objects.filter(report__project=project).select_related("report").order_by("-uploaded_at")
    documents += [{"kind": "形象进度照片", "label": f"{p.report.year}年{p.report.month}月月报",
                   "url": reverse("web:file_photo", args=[p.pk]), "name": p.caption or f"照片-{p.pk}", "when": p.uploaded_at,
                   "image": True} for p in photos]
    today = timezone.localdate()
    items = list(approval_selectors.approval_items(user=user, project=project))
    done, required = approval_selectors.completion(items, today)
    lines = funding_lines(project=project)
    for line in lines:  # the month a "填报" link opens: this month for this year's line, else December
        line.report_month = today.month if line.year == today.year else 12
    return {
        "approvals": approval_selectors.checklist_timeline(items=items, today=today),
        "approvals_done": done, "approvals_required": required,
        "funding": lines,
        "project": full,
        "bar": progress_bar(full, year=year, month=month),
        "events": events,
        "plans": list(AnnualPlan.objects.filter(project=project).order_by("-year")),
        "leaders": list(project.leaders.all()),
        "next_phases": list(Project.objects.filter(previous_phase=project).only("id", "name", "phase")),
        "appearances": project_appearances(project=project),
        "reports": reports,
        "lights": list(ProjectLight.objects.filter(project=project).order_by("-year", "-month")[:12]),
        "problems": list(Problem.objects.filter(project=project).order_by("status", "deadline")),
        "documents": documents,
        "history": project_history(project=project)[:HISTORY_LIMIT],
        "counting": counting_data(project=full),
    }


def counting_data(*, project: Project) -> dict[str, Any]:
    """纳统 on the project page: the counted figures beside the reports' 完成投资, and the checklist."""
    received = {d.kind: d for d in StatisticsDocument.objects.filter(project=project)}
    completed = {(r.year, r.month): r.month_completed_wan for r in MonthlyReport.objects.filter(
        project=project, is_current=True).only("year", "month", "month_completed_wan")}
    counted = [(c, completed.get((c.year, c.month))) for c in CountedInvestment.objects.filter(project=project)
               .order_by("-year", "-month")[:24]]
    return {
        "should_count": counting.should_count(total_wan=project.total_investment_wan, started_on=project.started_on,
                                              as_of=timezone.localdate()),
        "due": counting.registration_due(project.started_on) if project.started_on else None,
        "checklist": [(code, label, received.get(code)) for code, label in counting.DOCUMENTS],
        "counted": counted, "documents": counting.DOCUMENTS,
    }
