"""Reporting months: the due date that applies to a region, setting it, and locking a whole month."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sanpi.accounts.access import can_edit_ledger, is_global, scope_projects
from sanpi.core.errors import Forbidden

from ..models import MonthlyReport, ReportingMonth, ReportStep

Status = MonthlyReport.Status
Action = ReportStep.Action


def require_reviewer(user) -> None:
    """Reviewing, locking and setting due dates are the offices' (the enterprise files)."""
    if not can_edit_ledger(user):
        raise Forbidden("项目单位不能审核月报；月报由园区/县区、市、省项目办审核。")


@transaction.atomic
def reporting_month_lock(*, user, year: int, month: int) -> int:
    """Lock a month for the user's region (global users: the default): every approved report in
    scope becomes locked. Returns how many reports were locked."""
    require_reviewer(user)
    region = None if is_global(user) else user.region
    due = ReportingMonth.default_due_date(year, month)
    row, _ = ReportingMonth.objects.get_or_create(year=year, month=month, region=region,
                                                  defaults={"due_date": due})
    row.locked, row.locked_at, row.locked_by = True, timezone.now(), user if user.pk else None
    row.save()
    qs = scope_projects(MonthlyReport.objects.filter(year=year, month=month, is_current=True,
                                                     status=Status.APPROVED), user, region_field="project__region")
    ids = list(qs.values_list("pk", flat=True))
    MonthlyReport.objects.filter(pk__in=ids).update(status=Status.LOCKED, updated_at=timezone.now())
    ReportStep.objects.bulk_create([
        ReportStep(report_id=pk, action=Action.LOCK, from_status=Status.APPROVED, to_status=Status.LOCKED,
                   by=user if user.pk else None, reason=f"{year}年{month}月整月锁定") for pk in ids
    ])
    return len(ids)


@transaction.atomic
def reporting_month_set_due(*, user, year: int, month: int, due_date: dt.date) -> ReportingMonth:
    """Set the due date of (year, month) for the user's region and below (global users: the default)."""
    require_reviewer(user)
    year, month = int(year), int(month)
    if not 1 <= month <= 12:
        raise ValidationError({"month": ["月份应在 1 到 12 之间。"]})
    if not isinstance(due_date, dt.date):
        try:
            due_date = dt.date.fromisoformat(str(due_date))
        except ValueError:
            raise ValidationError({"due_date": ["报送截止日期无效，请按 2024-01-05 的格式填写。"]}) from None
    if (due_date.year, due_date.month) <= (year, month):
        raise ValidationError({"due_date": [f"报送截止日期应在 {year}年{month}月之后。"]})
    region = None if is_global(user) else user.region
    row, _ = ReportingMonth.objects.update_or_create(year=year, month=month, region=region,
                                                     defaults={"due_date": due_date})
    return row


def reporting_month_locked(*, year: int, month: int, region=None) -> bool:
    """Whether (year, month) is closed for a region: locked by the default row or by the row of the
    region or one of its ancestors. A closed month takes no new reports (corrections go through
    report_correct)."""
    codes = [c for c in region.path.split("/") if c] if region is not None else []
    return ReportingMonth.objects.filter(year=year, month=month, locked=True).filter(
        Q(region__isnull=True) | Q(region__in=codes)).exists()


def report_due_date(*, year: int, month: int, region=None) -> dt.date:
    """The due date that applies to a region: its own ReportingMonth row, an ancestor's, the default
    row's, or the 5th of the next month."""
    rows = {r.region_id: r.due_date for r in ReportingMonth.objects.filter(year=year, month=month)}
    if region is not None:
        for code in reversed([c for c in region.path.split("/") if c]):
            if code in rows:
                return rows[code]
    return rows.get(None) or ReportingMonth.default_due_date(year, month)
