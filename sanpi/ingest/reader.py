"""Reading a workbook's first useful sheet as rows of cell values (.xlsx/.xls via calamine, .csv)."""

import csv
import io
from pathlib import Path

from python_calamine import CalamineWorkbook

from . import guard
from .columns import find_header

CHECKLIST_SHEETS = ("前期手续", "资金到位")
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


class UnreadableFile(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_rows(path: str | Path) -> list[list]:
    """All rows of the sheet holding the ledger, from A1 (so index + 1 is the row number in Excel)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in EXCEL_SUFFIXES:
        raise UnreadableFile("只支持 .xlsx、.xls 和 .csv 文件。")
    try:
        guard.check_workbook(path, name=path.name)  # before any parser allocates by the file's word
        if suffix == ".csv":
            return _read_csv(path.read_bytes())
        return _read_excel(path)
    except guard.WorkbookRefused as exc:
        raise UnreadableFile(exc.reason) from None


def _read_excel(path: Path) -> list[list]:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise UnreadableFile(f"无法读取该工作簿：{exc}") from None
    first = None
    for index, name in enumerate(book.sheet_names):
        if name.strip() in CHECKLIST_SHEETS:  # read by checklist_columns, never taken for the ledger
            continue
        sheet = book.get_sheet_by_index(index)
        # to_python pads from A1: the rectangle it builds is total_height × total_width
        guard.check_sheet_size(sheet.total_height, sheet.total_width, sheet=name)
        rows = sheet.to_python(skip_empty_area=False)
        if find_header(rows) is not None:
            return rows
        first = rows if first is None else first
    return first or []


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows, width = [], 0
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            width = max(width, len(row))
            if len(rows) > guard.limit("MAX_ROWS") or width > guard.limit("MAX_COLUMNS"):
                guard.check_sheet_size(len(rows), width)
        guard.check_sheet_size(len(rows), width)
        return rows
    raise UnreadableFile("无法识别CSV文件的编码（支持 UTF-8 和 GB18030/GBK）。")
