"""Who sees which regions and projects: the scope conditions every other rule builds on, and `fetch`."""

from typing import Any, Literal

from django.db.models import Q, QuerySet

from sanpi.accounts.models import Region, User
from sanpi.core.errors import NotFound
from sanpi.core.fields import region_path

Need = Literal["read", "edit", "report"]

# The largest id a database column holds: a longer number is no id (and SQLite would overflow).
MAX_ID = 2**63 - 1

# Roles that keep a ledger: they edit projects of their region and below.
LEDGER_ROLES = frozenset({User.Role.ZONE, User.Role.CITY, User.Role.PROVINCE})
# Roles that run 三个一批 periods and edit alert rules at their level.
ADMIN_ROLES = frozenset({User.Role.CITY, User.Role.PROVINCE})


def is_global(user) -> bool:
    """A superuser without a region sees the whole country (system administration)."""
    return bool(user.is_superuser and not user.region_id)


def region_codes_below(region: Region | str) -> QuerySet:
    """Codes of `region` and every region below it, as a subquery."""
    path = region.path if isinstance(region, Region) else Region.objects.filter(pk=region).values_list(
        "path", flat=True).first()
    if path is None:
        return Region.objects.none().values("code")
    return Region.objects.filter(path__startswith=path).values("code")


# Project columns holding the code of the region's ancestor at path depth 1, 2, 3 (projects.REGION_LEVELS).
LEVEL_COLUMNS = ("province_code", "city_code", "county_code")


def region_rule(region: Region | str, *, region_field: str = "region") -> Q:
    """"In `region` (a Region or its code) or below" for rows reached by `region_field` (a project's
    region): an equality on the project's materialised level column for that region's depth, e.g.
    city_code = '410100' (a literal the planner estimates, served by the city/county composite
    indexes). An unknown code matches nothing; a region deeper than the columns uses the path."""
    code = region.code if isinstance(region, Region) else str(region)
    path = region.path if isinstance(region, Region) else region_path(code)
    if path is None:
        return Q(pk__in=[])
    depth = len([c for c in path.split("/") if c])
    prefix = region_field.removesuffix("region")
    if 1 <= depth <= len(LEVEL_COLUMNS):
        return Q(**{prefix + LEVEL_COLUMNS[depth - 1]: code})
    return Q(**{f"{region_field}__in": region_codes_below(region)})


def scope_regions(qs: QuerySet, user) -> QuerySet:
    if not user.is_authenticated:
        return qs.none()
    if is_global(user):
        return qs
    if not user.region_id:
        return qs.none()
    return qs.filter(path__startswith=user.region.path)


def scope_projects(qs: QuerySet, user, *, region_field: str = "region") -> QuerySet:
    """Restrict any queryset of projects (or of rows with a project's region) to what `user` may see.

    `region_field` is the lookup path from the queryset's model to the project's region, e.g.
    "project__region" for monthly reports; the enterprise rule follows the same path's owner.
    A 包联领导 also reads the projects assigned to them, wherever those are (domain guide §1:
    leaders "follow the projects they are assigned to").
    """
    if not user.is_authenticated:
        return qs.none()
    if is_global(user):
        return qs
    prefix = region_field.removesuffix("region")
    if user.role == User.Role.ENTERPRISE:
        if not user.organisation_id:
            return qs.none()
        return qs.filter(**{prefix + "owner": user.organisation_id})
    rule = region_rule(user.region, region_field=region_field) if user.region_id else Q(pk__in=[])
    if user.role == User.Role.LEADER:
        from sanpi.projects.models import Project

        assigned = Project.objects.filter(leaders__user=user).values("pk")
        rule |= Q(**{f"{prefix}pk__in" if prefix else "pk__in": assigned})
    return qs.filter(rule)


def scope_projects_within(qs: QuerySet, user, region_code: str | None) -> QuerySet:
    """scope_projects for a query the caller also restricts to `region_code` and below (the ledger's
    region filter). When that region lies inside the user's own region, the region filter already
    implies the scope (a 包联领导's rule is "their region OR assigned"), so the scope condition is
    left out: one equality on one indexed column, which lets the filtered totals be read from an index
    alone. Otherwise (an enterprise, a region elsewhere, an unknown code) it is scope_projects."""
    if region_code and user.is_authenticated and not is_global(user) and user.region_id \
            and user.role != User.Role.ENTERPRISE:
        path = region_path(str(region_code))
        if path is not None and path.startswith(user.region.path):
            return qs
    return scope_projects(qs, user)


def region_in_scope(user, region: Region) -> bool:
    if is_global(user):
        return True
    if not user.is_authenticated or not user.region_id:
        return False
    return region.path.startswith(user.region.path)


def can_edit_ledger(user) -> bool:
    return bool(user.is_authenticated and (is_global(user) or user.role in LEDGER_ROLES))


def can_administer(user) -> bool:
    """Runs periods and rule sets (province and city offices)."""
    return bool(user.is_authenticated and (is_global(user) or user.role in ADMIN_ROLES))


def parse_id(value: Any) -> int:
    """An object id from a URL, form or API: junk ("abc", "²", 23 digits, 0) is NotFound, not a 500."""
    if isinstance(value, bool):
        raise NotFound()
    try:
        pk = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < pk <= MAX_ID:
        raise NotFound()
    return pk


def fetch(qs: QuerySet, object_id: Any, *, lock: bool = False):
    """The row of an access-scoped queryset with this id; NotFound alike for a junk id, an unknown
    id and an id outside the scope. `lock` takes the row for update (inside a transaction)."""
    pk = parse_id(object_id)
    if lock:
        qs = qs.select_for_update(of=("self",))
    # No ORDER BY for one primary key (`.first()` adds one): compiling the ordering showed in the
    # profile of every API detail request.
    found = list(qs.filter(pk=pk).order_by()[:1])
    if not found:
        raise NotFound()
    return found[0]
