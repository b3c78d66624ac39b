"""What a monthly report may be: its month (open, the project started), its figures (consistent
with the earlier months, no gap between months) and its texts; and the workflow step every filing
and review action records. Filing (reports.py) and review (report_review.py) share these."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone

from sanpi.core.inputs import clean_text, parse_decimal

from .. import rules
from ..evaluation import month_end
from ..models import MonthlyReport, ReportStep
from .reporting_months import reporting_month_locked

Status = MonthlyReport.Status
MONEY_FIELDS = ("month_completed_wan", "ytd_completed_wan", "since_start_completed_wan")
TEXT_FIELDS = ("progress_text", "milestones", "problems_text", "next_steps")


def _money(value: Any, field: str, errors: dict) -> Decimal | None:
    # Sign is checked by the report rules, which explain a negative month in the report's own words.
    return parse_decimal(value, field=field, label=rules.FIELD_LABEL[field], errors=errors, unit="（万元）",
                         allow_negative=True)


def _texts(texts: dict) -> dict:
    """The report's free texts without control characters, each within the API's 5,000 characters."""
    errors: dict = {}
    clean = {name: clean_text(value, field=name, label=str(MonthlyReport._meta.get_field(name).verbose_name),
                              errors=errors) for name, value in texts.items()}
    if errors:
        raise ValidationError(errors)
    return clean


def _check_month(year: Any, month: Any) -> tuple[int, int]:
    try:
        year, month = int(year), int(month)
    except (TypeError, ValueError):
        raise ValidationError({"month": ["报告期无效，请按 2024-01 的格式填写。"]}) from None
    if not 1 <= month <= 12:
        raise ValidationError({"month": ["月份应在 1 到 12 之间。"]})
    today = timezone.localdate()
    if not 2000 <= year or (year, month) > (today.year, today.month):
        raise ValidationError({"month": [f"不能填报尚未到来的月份（{year}-{month:02d}）。"]})
    return year, month


def report_month_check(*, year: Any, month: Any) -> tuple[int, int]:
    """The (year, month) a report may be filed for, or ValidationError {"month": [中文原因]}."""
    return _check_month(year, month)


def _check_open(*, project, year: int, month: int) -> None:
    """A new report needs an open month and a project that had started by the month's end."""
    if reporting_month_locked(year=year, month=month, region=project.region):
        raise ValidationError({"month": [f"{year}年{month}月已整月锁定，不再接收新的月报；如需更正，请由项目办发起更正。"]})
    end = month_end(year, month)
    if project.started_on is None or project.started_on > end:
        started = f"开工日期为 {project.started_on:%Y-%m-%d}" if project.started_on else "尚未开工"
        raise ValidationError({"month": [f"项目“{project.name}”{started}，{year}年{month}月无需也不能填报月报。"]})


def _check_gap(*, project, live, year: int, month: int, figures: dict) -> None:
    """The rule for gaps (docs/decisions.md): months are filed in order, without gaps — a month with no
    investment is filed as 0, never left out. Once a project reports, a month after a missing one is
    refused, naming the missing month."""
    last = (live.filter(Q(year__lt=year) | Q(year=year, month__lt=month)).order_by("-year", "-month")
            .values_list("year", "month").first())
    if last is not None:
        gap = _next(*last)
        if gap != (year, month):
            raise ValidationError({"month": [
                f"{gap[0]}年{gap[1]}月的月报尚未填报：请先填报该月（当月无投资请填 0），再填报{year}年{month}月。"]})


