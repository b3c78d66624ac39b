"""Checks a workbook before anything parses it, so a hostile file is refused cheaply.

A 2 KB .xlsx whose only cell is at XFD1048576 makes a dense reader allocate 17 billion cells; a 1 MB
zip holding a 1 GiB shared string takes gigabytes to inflate. Both are refused here from the zip
directory and the first bytes of the sheet XML, before calamine sees the file:

- file size ≤ SANPI_IMPORT_MAX_BYTES;
- .xlsx: sum of the parts' uncompressed sizes ≤ SANPI_IMPORT_MAX_UNCOMPRESSED and each large part's
  compression ratio ≤ SANPI_IMPORT_MAX_RATIO;
- each worksheet's declared <dimension>, then (streamed, a chunk at a time) every row/cell reference
  and the cell count: rows ≤ SANPI_IMPORT_MAX_ROWS, columns ≤ SANPI_IMPORT_MAX_COLUMNS and the used
  rectangle ≤ SANPI_IMPORT_MAX_CELLS cells (which is what bounds the reader's memory).

`.xls` is bounded by its format (65,536 × 256) and checked again after loading, before the rows are
materialised (`check_sheet_size`); CSV is bounded while it is read (reader.py).
"""

import re
import zipfile
from operator import itemgetter
from pathlib import Path

from django.conf import settings

CHUNK = 1024 * 1024
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\"")
# `\br="A12"`, written with the literal first and the word boundary as a look-behind: the same matches,
# but the regex engine can then jump from one `r="` to the next instead of trying every byte (3× faster).
REFERENCE = re.compile(rb"r=\"(?<!\wr=\")([A-Z]{0,3})(\d+)\"")
SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_LETTERS, _DIGITS = itemgetter(0), itemgetter(1)


class WorkbookRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def limit(name: str) -> int:
    defaults = {"MAX_BYTES": 20 * 1024 * 1024, "MAX_UNCOMPRESSED": 200 * 1024 * 1024, "MAX_RATIO": 100,
                "MAX_ROWS": 200_000, "MAX_COLUMNS": 200, "MAX_CELLS": 6_000_000}
    return int(getattr(settings, f"SANPI_IMPORT_{name}", defaults[name]))


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def check_sheet_size(rows: int, columns: int, *, sheet: str = "") -> None:
    where = f"工作表“{sheet}”" if sheet else "工作表"
    if rows > limit("MAX_ROWS"):
        raise WorkbookRefused(f"{where}有 {rows:,} 行，超过导入上限 {limit('MAX_ROWS'):,} 行，请拆分后分批导入。")
    if columns > limit("MAX_COLUMNS"):
        raise WorkbookRefused(f"{where}有 {columns:,} 列，超过导入上限 {limit('MAX_COLUMNS')} 列，请删除多余的列后再导入。")
    if rows * columns > limit("MAX_CELLS"):
        raise WorkbookRefused(f"{where}的使用区域为 {rows:,} 行 × {columns:,} 列，超过导入上限 "
                              f"{limit('MAX_CELLS'):,} 个单元格，请删除多余的行列或拆分后分批导入。")


def check_workbook(file, *, name: str) -> None:
    """Refuse `file` (a path or a binary file object) before parsing; raises WorkbookRefused."""
    if isinstance(file, str | Path):
        with open(file, "rb") as handle:
            return check_workbook(handle, name=name)
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size > limit("MAX_BYTES"):
        raise WorkbookRefused(f"文件过大（{size / 1024 / 1024:.1f} MB），导入上限为 "
                              f"{limit('MAX_BYTES') // (1024 * 1024)} MB，请拆分后分批导入。")
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            _check_xlsx(file)
        finally:
            file.seek(0)
    elif Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise WorkbookRefused("该文件不是有效的 .xlsx 工作簿（内容不是 Excel 2007 及以上格式）。")
    return None


def _check_xlsx(file) -> None:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused("该文件不是有效的 .xlsx 工作簿（压缩包已损坏）。") from None
    with archive:
        parts = archive.infolist()
        total = sum(part.file_size for part in parts)
        if total > limit("MAX_UNCOMPRESSED"):
            raise WorkbookRefused(f"工作簿解压后达 {total / 1024 / 1024:,.0f} MB，超过上限 "
                                  f"{limit('MAX_UNCOMPRESSED') // (1024 * 1024)} MB，疑似压缩炸弹，已拒绝。")
        for part in parts:
            # small parts compress well legitimately; a large part inflating 100-fold is a bomb
            if part.file_size > 1024 * 1024 and part.file_size > limit("MAX_RATIO") * max(part.compress_size, 1):
                raise WorkbookRefused(f"工作簿中的“{part.filename}”压缩比异常（{part.file_size // max(part.compress_size, 1)}"
                                      f" 倍），疑似压缩炸弹，已拒绝。")
        for part in parts:
            if SHEET_PART.match(part.filename):
                _check_sheet_xml(archive, part)


def _check_sheet_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """The declared dimension first (enough for a lying-small file), then every reference, streamed."""
    sheet = part.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    max_row = max_column = cells = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            first = True
            while chunk := stream.read(CHUNK):
                data = tail + chunk
                if first:
                    first = False
                    if found := DIMENSION.search(data):
                        letters, digits = (found.group(3), found.group(4)) if found.group(3) else found.group(1, 2)
                        if digits:
                            check_sheet_size(int(digits), column_number(letters.decode()), sheet=sheet)
                # Every reference counts, in C where it can: int() over the digits, column_number only
                # over the few distinct column letters (a Python call per cell cost ~1 s per 10k rows).
                if refs := REFERENCE.findall(data):
                    max_row = max(max_row, max(map(int, map(_DIGITS, refs))))
                    letters = set(map(_LETTERS, refs)) - {b""}
                    if letters:
                        max_column = max(max_column, *(column_number(c.decode()) for c in letters))
                cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
                if cells > limit("MAX_CELLS"):
                    raise WorkbookRefused(f"工作表“{sheet}”的单元格超过导入上限 {limit('MAX_CELLS'):,} 个，请拆分后分批导入。")
                check_sheet_size(max_row, max_column, sheet=sheet)
                tail = data[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, WorkbookRefused):
            raise
        raise WorkbookRefused("该文件不是有效的 .xlsx 工作簿（工作表数据已损坏）。") from None
