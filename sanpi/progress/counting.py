"""纳统 (counted in the fixed-asset-investment statistics), with no database code: the threshold, the
documents a statistics office needs to count a started project, and their due date (the 10th)."""

import datetime as dt
from decimal import Decimal

# Only projects with a planned total of 500万元 and above are counted ("先入库，后有数").
THRESHOLD_WAN = Decimal(500)
DUE_DAY = 10  # the documents are due by the 10th of the month after the start month

# The documents offices hand to the statistics office to register (入库) a started project.
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("approval", "立项（审批、核准或备案）文件"),
    ("land", "用地手续（不动产权证或用地批复）"),
    ("planning", "建设工程规划许可证"),
    ("construction", "施工许可证"),
    ("contract", "施工合同"),
    ("start_proof", "开工证明（开工报告、现场照片）"),
    ("payment", "付款凭证（发票、银行回单）"),
)
DOCUMENT_LABELS = dict(DOCUMENTS)


def registration_due(started_on: dt.date) -> dt.date:
    """The 10th of the month after the start month: when the documents are due."""
    year, month = (started_on.year + 1, 1) if started_on.month == 12 else (started_on.year, started_on.month + 1)
    return dt.date(year, month, DUE_DAY)


def should_count(*, total_wan: Decimal | None, started_on: dt.date | None, as_of: dt.date) -> bool:
    """应统: started by `as_of` with a planned total of at least the threshold."""
    return started_on is not None and started_on <= as_of and total_wan is not None and total_wan >= THRESHOLD_WAN


def missing_documents(received: set[str]) -> list[str]:
    """The checklist's open items, in the checklist's order (labels)."""
    return [label for code, label in DOCUMENTS if code not in received]


def days_overdue(started_on: dt.date, as_of: dt.date) -> int:
    """Days past the documents' due date (0 while not yet due)."""
    return max(0, (as_of - registration_due(started_on)).days)
