"""Project pools (四库): a project's pool and its moves, proposing a move (入库 / 增补 / 转库 / 退库) and
reviewing it (初审 by the project's region office, 终审 by the office above). Thin: each endpoint calls
one selector or service of sanpi.pools, the same the pools page calls."""

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema

from sanpi.pools import selectors, services
from sanpi.pools.models import PoolMove
from sanpi.pools.rules import MoveKind, Pool

from ..errors import ERRORS
from ..schemas import Date, PathId, Text

router = Router(tags=["项目库（四库）"])

KindCode = Literal[tuple(MoveKind.values)]
PoolCode = Literal[tuple(Pool.values)]


class MoveOut(Schema):
    id: int
    project: int
    kind: str = Field(description="enter 入库 / supplement 增补 / move 转库 / withdraw 退库")
    kind_label: str
    from_pool: str | None = Field(description="原库（首次入库为 null）")
    to_pool: str = Field(description="planning 谋划库 / reserve 储备库 / implementation 实施库 / production 投产库 / withdrawn 退库")
    to_pool_label: str
    moved_on: dt.date
    reason: str
    status: str = Field(description="first 待初审 / final 待终审 / approved 已通过 / rejected 未通过")
    status_label: str
    proposed_by: str | None
    first_reviewed_by: str | None
    first_reviewed_at: dt.datetime | None
    final_reviewed_by: str | None
    final_reviewed_at: dt.datetime | None
    review_note: str
    is_demo: bool


class PoolOut(Schema):
    project: int
    pool: str | None = Field(description="当前所在库（最近一次已通过的出入库的目标库；未入库为 null）")
    pool_label: str | None
    moves: list[MoveOut] = Field(description="全部出入库记录，新的在前（含待审核和未通过的）")


class MoveIn(Schema):
    kind: KindCode
    to_pool: PoolCode
    moved_on: Date
    reason: Text(300) = Field("", description="理由（退库必填）")


class ReviewIn(Schema):
    approve: bool
    note: Text(300) = Field("", description="审核意见（不通过必填）")


def _name(user) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


def move_out(m: PoolMove) -> dict:
    return {"id": m.pk, "project": m.project_id, "kind": m.kind, "kind_label": m.get_kind_display(),
            "from_pool": m.from_pool or None, "to_pool": m.to_pool, "to_pool_label": m.get_to_pool_display(),
            "moved_on": m.moved_on, "reason": m.reason, "status": m.status, "status_label": m.get_status_display(),
            "proposed_by": _name(m.proposed_by), "first_reviewed_by": _name(m.first_reviewed_by),
            "first_reviewed_at": m.first_reviewed_at, "final_reviewed_by": _name(m.final_reviewed_by),
            "final_reviewed_at": m.final_reviewed_at, "review_note": m.review_note, "is_demo": m.is_demo}


@router.get("/projects/{project_id}/pool", response={200: PoolOut, **ERRORS}, summary="项目所在库及出入库记录")
def project_pool(request, project_id: PathId):
    project, current, moves = selectors.project_pool(user=request.auth, project_id=project_id)
    return {"project": project.pk, "pool": current, "pool_label": Pool(current).label if current else None,
            "moves": [move_out(m) for m in moves]}


@router.post("/projects/{project_id}/pool-moves", response={201: MoveOut, **ERRORS},
             summary="申报入库、增补、转库或退库（待初审）")
def pool_move_propose(request, project_id: PathId, payload: MoveIn):
    move = services.pool_move_propose(user=request.auth, project_id=project_id, kind=payload.kind,
                                      to_pool=payload.to_pool, moved_on=payload.moved_on, reason=payload.reason)
    return 201, move_out(move)


@router.post("/pool-moves/{move_id}/review", response={200: MoveOut, **ERRORS},
             summary="审核出入库申请：初审（项目所在地项目办）或终审（上级项目办）")
def pool_move_review(request, move_id: PathId, payload: ReviewIn):
    move = services.pool_move_review(user=request.auth, move_id=move_id, approve=payload.approve, note=payload.note)
    return move_out(move)
