"""Every write of the 三个一批 activity and of key-project lists.

Each service runs in one transaction, checks access through sanpi.accounts.access and refuses
changes to a closed period's lists with PeriodClosed: a closed period changes only through
`period_revise`, which writes a new snapshot revision with its reason.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from sanpi.accounts.access import (
    access_period,
    access_project,
    can_administer,
    can_edit_ledger,
    fetch,
    region_in_scope,
    scope_projects,
)
from sanpi.accounts.models import Region
from sanpi.approvals.selectors import start_warning as approval_start_warning
from sanpi.core import bounds
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict, Forbidden
from sanpi.core.inputs import parse_decimal
from sanpi.core.money import decimal_str
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import AnnualPlan, Category, Project

from . import rules
from .models import EntryThreshold, ListEntry, Period, PeriodSnapshot

LEVEL_REGION_KINDS = {
    Period.Level.PROVINCE: {Region.Kind.PROVINCE},
    Period.Level.CITY: {Region.Kind.CITY},
    Period.Level.COUNTY: {Region.Kind.COUNTY, Region.Kind.ZONE},
}


class PeriodClosed(Conflict):
    """The period is closed: its lists and figures are frozen."""

    code = "period_closed"

    def __init__(self, period: Period):
        super().__init__(f"{period}已关闭，清单和统计数据已冻结，不能再修改；如需更正，请生成新的修订版本并说明原因。")


def _money(value: Any, field: str, label: str) -> Decimal | None:
    # the shared parser and bounds (core/bounds.py): 1e30, NaN or a full-width typo get a field error
    errors: dict = {}
    number = parse_decimal(value, field=field, label=label, errors=errors, limit=bounds.MONEY_LIMIT)
    if errors:
        raise ValidationError(errors)
    return number


def _period_for_admin(user, period_id) -> Period:
    """A period the user may run, locked for the change (the decision: access.access_period)."""
    return access_period(user=user, period_id=period_id, need="run", lock=True)


def _open_for_edit(period: Period) -> None:
    if period.is_closed:
        raise PeriodClosed(period)


# --- periods -------------------------------------------------------------------------------------


@transaction.atomic
def period_create(*, user, number: int, held_on: dt.date, host_region: Region | str,
                  level: str = Period.Level.PROVINCE, status: str = Period.Status.PLANNING,
                  window_start: dt.date | None = None, window_end: dt.date | None = None,
                  completed_in_producing: bool = True) -> Period:
    """Schedule 第N期 at `held_on` for `host_region` (province, city or county/zone level). The entry
    window defaults to the day after the previous period up to `held_on` (rules.entry_window)."""
    region = host_region if isinstance(host_region, Region) else Region.objects.filter(pk=host_region).first()
    errors: dict[str, list[str]] = {}
    if region is None:
        raise ValidationError({"host_region": ["举办地区不存在。"]})
    if not can_administer(user) or not region_in_scope(user, region):
        raise Forbidden("只有本地区的市、省项目办可以安排三个一批活动。")
    if level not in Period.Level.values:
        errors["level"] = ["级别无效。"]
    elif region.kind not in LEVEL_REGION_KINDS[level]:
        errors["host_region"] = [f"“{region.name}”不能举办{Period.Level(level).label}活动。"]
    if status == Period.Status.CLOSED or status not in Period.Status.values:
        errors["status"] = ["新建期次的状态只能是筹备中或进行中。"]
    try:
        number = int(number)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["number"] = ["期数应为正整数。"]
    if not isinstance(held_on, dt.date):
        errors["held_on"] = ["请按 2024-01-02 的格式填写活动日期。"]
    errors.update(_window_errors(window_start, window_end))
    if not errors and Period.objects.filter(level=level, host_region=region, number=number).exists():
        errors["number"] = [f"{region.name}第{number}期已存在。"]
    if errors:
        raise ValidationError(errors)
    with unique_or(ValidationError({"number": [f"{region.name}第{number}期已存在。"]})):
        return Period.objects.create(number=number, held_on=held_on, level=level, host_region=region,
                                     status=status, window_start=window_start, window_end=window_end,
                                     completed_in_producing=bool(completed_in_producing))


def _window_errors(start, end) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, value in (("window_start", start), ("window_end", end)):
        if value is not None and not isinstance(value, dt.date):
            errors[field] = ["请按 2024-01-02 的格式填写日期。"]
    if not errors and start and end and start > end:
        errors["window_end"] = [f"时间窗口截止日期（{end:%Y-%m-%d}）不能早于起始日期（{start:%Y-%m-%d}）。"]
    return errors


@transaction.atomic
def period_settings_set(*, user, period_id: int, window_start: dt.date | None, window_end: dt.date | None,
                        completed_in_producing: bool) -> Period:
    """Set an open period's entry window (empty: the default) and whether 竣工 projects may be on its
    投产一批. Entries already listed keep their reasons; new entries are checked against the setting."""
    period = _period_for_admin(user, period_id)
    _open_for_edit(period)
    errors = _window_errors(window_start, window_end)
    if errors:
        raise ValidationError(errors)
    period.window_start, period.window_end = window_start, window_end
    period.completed_in_producing = bool(completed_in_producing)
    period.save(update_fields=["window_start", "window_end", "completed_in_producing"])
    return period


def period_window(*, period: Period) -> tuple[dt.date | None, dt.date]:
    """The window (inclusive) the period's entries' events must fall in (rules.entry_window)."""
    previous = (Period.objects.filter(level=period.level, host_region_id=period.host_region_id,
                                      held_on__lt=period.held_on)
                .order_by("-held_on").values_list("held_on", flat=True).first())
    return rules.entry_window(held_on=period.held_on, previous_held_on=previous, start=period.window_start,
                              end=period.window_end)


@transaction.atomic
def period_open(*, user, period_id: int) -> Period:
    period = _period_for_admin(user, period_id)
    _open_for_edit(period)
    period.status = Period.Status.OPEN
    period.save(update_fields=["status"])
    return period


def period_close_request(*, user, period_id: int) -> Period:
    """Check that the user may close the period now, then queue the closing: the statistics over every
    entry run in the queue's consumer, not in a web request. Returns the period as it is after queueing
    (closed already when the queue runs tasks at once)."""
    from .tasks import period_close_task

    with transaction.atomic():
        period = _period_for_admin(user, period_id)
        _open_for_edit(period)
    period_close_task(user.pk, period.pk)
    period.refresh_from_db()
    return period


@transaction.atomic
def period_close(*, user, period_id: int) -> PeriodSnapshot:
    """Close the period and freeze its statistics as snapshot revision 1."""
    from .statistics import period_stats_compute

    period = _period_for_admin(user, period_id)
    _open_for_edit(period)
    period.status = Period.Status.CLOSED
    period.closed_at = timezone.now()
    period.closed_by = user if getattr(user, "pk", None) else None
    period.save(update_fields=["status", "closed_at", "closed_by"])
    data = period_stats_compute(period=period)
    return PeriodSnapshot.objects.create(period=period, revision=1, created_by=period.closed_by, data=data)


@transaction.atomic
def period_revise(*, user, period_id: int, reason: str,
                  declared_changes: dict[int, Any] | None = None) -> PeriodSnapshot:
    """A correction of a closed period: optionally correct entries' declared 总投资 (万元), then
    recompute and store the next revision with `reason`. Earlier revisions stay readable."""
    from .statistics import period_stats_compute

    period = _period_for_admin(user, period_id)
    reason = " ".join((reason or "").split())
    if not period.is_closed:
        raise ValidationError({"period": ["只有已关闭的期次需要生成修订版本；进行中的期次可直接修改清单。"]})
    if not reason:
        raise ValidationError({"reason": ["更正统计数据必须填写原因。"]})
    corrections = []
    for entry_id, value in (declared_changes or {}).items():
        entry = ListEntry.objects.filter(pk=entry_id, period=period).select_related("project").first()
        if entry is None:
            raise ValidationError({"declared_changes": [f"清单项目 {entry_id} 不属于{period}。"]})
        amount = _money(value, "declared_changes", "申报总投资（万元）")
        if amount is None:
            raise ValidationError({"declared_changes": ["申报总投资（万元）不能为空。"]})
        corrections.append({"entry": entry.pk, "project": entry.project.name,
                            "old_wan": decimal_str(entry.declared_total_investment_wan), "new_wan": decimal_str(amount)})
        entry.declared_total_investment_wan = amount
        entry.save(update_fields=["declared_total_investment_wan"])
    revision = (period.snapshots.aggregate(m=Max("revision"))["m"] or 0) + 1
    data = period_stats_compute(period=period)
    data["corrections"] = corrections
    return PeriodSnapshot.objects.create(period=period, revision=revision, reason=reason[:200],
                                         created_by=user if getattr(user, "pk", None) else None, data=data)


# --- list entries --------------------------------------------------------------------------------


def threshold_minimum(*, region: Region, year: int, sector_code: str | None) -> Decimal:
    """The entry threshold (万元) for a project's sector in `region` and `year`: the nearest
    region up the tree with its own EntryThreshold row, else the defaults in rules.py."""
    code = sector_code or ""
    ancestors = [c for c in region.path.split("/") if c]
    rows = dict(EntryThreshold.objects.filter(region__in=ancestors, year=year, sector_code=code)
                .values_list("region", "minimum_wan"))
    for ancestor in reversed(ancestors):
        if ancestor in rows:
            return rows[ancestor]
    return rules.DEFAULT_THRESHOLDS_WAN.get(code, rules.DEFAULT_MINIMUM_WAN)


def entry_threshold_warning(*, project: Project, period: Period, declared_total_wan: Decimal | None) -> str | None:
    """The threshold warning for listing `project` in `period`, or None when it qualifies."""
    sector = Category.objects.filter(pk=project.sector_id).first() if project.sector_id else None
    minimum = threshold_minimum(region=project.region, year=period.held_on.year,
                                sector_code=sector.code if sector else None)
    return rules.threshold_shortfall(declared_total_wan, minimum, sector.name if sector else "该类")


@transaction.atomic
def entry_add(*, user, period_id: int, batch: str, project_id: int, declared_total_investment_wan=None,
              declared_annual_plan_wan=None, threshold_override_reason: str = "",
              window_override_reason: str = "") -> ListEntry:
    """Put a project on one of a period's lists. Refused when its stage does not fit the list or
    it is on the same list of another period of this level; a project under the entry threshold
    needs `threshold_override_reason`, one whose 签约/开工/投产 date is outside the period's window
    `window_override_reason` (the warning is shown and the office decides)."""
    period = access_period(user=user, period_id=period_id, lock=True)  # access before input checks
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以申报三个一批项目。")
    if batch not in rules.BATCHES:
        raise ValidationError({"batch": ["批次应为签约、开工或投产。"]})
    _open_for_edit(period)
    project = access_project(user=user, project_id=project_id, need="edit")
    # "Once per list of this level" spans periods, so the period lock alone does not cover it.
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True))
    label = rules.BATCH_LABELS[batch]
    if not project.region.path.startswith(period.host_region.path):
        raise ValidationError({"project": [f"项目所在地“{project.region.name}”不在{period.host_region.name}范围内。"]})
    allow_completed = period.completed_in_producing
    if not rules.stage_fits(batch, project.stage, completed_allowed=allow_completed):
        raise ValidationError({"project": [rules.stage_misfit_message(batch, project.stage,
                                                                      completed_allowed=allow_completed)]})
    same = ListEntry.objects.filter(project=project, batch=batch, period__level=period.level).select_related(
        "period__host_region").first()
    if same is not None:
        where = "本期" if same.period_id == period.pk else f"{same.period}（{same.period.held_on:%Y-%m-%d}）"
        raise ValidationError({"project": [f"“{project.name}”已列入{where}的“{label}一批”，不能重复列入。"]})
    total = _money(declared_total_investment_wan, "declared_total_investment_wan", "申报总投资（万元）")
    if total is None:
        total = project.total_investment_wan
    if total is None:
        raise ValidationError({"declared_total_investment_wan": ["项目未填写总投资，请填写申报总投资（万元）。"]})
    annual = _money(declared_annual_plan_wan, "declared_annual_plan_wan", "申报年度计划投资（万元）")
    if annual is None:
        annual = (AnnualPlan.objects.filter(project=project, year=period.held_on.year)
                  .values_list("planned_investment_wan", flat=True).first())
    reason = " ".join((threshold_override_reason or "").split())
    warning = entry_threshold_warning(project=project, period=period, declared_total_wan=total)
    window_reason = " ".join((window_override_reason or "").split())
    dates = {f: getattr(project, f) for f in ("signed_on", "started_on", "produced_on", "completed_on")}
    window_warning = rules.window_miss(batch, dates, period_window(period=period))
    errors = {}
    if warning and not reason:
        errors["threshold_override_reason"] = [warning]
    if window_warning and not window_reason:
        errors["window_override_reason"] = [window_warning]
    if errors:
        raise ValidationError(errors)
    entry = ListEntry.objects.create(
        period=period, batch=batch, project=project, declared_total_investment_wan=total,
        declared_annual_plan_wan=annual, region_id=project.region_id,
        threshold_override_reason=reason[:200] if warning else "",
        window_override_reason=window_reason[:200] if window_warning else "",
        added_by=user if getattr(user, "pk", None) else None,
    )
    # 开工一批: a project entering without its 施工许可 is listed, with a warning the page shows.
    entry.warning = approval_start_warning(project=project) if batch == rules.STARTED else ""
    return entry


def _entry_for_edit(user, entry_id) -> ListEntry:
    visible = scope_projects(ListEntry.objects.select_related("period__host_region"), user,
                             region_field="project__region")
    entry = fetch(visible, entry_id)
    access_project(user=user, project_id=entry.project_id, need="edit")
    _open_for_edit(entry.period)
    return entry


@transaction.atomic
def entry_update(*, user, entry_id: int, declared_total_investment_wan=None,
                 declared_annual_plan_wan=None) -> ListEntry:
    """Correct the declared figures of an entry of an open period."""
    entry = _entry_for_edit(user, entry_id)
    total = _money(declared_total_investment_wan, "declared_total_investment_wan", "申报总投资（万元）")
    annual = _money(declared_annual_plan_wan, "declared_annual_plan_wan", "申报年度计划投资（万元）")
    if total is not None:
        entry.declared_total_investment_wan = total
    if annual is not None:
        entry.declared_annual_plan_wan = annual
    entry.save(update_fields=["declared_total_investment_wan", "declared_annual_plan_wan"])
    return entry


@transaction.atomic
def entry_remove(*, user, entry_id: int) -> None:
    entry = _entry_for_edit(user, entry_id)
    if entry.carried_to.exists():
        raise ValidationError({"entry": ["该开工项目已结转到后续期次的投产一批，不能删除。"]})
    entry.delete()


@transaction.atomic
def period_carry_over(*, user, period_id: int) -> int:
    """结转: fill the period's 投产一批 with projects from earlier periods' 开工一批 (same level and
    host) that reached 投产 (or 竣工, when the period takes 竣工 projects) by the period's date and are on no 投产 list yet; each new entry links
    to its 开工 entry. Returns the number of entries created."""
    period = _period_for_admin(user, period_id)
    _open_for_edit(period)
    already = ListEntry.objects.filter(project=OuterRef("project"), batch=rules.PRODUCING,
                                       period__level=period.level)
    reached = Q(project__produced_on__isnull=False, project__produced_on__lte=period.held_on)
    if period.completed_in_producing:  # 竣工 (建成投用) projects too, when the period takes them
        reached |= Q(project__completed_on__isnull=False, project__completed_on__lte=period.held_on)
    sources = (ListEntry.objects
               .filter(reached, batch=rules.STARTED, period__level=period.level,
                       period__host_region=period.host_region, period__held_on__lt=period.held_on)
               .exclude(project__stage=Stage.TERMINATED)
               .filter(~Exists(already))
               .order_by("period__held_on", "id")
               .values_list("id", "project_id", "project__total_investment_wan", "declared_total_investment_wan",
                            "project__region_id", "declared_annual_plan_wan"))
    added_by = user if getattr(user, "pk", None) else None
    rows, seen = [], set()
    for entry_id, project_id, current_total, declared, region_id, annual in sources:
        if project_id in seen:
            continue
        seen.add(project_id)
        rows.append(ListEntry(period=period, batch=rules.PRODUCING, project_id=project_id, carried_from_id=entry_id,
                              declared_total_investment_wan=current_total if current_total is not None else declared,
                              declared_annual_plan_wan=annual, region_id=region_id, added_by=added_by))
    ListEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# Key-project lists are written in keylist_services; re-exported so callers keep one entry point.
from .keylist_services import keylist_create, keylist_entry_add, keylist_entry_remove  # noqa: E402,F401
