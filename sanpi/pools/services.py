"""Writes of the project pools: propose a move, review it (初审, then 终审). Each in one transaction,
access through accounts/access.py; every step is a field of the move row, refused moves stay."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanpi.accounts import access
from sanpi.core import bounds
from sanpi.core.errors import Conflict, Forbidden

from . import rules
from .models import PoolMove
from .selectors import current_pool


@transaction.atomic
def pool_move_propose(*, user, project_id, kind: str, to_pool: str, moved_on: dt.date, reason: str = "",
                      is_demo: bool = False) -> PoolMove:
    project = access.access_project(user=user, project_id=project_id, need="edit", lock=True)
    if kind not in rules.MoveKind.values or to_pool not in rules.Pool.values:
        raise ValidationError({"kind": ["类型或目标库不对。"]})
    if message := bounds.date_error(moved_on, "出入库日期"):
        raise ValidationError({"moved_on": [message]})
    if PoolMove.objects.filter(project=project, status__in=[PoolMove.Status.FIRST, PoolMove.Status.FINAL]).exists():
        raise Conflict("该项目已有待审核的出入库申请，审核后再申报。")
    current = current_pool(project_id=project.pk)
    error = rules.move_error(stage=project.stage, current=current, to_pool=to_pool, kind=kind, reason=reason)
    if error:
        raise ValidationError({"to_pool": [error]})
    return PoolMove.objects.create(project=project, kind=kind, from_pool=current or "", to_pool=to_pool,
                                   moved_on=moved_on, reason=reason.strip(), proposed_by=user, is_demo=is_demo)


@transaction.atomic
def pool_move_review(*, user, move_id, approve: bool, note: str = "") -> PoolMove:
    """初审 (status 待初审 → 待终审) or 终审 (待终审 → 已通过); a refusal ends the move (未通过) and needs a
    note. At 终审 the move is checked again against the project's stage of that day."""
    move = access.access_pool_move(user=user, move_id=move_id, lock=True)
    step = {PoolMove.Status.FIRST: "first", PoolMove.Status.FINAL: "final"}.get(move.status)
    if step is None:
        raise Conflict("该申请已审核完毕。")
    if not access.may_review_pool_move(user, move, step):
        raise Forbidden("初审由项目所在地项目办办理，终审由上级项目办办理。")
    now = timezone.now()
    if not approve and not note.strip():
        raise ValidationError({"note": ["不通过须写明意见。"]})
    if step == "first":
        move.first_reviewed_by, move.first_reviewed_at = user, now
        move.status = PoolMove.Status.FINAL if approve else PoolMove.Status.REJECTED
    else:
        move.final_reviewed_by, move.final_reviewed_at = user, now
        if approve:
            error = rules.move_error(stage=move.project.stage, current=move.from_pool or None, to_pool=move.to_pool,
                                     kind=move.kind, reason=move.reason)
            if error:
                raise ValidationError({"to_pool": [error]})
        move.status = PoolMove.Status.APPROVED if approve else PoolMove.Status.REJECTED
    move.review_note = note.strip()
    move.save()
    return move
