"""What a reviewer checks a monthly report against (the report page): the project's annual plan and
序时进度, last month's report, and the completion rates, overrun flagged. One read, a handful of
queries, no writes."""

from dataclasses import dataclass
from decimal import Decimal

from sanpi.projects.models import AnnualPlan

from . import rules
from .models import MonthlyPlan, MonthlyReport


@dataclass(frozen=True)
class ReviewContext:
    annual_plan_wan: Decimal | None  # 年度计划投资（万元）
    time_benchmark: Decimal  # 序时进度 %, one decimal
    completion_rate: Decimal | None  # 年度投资完成率 %: 自年初累计 ÷ 年度计划, one decimal
    gap_text: str  # 超/低于序时进度 … 个百分点
    total_rate: Decimal | None  # 总投资完成率 %: 开工以来累计 ÷ 总投资, one decimal
    previous: MonthlyReport | None  # last month's current report
    month_change_wan: Decimal | None  # 本月完成 − 上月完成

    @property
    def overrun(self) -> bool:
        """年度计划 exceeded: shown as an overrun, not capped at 100%."""
        return self.completion_rate is not None and self.completion_rate > 100

    @property
    def total_overrun(self) -> bool:
        return self.total_rate is not None and self.total_rate > 100

    @property
    def bar_rate(self) -> Decimal:
        return min(self.completion_rate or Decimal(0), Decimal(100))


def report_review_context(*, report: MonthlyReport) -> ReviewContext:
    plan = AnnualPlan.objects.filter(project_id=report.project_id, year=report.year).first()
    planned = plan.planned_investment_wan if plan else None
    cumulative = (MonthlyPlan.objects.filter(plan=plan, month=report.month).values_list("cumulative_planned_wan",
                                                                                       flat=True).first()
                  if plan else None)
    benchmark = rules.time_benchmark(report.month, cumulative_plan=cumulative, annual_plan=planned)
    rate = rules.completion_rate(report.ytd_completed_wan or Decimal(0), planned)
    year, month = (report.year, report.month - 1) if report.month > 1 else (report.year - 1, 12)
    previous = MonthlyReport.objects.filter(project_id=report.project_id, year=year, month=month,
                                            is_current=True).first()
    total = report.project.total_investment_wan
    return ReviewContext(
        annual_plan_wan=planned, time_benchmark=rules.round1(benchmark),
        completion_rate=rules.round1(rate) if rate is not None else None,
        gap_text=rules.gap_words(rules.schedule_gap(rate, benchmark)) if rate is not None else "无年度计划",
        total_rate=rules.round1(report.since_start_completed_wan * 100 / total)
        if total and report.since_start_completed_wan is not None else None,
        previous=previous,
        month_change_wan=(report.month_completed_wan - previous.month_completed_wan)
        if previous and report.month_completed_wan is not None and previous.month_completed_wan is not None
        else None,
    )
