"""The one place that answers "may this user see / change this?".

Every page, API endpoint and command reads through `scope_*` and fetches through `access_*`.
A user sees their region and every region below it; an enterprise sees its own organisation's
projects; a 包联领导 also reads the projects assigned to them. "Not found" and "not yours" raise
the same NotFound, so nothing leaks by the error; Forbidden is only for a record the user may see
but not change. Every `access_*` is a thin wrapper of `fetch`: scope a queryset, take one id.
"""

from typing import Any, Literal

from django.db.models import Q, QuerySet

from sanpi.core.errors import Forbidden, NotFound
from sanpi.core.fields import region_path

from .models import Region, User

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
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def access_project(*, user, project_id, need: Need = "read", lock: bool = False):
    """The project if `user` may `need` it; NotFound if it is unknown or outside their scope."""
    from sanpi.projects.models import Project

    project = fetch(scope_projects(Project.objects.select_related("region"), user), project_id, lock=lock)
    if need == "edit" and not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以修改项目台账。")
    if need == "report" and not may_report(user):
        raise Forbidden("您无权填报该项目的月报。")
    return project


def may_report(user) -> bool:
    """Whether the role files monthly reports (and what they carry) for the projects it sees: the ledger
    offices and the enterprise. A set-based write checks this once, then scopes its rows."""
    return can_edit_ledger(user) or user.role == User.Role.ENTERPRISE


def access_report(*, user, report_id, lock: bool = False):
    """A monthly report: visible with its project."""
    from sanpi.progress.models import MonthlyReport

    qs = scope_projects(MonthlyReport.objects.select_related("project"), user, region_field="project__region")
    return fetch(qs, report_id, lock=lock)


def access_problem(*, user, problem_id, lock: bool = False):
    """A problem (协调事项): visible with its project."""
    from sanpi.progress.models import Problem

    qs = scope_projects(Problem.objects.select_related("project", "project__region"), user,
                        region_field="project__region")
    return fetch(qs, problem_id, lock=lock)


def _own_job(model, *, user, job_id, lock: bool):
    """Background jobs belong to the user who started them (a superuser sees every job)."""
    qs = model.objects.select_related("user")
    if not user.is_authenticated:
        qs = qs.none()
    elif not user.is_superuser:
        qs = qs.filter(user=user)
    return fetch(qs, job_id, lock=lock)


def access_import_job(*, user, job_id, lock: bool = False):
    from sanpi.ingest.models import ImportJob

    return _own_job(ImportJob, user=user, job_id=job_id, lock=lock)


def access_export_job(*, user, job_id, lock: bool = False):
    from sanpi.ingest.models import ExportJob

    return _own_job(ExportJob, user=user, job_id=job_id, lock=lock)


# --- regional records: periods, key-project lists, rule sets ---------------------------------------


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


def check_region_writable(user, region: Region) -> None:
    """Creating or moving a record into `region` requires it to be inside the user's scope."""
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以登记项目。")
    if not region_in_scope(user, region):
        raise NotFound("所选区划不存在，或不在您的管辖范围内。")


# ---------------------------------------------------------------------------------------------
# Stored files (evidence, photos, closure evidence, letters): each is fetched through the record
# it belongs to, with that record's rule. Unknown id, no file and "not yours" all raise NotFound.
# ---------------------------------------------------------------------------------------------


def _pk(value) -> int:
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise NotFound()
    return int(text)


def access_stage_evidence(*, user, event_id):
    """The stage event whose evidence `user` may download: the project's read rule."""
    from sanpi.projects.models import StageEvent

    event = scope_projects(StageEvent.objects.filter(pk=_pk(event_id)), user,
                           region_field="project__region").first()
    if event is None or not event.evidence:
        raise NotFound()
    return event


def access_report_photo(*, user, photo_id):
    """A report photo: the rule of its monthly report (its project's read rule)."""
    from sanpi.progress.models import ReportPhoto

    photo = scope_projects(ReportPhoto.objects.filter(pk=_pk(photo_id)), user,
                           region_field="report__project__region").first()
    if photo is None:
        raise NotFound()
    return photo


def access_problem_letter(*, user, escalation_id):
    """An escalation letter: the rule of its problem (its project's read rule)."""
    from sanpi.progress.models import ProblemEscalation

    escalation = scope_projects(ProblemEscalation.objects.filter(pk=_pk(escalation_id)), user,
                                region_field="problem__project__region").select_related("problem").first()
    if escalation is None or not escalation.letter:
        raise NotFound()
    return escalation


def access_approval_evidence(*, user, item_id):
    """A 前期手续 item's evidence: its project's read rule."""
    from sanpi.approvals.models import ApprovalItem

    item = scope_projects(ApprovalItem.objects.filter(pk=_pk(item_id)), user, region_field="project__region").first()
    if item is None or not item.evidence:
        raise NotFound()
    return item


def access_problem_closure(*, user, problem_id):
    """A problem's closure evidence: the problem's read rule."""
    from sanpi.progress.models import Problem

    problem = scope_projects(Problem.objects.filter(pk=_pk(problem_id)), user, region_field="project__region").first()
    if problem is None or not problem.closure_evidence:
        raise NotFound()
    return problem


# --- targets, scoring schemes, rankings, 观摩 (sanpi.ranking) ------------------------------------


def may_set_target(user, region: Region) -> bool:
    """Targets are set from above: a province or city office for a region strictly below its own."""
    if not can_administer(user):
        return False
    if is_global(user):
        return True
    return bool(user.region_id and region.code != user.region_id and region.path.startswith(user.region.path))


def access_scheme(*, user, scheme_id, need: Literal["read", "run"] = "read", lock: bool = False):
    """A scoring scheme and its rankings: published like periods (visible on the owner's line); "run"
    (publish, revise) is for the owner region's city or province office and above."""
    from sanpi.ranking.models import Scheme

    qs = scope_regional(Scheme.objects.select_related("owner_region"), user, region_field="owner_region")
    scheme = fetch(qs, scheme_id, lock=lock)
    if need == "run" and not _may_run(user, scheme.owner_region):
        raise Forbidden("只有制定考评办法的市、省项目办可以发布或更正排名。")
    return scheme


def access_inspection(*, user, event_id, need: Literal["read", "score"] = "read"):
    """A 观摩 event: visible on its region's line; "score" is for its scorers (and its organisers)."""
    from sanpi.ranking.models import InspectionEvent

    qs = scope_regional(InspectionEvent.objects.select_related("region"), user, region_field="region")
    event = fetch(qs, event_id)
    if need == "score" and not (event.scorers.filter(pk=user.pk).exists() or _may_run(user, event.region)):
        raise Forbidden("您不是本次观摩的评分人。")
    return event


def access_pool_move(*, user, move_id, lock: bool = False):
    """A pool move (四库 出入库): visible with its project."""
    from sanpi.pools.models import PoolMove

    qs = scope_projects(PoolMove.objects.select_related("project", "project__region"), user,
                        region_field="project__region")
    return fetch(qs, move_id, lock=lock)


def may_review_pool_move(user, move, step: Literal["first", "final"]) -> bool:
    """初审 by the office of the project's own region; 终审 by a city or province office above it."""
    if is_global(user):
        return True
    if not can_edit_ledger(user) or not user.region_id:
        return False
    region = move.project.region
    if step == "first":
        return user.region_id == region.code
    return can_administer(user) and user.region_id != region.code and region_in_scope(user, region)
