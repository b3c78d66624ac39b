"""The 前期手续 and 资金到位 sheets of the ledger workbook and the monthly report workbook: their names and
headers (written by exports/checklists.py, read back by services/checklists.py), and reading them.

A row of 前期手续 names its project (系统编号, else 项目代码) and the item (手续名称); a row of 资金到位
names its project, 年度, 资金来源 and, for 专项债, 专项债发行批次 — the line — and optionally 月份 (that
month's 到位 and 支付 of the line). Those cells identify the record; the other cells are its values.
"""

from pathlib import Path

from python_calamine import CalamineWorkbook

from . import guard
from .columns import normalise

APPROVAL_SHEET = "前期手续"
FUNDING_SHEET = "资金到位"

# field → header, in the order written
APPROVAL_HEADERS = {
    "id": "系统编号", "code": "项目代码", "project": "项目名称", "kind": "手续名称", "required": "是否需要办理",
    "status": "办理状态", "responsible_unit": "责任单位", "planned_on": "计划办结日期", "done_on": "实际办结日期",
    "document_number": "批复文号", "note": "说明",
}
FUNDING_HEADERS = {
    "id": "系统编号", "code": "项目代码", "project": "项目名称", "year": "年度", "source": "资金来源",
    "bond_batch": "专项债发行批次", "bond_issued_on": "专项债发行日期", "allocated_wan": "计划/下达金额（万元）",
    "month": "月份", "arrived_wan": "本月到位（万元）", "arrived_on": "到位日期", "paid_wan": "本月支付（万元）",
    "paid_on": "支付日期", "note": "说明",
}
# Written for reading, never imported: the project's name is the ledger's.
READ_ONLY = {"project"}


def _key(header) -> str:
    """A header as compared: NFKC, no spaces, the unit in parentheses dropped (万元 is the only unit)."""
    text = normalise(header)
    return text.split("(")[0] if text.endswith(")") else text


APPROVAL_KEYS = {_key(h): f for f, h in APPROVAL_HEADERS.items()}
FUNDING_KEYS = {_key(h): f for f, h in FUNDING_HEADERS.items()}


def header_of(rows: list[list], keys: dict[str, str], must: set[str]) -> tuple[int, dict[str, int]] | None:
    """(header row index, {field: column index}) of the first of the top rows naming every `must` field."""
    for index, row in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for column, cell in enumerate(row):
            field = keys.get(_key(cell))
            if field and field not in found:
                found[field] = column
        if must <= set(found):
            return index, found
    return None


def read_checklist_sheets(path: str | Path) -> dict[str, list[list]]:
    """{sheet name: rows} of the workbook's 前期手续 and 资金到位 sheets (absent ones left out; a .csv has none)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return {}
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # the main sheet's reader has already said why the file is unreadable
        return {}
    found = {}
    for index, name in enumerate(book.sheet_names):
        if name.strip() in (APPROVAL_SHEET, FUNDING_SHEET) and name.strip() not in found:
            sheet = book.get_sheet_by_index(index)
            guard.check_sheet_size(sheet.total_height, sheet.total_width, sheet=name)
            found[name.strip()] = sheet.to_python(skip_empty_area=False)
    return found
