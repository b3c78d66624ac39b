"""Reviewing monthly reports: return with a reason, approve (the lights of that month are evaluated
again), lock, and correct a locked report as a new version that moves later cumulative figures."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanpi.accounts.access import access_report
from sanpi.core.errors import Forbidden

from ..models import MonthlyReport, ReportStep
from .report_checks import MONEY_FIELDS, TEXT_FIELDS, _money, _step, _texts, _validated
from .reporting_months import require_reviewer

Status = MonthlyReport.Status
Action = ReportStep.Action


@transaction.atomic
def report_return(*, user, report_id: int, reason: str) -> MonthlyReport:
    """Send a submitted report back to its filer with a reason (zone, city or province of its region)."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["退回月报必须填写退回原因。"]})
    if report.status != Status.SUBMITTED:
        raise Forbidden(f"只有已报送的月报可以退回，该月报{report.get_status_display()}。")
    report.status = Status.RETURNED
    report.return_reason = reason[:500]
    report.save()
    _step(report, Action.RETURN, Status.SUBMITTED, user, reason)
    from .reminders import notify

    if report.submitted_by_id:
        notify(user_id=report.submitted_by_id, kind="returned", year=report.year, month=report.month,
               text=f"{report.project.name} {report.year}年{report.month}月月报被退回：{reason}",
               link=report.get_absolute_url())
    return report


@transaction.atomic
def report_approve(*, user, report_id: int) -> MonthlyReport:
    """Approve a submitted report (zone, city or province of its region; never an enterprise), then
    evaluate the project's lights for that month again."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    if report.status != Status.SUBMITTED:
        raise Forbidden(f"只有已报送的月报可以审核通过，该月报{report.get_status_display()}。")
    report.status = Status.APPROVED
    report.approved_by = user if user.pk else None
    report.approved_at = timezone.now()
    report.save()
    own = report.submitted_by_id is not None and report.submitted_by_id == getattr(user, "pk", None)
    _step(report, Action.APPROVE, Status.SUBMITTED, user,
          reason="审核人即报送人（项目办代填后自行审核，已记录）" if own else "")
    from ..evaluation import evaluate_month

    evaluate_month(year=report.year, month=report.month, project_ids=[report.project_id])
    return report


@transaction.atomic
def report_lock(*, user, report_id: int) -> MonthlyReport:
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    if report.status != Status.APPROVED:
        raise Forbidden(f"只有已审核的月报可以锁定，该月报{report.get_status_display()}。")
    report.status = Status.LOCKED
    report.save()
    _step(report, Action.LOCK, Status.APPROVED, user)
    return report


def _new_version(old: MonthlyReport, changes: dict, reason: str, user) -> MonthlyReport:
    old.is_current = False
    old.save(update_fields=["is_current", "updated_at"])
    new = MonthlyReport(
        project_id=old.project_id, year=old.year, month=old.month, version=old.version + 1, supersedes=old,
        correction_reason=reason[:300], created_by=user if user.pk else None,
        **{f: getattr(old, f) for f in (*MONEY_FIELDS, *TEXT_FIELDS, "status", "submitted_by_id", "submitted_at",
                                        "approved_by_id", "approved_at", "pace_flag", "pace_reason")},
    )
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    _step(new, Action.CORRECT, old.status, user, reason)
    return new


@transaction.atomic
def report_correct(*, user, report_id: int, reason: str, **changes: Any) -> MonthlyReport:
    """Correct a locked report: a new version with the reason; the old one stays. When the month's
    figure changes, later months' cumulative figures move by the same amount (each a new version
    naming this correction), so every cumulative figure stays the sum of the months."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["更正已锁定的月报必须填写更正原因。"]})
    if not report.is_current or report.status != Status.LOCKED:
        raise Forbidden("只有已锁定的现行月报需要走更正流程；未锁定的月报请退回后修改。")
    unknown = set(changes) - set(MONEY_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不能更正。"] for name in sorted(unknown)})
    values = {f: changes.get(f, getattr(report, f)) for f in MONEY_FIELDS}
    if "month_completed_wan" in changes and "ytd_completed_wan" not in changes:
        values["ytd_completed_wan"] = None
    if "month_completed_wan" in changes and "since_start_completed_wan" not in changes:
        delta_guess = _money(changes["month_completed_wan"], "month_completed_wan", {}) or Decimal(0)
        values["since_start_completed_wan"] = report.since_start_completed_wan + delta_guess - report.month_completed_wan
    figures, pace = _validated(project=report.project, year=report.year, month=report.month, values=values,
                               current=report, exclude_id=report.pk)
    texts = _texts({f: changes[f] for f in TEXT_FIELDS if f in changes})
    new = _new_version(report, {**figures, **texts, "pace_flag": bool(pace), "pace_reason": (pace or "")[:300]},
                       reason, user)
    ytd_delta = new.ytd_completed_wan - report.ytd_completed_wan
    since_delta = new.since_start_completed_wan - report.since_start_completed_wan
    if ytd_delta or since_delta:
        later = (MonthlyReport.objects.select_for_update().filter(project_id=report.project_id, is_current=True)
                 .exclude(year__lt=report.year).exclude(year=report.year, month__lte=report.month)
                 .order_by("year", "month"))
        note = f"随 {report.year}-{report.month:02d} 月报更正顺延累计数：{reason}"
        for row in later:
            shift = {"since_start_completed_wan": row.since_start_completed_wan + since_delta}
            if row.year == report.year:
                shift["ytd_completed_wan"] = row.ytd_completed_wan + ytd_delta
            _new_version(row, shift, note, user)
    from ..evaluation import evaluate_month
    from ..models import ProjectLight

    months = set(ProjectLight.objects.filter(project_id=report.project_id, year=report.year, month__gte=report.month)
                 .values_list("month", flat=True)) | {report.month}
    for m in sorted(months):
        evaluate_month(year=report.year, month=m, project_ids=[report.project_id])
    return new