def _unreported_before_first(*, project, live, year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """For the first report of a project that started before the report's month: the months from
    its start to the month before, which have no report ((first, last) as (year, month)); else None."""
    started = project.started_on
    if started is None or (started.year, started.month) >= (year, month):
        return None
    if live.filter(Q(year__lt=year) | Q(year=year, month__lt=month)).exists():
        return None
    return (started.year, started.month), _previous(year, month)


def _require_opening(figures: dict, unreported, *, year: int, month: int) -> None:
    """The rule for gaps (docs/decisions.md) at a project's first report: the months since its start
    that had no report are not this month's, so the cumulative figures cannot be derived from it and
    must be given, each message naming the months it covers."""
    (fy, fm), (ly, lm) = unreported
    span = f"{fy}年{fm}月" if (fy, fm) == (ly, lm) else f"{fy}年{fm}月至{ly}年{lm}月"
    errors = {}
    if figures["since_start_completed_wan"] is None:
        errors["since_start_completed_wan"] = [
            f"项目{fy}年{fm}月已开工，{span}没有月报：请填写开工以来累计完成投资（万元，含{span}及本月），"
            f"不能只按{year}年{month}月计。"]
    if figures["ytd_completed_wan"] is None and month > 1 and (fy, fm) <= (year, month - 1):
        first = (fy, fm) if fy == year else (year, 1)
        ytd_span = f"{year}年{first[1]}月" if first == (ly, lm) else f"{year}年{first[1]}月至{lm}月"
        errors["ytd_completed_wan"] = [
            f"{ytd_span}没有月报：请填写自年初累计完成投资（万元，含{ytd_span}及本月），不能只按{year}年{month}月计。"]
    if errors:
        raise ValidationError(errors)


def _next(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _step(report: MonthlyReport, action: str, from_status: str, user, reason: str = "") -> ReportStep:
    return ReportStep.objects.create(report=report, action=action, from_status=from_status, to_status=report.status,
                                     by=user if getattr(user, "pk", None) else None, reason=reason[:500])




def _locked_message(report: MonthlyReport) -> str:
    if report.status == Status.LOCKED:
        return "该月报已锁定，不能修改；如需更正，请由项目办发起更正并填写原因。"
    return f"该月报{report.get_status_display()}，不能修改；被退回后方可修改。"


def _validated(*, project, year: int, month: int, values: dict, current: MonthlyReport | None,
               exclude_id: int | None = None) -> tuple[dict, str | None]:
    """Parse and check the figures against this year's earlier months; return clean values and the
    pace note (or None). Blank cumulative figures are filled from the earlier months."""
    errors: dict[str, list[str]] = {}
    figures = {f: _money(values.get(f), f, errors) for f in MONEY_FIELDS}
    for name, value in figures.items():
        if value is not None and value < 0:
            errors[name] = [f"{rules.FIELD_LABEL[name]}不能为负数（填写了 {rules.wan(value)} 万元）。"]
    if errors:
        raise ValidationError(errors)
    live = MonthlyReport.objects.filter(project=project, is_current=True).exclude(pk=exclude_id)
    py, pm = _previous(year, month)
    previous_row = live.filter(year=py, month=pm).values_list("ytd_completed_wan", "since_start_completed_wan").first()
    previous = previous_row[1] if previous_row else None
    if month > 1 and previous_row is not None:
        # The previous month's 自年初累计, not the sum of the year's months: a first report may carry the
        # year's opening balance (the months before it that had no report).
        earlier_sum = previous_row[0]
    else:
        earlier_sum = live.filter(year=year, month__lt=month).aggregate(s=Sum("month_completed_wan"))["s"] or Decimal(0)
    if figures["month_completed_wan"] is None:
        raise ValidationError({"month_completed_wan": ["请填写本月完成投资（万元）。"]})
    _check_gap(project=project, live=live, year=year, month=month, figures=figures)
    unreported = _unreported_before_first(project=project, live=live, year=year, month=month)
    if unreported is not None:
        _require_opening(figures, unreported, year=year, month=month)
    if figures["ytd_completed_wan"] is None:
        figures["ytd_completed_wan"] = earlier_sum + figures["month_completed_wan"]
    if figures["since_start_completed_wan"] is None:
        if previous is not None:
            figures["since_start_completed_wan"] = previous + figures["month_completed_wan"]
        elif unreported is None and not live.filter(year__lt=year).exists() and not (month > 1 and earlier_sum):
            figures["since_start_completed_wan"] = figures["ytd_completed_wan"]
        else:
            raise ValidationError({"since_start_completed_wan": ["请填写开工以来累计完成投资（万元）。"]})
    errors = rules.check_figures(
        rules.Figures(figures["month_completed_wan"], figures["ytd_completed_wan"],
                      figures["since_start_completed_wan"]),
        month=month, earlier_months_sum=earlier_sum, previous_since_start=previous,
        opening_balance=unreported is not None and month > 1,
    )
    if errors:
        raise ValidationError(errors)
    history = list(
        live.filter(year__lte=year).exclude(year=year, month__gte=month).order_by("-year", "-month")
        .values_list("month_completed_wan", flat=True)[:12]
    )
    return figures, rules.pace_flag(figures["month_completed_wan"], history)

