"""The one place that answers "may this user see / change this?".

Every page, API endpoint and command reads through `scope_*` and fetches through `access_*`.
A user sees their region and every region below it; an enterprise sees its own organisation's
projects. "Not found" and "not yours" raise the same NotFound, so nothing leaks by the error.
"""

from typing import Literal

from django.db.models import QuerySet

from sanpi.core.errors import Forbidden, NotFound

from .models import Region, User

Need = Literal["read", "edit", "report"]

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
    """
    if not user.is_authenticated:
        return qs.none()
    if is_global(user):
        return qs
    if user.role == User.Role.ENTERPRISE:
        if not user.organisation_id:
            return qs.none()
        owner_field = region_field.removesuffix("region") + "owner"
        return qs.filter(**{owner_field: user.organisation_id})
    if not user.region_id:
        return qs.none()
    return qs.filter(**{f"{region_field}__in": region_codes_below(user.region)})


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


def access_project(*, user, project_id, need: Need = "read"):
    """The project if `user` may `need` it; NotFound if it is unknown or outside their scope."""
    from sanpi.projects.models import Project

    try:
        pk = int(project_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    project = scope_projects(Project.objects.all(), user).filter(pk=pk).select_related("region").first()
    if project is None:
        raise NotFound()
    if need == "edit" and not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以修改项目台账。")
    if need == "report" and not (can_edit_ledger(user) or user.role == User.Role.ENTERPRISE):
        raise Forbidden("您无权填报该项目的月报。")
    return project


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


def access_problem_closure(*, user, problem_id):
    """A problem's closure evidence: the problem's read rule."""
    from sanpi.progress.models import Problem

    problem = scope_projects(Problem.objects.filter(pk=_pk(problem_id)), user, region_field="project__region").first()
    if problem is None or not problem.closure_evidence:
        raise NotFound()
    return problem
