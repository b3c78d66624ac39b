"""A project and the records and files that belong to it (reports, problems, pool moves, evidence),
and a user's own background jobs: each visible with its project, by the project's read rule."""

from typing import Literal

from sanpi.accounts.models import Region, User
from sanpi.core.errors import Forbidden, NotFound

from .scope import Need, can_administer, can_edit_ledger, fetch, is_global, region_in_scope, scope_projects


def check_region_writable(user, region: Region) -> None:
    """Creating or moving a record into `region` requires it to be inside the user's scope."""
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以登记项目。")
    if not region_in_scope(user, region):
        raise NotFound("所选区划不存在，或不在您的管辖范围内。")


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


def access_funding_line(*, user, line_id, need: Need = "read", lock: bool = False):
    """A funding line (资金来源): its project's rule for `need` (edit for the line, report for its months)."""
    from sanpi.funding.models import FundingLine

    line = fetch(scope_projects(FundingLine.objects.select_related("project"), user, region_field="project__region"),
                 line_id, lock=lock)
    access_project(user=user, project_id=line.project_id, need=need)
    return line


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
