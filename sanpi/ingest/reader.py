"""Reading a workbook's first useful sheet as rows of cell values (.xlsx/.xls via calamine, .csv)."""

import csv
import io
from pathlib import Path

from python_calamine import CalamineWorkbook

from .columns import find_header

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


class UnreadableFile(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_rows(path: str | Path) -> list[list]:
    """All rows of the sheet holding the ledger, from A1 (so index + 1 is the row number in Excel)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path.read_bytes())
    if suffix not in EXCEL_SUFFIXES:
        raise UnreadableFile("只支持 .xlsx、.xls 和 .csv 文件。")
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise UnreadableFile(f"无法读取该工作簿：{exc}") from None
    first = None
    for index in range(len(book.sheet_names)):
        rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
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
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise UnreadableFile("无法识别CSV文件的编码（支持 UTF-8 和 GB18030/GBK）。")
