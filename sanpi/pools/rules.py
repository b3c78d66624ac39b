"""Pure rules of the project pools (四库: 谋划库 / 储备库 / 实施库 / 投产库, plus 退库). No database access."""

from django.db.models import TextChoices

from sanpi.projects.lifecycle import Stage


class Pool(TextChoices):
    PLANNING = "planning", "谋划库"
    RESERVE = "reserve", "储备库"
    IMPLEMENTATION = "implementation", "实施库"  # 在建
    PRODUCTION = "production", "投产库"
    WITHDRAWN = "withdrawn", "退库"


class MoveKind(TextChoices):
    ENTER = "enter", "入库"  # the annual batch
    SUPPLEMENT = "supplement", "增补"  # entered mid-year, outside the batch
    MOVE = "move", "转库"  # to the next pool as the project advances
    WITHDRAW = "withdraw", "退库"


# The pools a project may sit in at each stage: a pool is kept consistent with the stage.
POOLS_FOR_STAGE: dict[str, frozenset[str]] = {
    Stage.PLANNED: frozenset({Pool.PLANNING, Pool.RESERVE}),
    Stage.NEGOTIATING: frozenset({Pool.PLANNING, Pool.RESERVE}),
    Stage.SIGNED: frozenset({Pool.RESERVE, Pool.IMPLEMENTATION}),
    Stage.STARTED: frozenset({Pool.IMPLEMENTATION}),
    Stage.SUSPENDED: frozenset({Pool.IMPLEMENTATION}),
    Stage.COMPLETED: frozenset({Pool.PRODUCTION}),
    Stage.PRODUCING: frozenset({Pool.PRODUCTION}),
    Stage.CAPACITY: frozenset({Pool.PRODUCTION}),
    Stage.TERMINATED: frozenset(),
}


def move_error(*, stage: str, current: str | None, to_pool: str, kind: str, reason: str) -> str | None:
    """Why a move is refused (a Chinese message), or None when it is allowed."""
    if kind == MoveKind.WITHDRAW or to_pool == Pool.WITHDRAWN:
        if kind != MoveKind.WITHDRAW or to_pool != Pool.WITHDRAWN:
            return "退库应选择“退库”类型，目标为退库。"
        if current in (None, Pool.WITHDRAWN):
            return "项目不在库中，无需退库。"
        if not reason.strip():
            return "退库须说明原因。"
        return None
    if kind in (MoveKind.ENTER, MoveKind.SUPPLEMENT) and current not in (None, Pool.WITHDRAWN):
        return f"项目已在{Pool(current).label}，请用“转库”。"
    if kind == MoveKind.MOVE and current in (None, Pool.WITHDRAWN):
        return "项目尚未入库，请用“入库”或“增补”。"
    if kind == MoveKind.MOVE and current == to_pool:
        return f"项目已在{Pool(to_pool).label}。"
    allowed = POOLS_FOR_STAGE.get(stage, frozenset())
    if to_pool not in allowed:
        names = "、".join(Pool(p).label for p in sorted(allowed)) or "（无：已终止的项目只能退库）"
        return f"项目当前阶段为{Stage(stage).label}，只能在{names}。"
    return None
