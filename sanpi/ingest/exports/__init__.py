"""Workbooks the offices send: the ledger (with its 前期手续 and 资金到位 sheets), a period's lists, the
应统未统 list, rejected import rows. Split by domain: `sheets` (the writer), `ledger`, `periods`,
`checklists`; the names below are the ones other modules import."""

from .ledger import (
    CATEGORY_LABELS,
    FUND_LABELS,
    LEDGER_VALUES,
    NATURE_LABELS,
    STAGE_LABELS,
    TYPE_LABELS,
    filters_text,
    ledger_columns,
    ledger_export,
    ledger_queryset,
    ledger_rows,
    list_export,
)
from .periods import PERIOD_VALUES, period_columns, period_export, uncounted_export
from .sheets import (
    CHUNK,
    EXCEL_EPOCH,
    EXCEL_SERIAL_FROM,
    Col,
    SheetWriter,
    _book,
    _from,
    _get,
    _plain,
    rows_export,
)

__all__ = [
    "CATEGORY_LABELS", "CHUNK", "EXCEL_EPOCH", "EXCEL_SERIAL_FROM", "FUND_LABELS", "LEDGER_VALUES", "NATURE_LABELS",
    "PERIOD_VALUES", "STAGE_LABELS", "TYPE_LABELS", "Col", "SheetWriter", "_book", "_from", "_get", "_plain",
    "filters_text", "ledger_columns", "ledger_export", "ledger_queryset", "ledger_rows", "list_export",
    "period_columns", "period_export", "rows_export", "uncounted_export",
]
