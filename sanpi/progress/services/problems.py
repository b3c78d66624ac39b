"""协调事项: raised by the enterprise or the office, followed by the office until 销号 (closed with
evidence or a note); escalation letters 提醒函 → 交办函 → 督办函 generated as .docx."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sanpi.accounts.access import access_problem, access_project, can_edit_ledger
from sanpi.core.errors import Forbidden
from sanpi.core.inputs import clean_text, parse_date
from sanpi.core.uploads import EVIDENCE, check_upload
from sanpi.documents.render import template_for

from ..letters import letter_docx, letter_filename
from ..models import Problem, ProblemEscalation

LEVEL_SHORT = {"reminder": "提醒", "assignment": "交办", "supervision": "督办"}


def _require_office(user) -> None:
    if not can_edit_ledger(user):
        raise Forbidden("协调事项由园区/县区、市、省项目办办理和销号。")


def _date(value: Any, field: str, label: str, errors: dict) -> dt.date | None:
    return parse_date(value, field=field, label=label, errors=errors, required=True)


@transaction.atomic
def problem_raise(*, user, project_id: int, kind: str, description: str, responsible_department: str,
                  deadline: Any, measures: str = "", raised_at: Any = None) -> Problem:
    """Record a problem of a project (the enterprise or an office of its region)."""
    project = access_project(user=user, project_id=project_id, need="report")
    errors: dict[str, list[str]] = {}
    if kind not in Problem.Kind.values:
        errors["kind"] = [f"问题类型“{kind}”无效，可选：{'、'.join(Problem.Kind.labels)}。"]
    description = clean_text(description, field="description", label="问题描述", errors=errors)
    if not description:
        errors["description"] = ["请填写问题描述。"]
    department = clean_text(responsible_department, field="responsible_department", label="责任单位", errors=errors,
                            max_length=100, single_line=True)
    measures = clean_text(measures, field="measures", label="协调措施", errors=errors)
    if not department and "responsible_department" not in errors:
        errors["responsible_department"] = ["请填写责任单位。"]
    raised = timezone.localdate() if raised_at in (None, "") else _date(raised_at, "raised_at", "提出日期", errors)
    due = _date(deadline, "deadline", "办结时限", errors)
    if raised and due and due < raised:
        errors["deadline"] = [f"办结时限（{due:%Y-%m-%d}）不能早于提出日期（{raised:%Y-%m-%d}）。"]
    if errors:
        raise ValidationError(errors)
    return Problem.objects.create(project=project, kind=kind, description=description, raised_at=raised,
                                  raised_by=user if user.pk else None, responsible_department=department[:100],
                                  deadline=due, measures=measures)


@transaction.atomic
def problem_update(*, user, problem_id: int, status: str | None = None, measures: str | None = None,
                   deadline: Any = None, responsible_department: str | None = None) -> Problem:
    """Change the measures, deadline, department or move open → in progress (销号 is problem_resolve)."""
    problem = access_problem(user=user, problem_id=problem_id, lock=True)
    _require_office(user)
    if problem.status == Problem.Status.RESOLVED:
        raise Forbidden("该协调事项已销号，不能再修改。")
    errors: dict[str, list[str]] = {}
    if status is not None:
        if status not in (Problem.Status.OPEN, Problem.Status.IN_PROGRESS):
            errors["status"] = ["状态只能改为“待办理”或“办理中”；销号请使用销号功能并提供佐证。"]
        else:
            problem.status = status
    if measures is not None:
        problem.measures = clean_text(measures, field="measures", label="协调措施", errors=errors)
    if responsible_department is not None:
        department = clean_text(responsible_department, field="responsible_department", label="责任单位",
                                errors=errors, max_length=100, single_line=True)
        if not department and "responsible_department" not in errors:
            errors["responsible_department"] = ["请填写责任单位。"]
        problem.responsible_department = department[:100]
    if deadline not in (None, ""):
        due = _date(deadline, "deadline", "办结时限", errors)
        if due and due < problem.raised_at:
            errors["deadline"] = [f"办结时限（{due:%Y-%m-%d}）不能早于提出日期（{problem.raised_at:%Y-%m-%d}）。"]
        elif due:
            problem.deadline = due
    if errors:
        raise ValidationError(errors)
    problem.save()
    return problem


@transaction.atomic
def problem_escalate(*, user, problem_id: int, level: str, recipient: str | None = None) -> ProblemEscalation:
    """Issue a 提醒函 / 交办函 / 督办函 for an open problem; the .docx is generated and stored
    (read it back from `escalation.letter`)."""
    problem = access_problem(user=user, problem_id=problem_id, lock=True)
    _require_office(user)
    if level not in ProblemEscalation.Level.values:
        raise ValidationError({"level": [f"函件类型“{level}”无效，可选：{'、'.join(ProblemEscalation.Level.labels)}。"]})
    if problem.status == Problem.Status.RESOLVED:
        raise Forbidden("该协调事项已销号，无需再发函。")
    today = timezone.localdate()
    sequence = ProblemEscalation.objects.filter(level=level, issued_at__year=today.year).count() + 1
    number = f"{LEVEL_SHORT[level]}〔{today.year}〕{sequence}号"
    issuer = f"{user.region.name}重点项目办" if user.region_id else "重点项目办"
    content = letter_docx(
        template=template_for(kind="letter", region_code=user.region_id), level=level, number=number, issuer=issuer, recipient=recipient or problem.responsible_department,
        project_name=problem.project.name, project_region=problem.project.region.name,
        kind_label=problem.get_kind_display(), description=problem.description, raised_at=problem.raised_at,
        deadline=problem.deadline, measures=problem.measures, issued_on=today,
    )
    escalation = ProblemEscalation(problem=problem, level=level, number=number, issued_by=user if user.pk else None)
    escalation.letter.save(letter_filename(level=level, number=number), ContentFile(content), save=False)
    escalation.save()
    if problem.status == Problem.Status.OPEN:
        problem.status = Problem.Status.IN_PROGRESS
        problem.save(update_fields=["status", "updated_at"])
    return escalation


@transaction.atomic
def problem_resolve(*, user, problem_id: int, closure_note: str = "", closure_evidence=None,
                    resolved_at: Any = None) -> Problem:
    """销号: close a problem with closure evidence (a file) or a note saying how it was solved."""
    problem = access_problem(user=user, problem_id=problem_id, lock=True)
    _require_office(user)
    if problem.status == Problem.Status.RESOLVED:
        raise Forbidden("该协调事项已销号。")
    errors: dict = {}
    note = clean_text(closure_note, field="closure_note", label="销号说明", errors=errors)
    if errors:
        raise ValidationError(errors)
    if not note and not closure_evidence:
        raise ValidationError({"closure_note": ["销号需上传佐证材料或填写销号说明。"]})
    if closure_evidence:
        check_upload(closure_evidence, purpose=EVIDENCE, field="closure_evidence")
    errors: dict = {}
    when = timezone.localdate() if resolved_at in (None, "") else _date(resolved_at, "resolved_at", "销号日期", errors)
    if when and when < problem.raised_at:
        errors["resolved_at"] = [f"销号日期不能早于提出日期（{problem.raised_at:%Y-%m-%d}）。"]
    if errors:
        raise ValidationError(errors)
    problem.status = Problem.Status.RESOLVED
    problem.resolved_at = when
    problem.closure_note = note
    if closure_evidence:
        problem.closure_evidence = closure_evidence
    problem.save()
    return problem
