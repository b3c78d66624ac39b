"""Records a region publishes (三个一批 periods, key-project lists, alert rule sets, scoring schemes,
观摩 events, targets) and a period's statistics: visible on the publishing region's line, run by
the office of that region or above."""

from typing import Literal

from django.db.models import Q, QuerySet

from sanpi.accounts.models import Region
from sanpi.core.errors import Forbidden

from .scope import can_administer, fetch, is_global, region_in_scope


def _related_regions_q(user, field: str) -> Q:
    """Regions on the user's own line: above the user's region (ancestors) or inside its subtree."""
    path = user.region.path
    ancestors = [c for c in path.split("/") if c]
    return Q(**{f"{field}__in": ancestors}) | Q(**{f"{field}__path__startswith": path})


def scope_regional(qs: QuerySet, user, *, region_field: str) -> QuerySet:
    """Records published by a region (periods, key-project lists) are visible to the users of that
    region, of the regions above it and of the regions below it (a zone follows the province's
    periods); never to a neighbour's."""
    if not user.is_authenticated:
        return qs.none()
    if is_global(user):
        return qs
    if not user.region_id:
        return qs.none()
    return qs.filter(_related_regions_q(user, region_field))


def is_organiser(user, region: Region) -> bool:
    """The office of `region` or above (or a global administrator): it sees every figure under it."""
    return bool(user.is_authenticated and (is_global(user) or region_in_scope(user, region)))


def _may_run(user, region: Region) -> bool:
    return can_administer(user) and is_organiser(user, region)


def access_period(*, user, period_id, need: Literal["read", "run"] = "read", lock: bool = False):
    """A 三个一批 period. "run" (open, close, revise, carry over) is for the host region's city or
    province office and above: Forbidden for others who may see it."""
    from sanpi.activities.models import Period

    qs = scope_regional(Period.objects.select_related("host_region"), user, region_field="host_region")
    period = fetch(qs, period_id, lock=lock)
    if need == "run" and not _may_run(user, period.host_region):
        raise Forbidden("只有举办地区的市、省项目办可以管理该期活动。")
    return period


def access_keylist(*, user, key_list_id, need: Literal["read", "edit"] = "read", lock: bool = False):
    """A key-project list; "edit" is for the publishing region's city or province office and above."""
    from sanpi.activities.models import KeyProjectList

    qs = scope_regional(KeyProjectList.objects.select_related("region"), user, region_field="region")
    key_list = fetch(qs, key_list_id, lock=lock)
    if need == "edit" and not _may_run(user, key_list.region):
        raise Forbidden("只有发布名单的市、省项目办可以调整名单。")
    return key_list


def may_revise_rule_set(user, rule_set) -> bool:
    """Alert rule sets are published data every user reads; only the owning office revises one:
    the office of its region (or above), the province office for a set without a region (the
    default and the other places' published rules)."""
    if not can_administer(user):
        return False
    if is_global(user):
        return True
    if rule_set.scope_region_id:
        return region_in_scope(user, rule_set.scope_region)
    return bool(user.region_id and user.region.kind == Region.Kind.PROVINCE)


def access_rule_set(*, user, rule_set_id, need: Literal["read", "revise"] = "read", lock: bool = False):
    from sanpi.progress.models import RuleSet

    qs = RuleSet.objects.select_related("scope_region") if user.is_authenticated else RuleSet.objects.none()
    rule_set = fetch(qs, rule_set_id, lock=lock)
    if need == "revise" and not may_revise_rule_set(user, rule_set):
        raise Forbidden("预警规则只能由制定它的项目办修订（默认规则由省项目办修订）。")
    return rule_set


# --- statistics of a period: published totals, regional rows by line -----------------------------


def period_totals_visible(user, period) -> bool:
    """A closed period's totals are published (printed in newspapers): every signed-in user who sees
    the period reads them. An open period's are working figures of its organisers."""
    return bool(user.is_authenticated and (period.is_closed or is_organiser(user, period.host_region)))


def visible_breakdown_rows(rows: list[dict], *, user, period) -> list[dict]:
    """The rows of a by-region breakdown (each {"code": region code, …}) the user may read: every row
    for the period's organisers; otherwise the rows of the user's region and below (a city sees its
    own row and its counties, a zone or enterprise its zone's row). Rows without a region (the
    host's 本级 row) belong to the organisers."""
    if is_organiser(user, period.host_region):
        return rows
    if not user.is_authenticated or not user.region_id:
        return []
    codes = [row["code"] for row in rows if row.get("code")]
    allowed = set(Region.objects.filter(code__in=codes, path__startswith=user.region.path)
                  .values_list("code", flat=True))
    return [row for row in rows if row.get("code") in allowed]


# --- targets, scoring schemes, rankings, 观摩 (sanpi.ranking) ------------------------------------


def may_set_target(user, region: Region) -> bool:
    """Targets are set from above: a province or city office for a region strictly below its own."""
    if not can_administer(user):
        return False
    if is_global(user):
        return True
    return bool(user.region_id and region.code != user.region_id and region.path.startswith(user.region.path))


def access_scheme(*, user, scheme_id, need: Literal["read", "run", "edit"] = "read", lock: bool = False):
    """A scoring scheme and its rankings: published like periods (visible on the owner's line); "run"
    (publish, revise) and "edit" (indicators, weights, groups) are for the owner region's city or
    province office and above: the province edits its schemes (and its cities'), a city only the
    schemes it owns, which rank its counties (ranking/schemes.py keeps their groups below it)."""
    from sanpi.ranking.models import Scheme

    qs = scope_regional(Scheme.objects.select_related("owner_region"), user, region_field="owner_region")
    scheme = fetch(qs, scheme_id, lock=lock)
    if need == "run" and not _may_run(user, scheme.owner_region):
        raise Forbidden("只有制定考评办法的市、省项目办可以发布或更正排名。")
    if need == "edit" and not _may_run(user, scheme.owner_region):
        raise Forbidden("考评办法由制定它的市、省项目办修改；可复制为本单位的办法后修改。")
    return scheme


def may_own_scheme(user) -> bool:
    """A province or city office may make schemes of its own (ranking its cities, or its counties)."""
    return bool(can_administer(user) and user.region_id)


def access_inspection(*, user, event_id, need: Literal["read", "score"] = "read"):
    """A 观摩 event: visible on its region's line; "score" is for its scorers (and its organisers)."""
    from sanpi.ranking.models import InspectionEvent

    qs = scope_regional(InspectionEvent.objects.select_related("region"), user, region_field="region")
    event = fetch(qs, event_id)
    if need == "score" and not (event.scorers.filter(pk=user.pk).exists() or _may_run(user, event.region)):
        raise Forbidden("您不是本次观摩的评分人。")
    return event
