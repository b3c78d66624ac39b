"""The sheet writer every workbook uses (xlsxwriter, constant memory), and the rejected-rows workbook.

Rows stream from `.values_list().iterator()` (one query for the whole sheet, no query per row, no dict
per row): each column is compiled once into a tuple index, a converter and the sheet method with its
cell format (`SheetWriter.write_rows`), so a row costs little more than xlsxwriter's own writing.
Every amount header names its unit.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

CHUNK = 2000
# Excel's day numbers: days since 1899-12-30, from 1900-03-01 on (before it, Excel's 1900 leap day).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL_FROM = dt.date(1900, 3, 1)


@dataclass(frozen=True)
class Col:
    header: str
    value: Callable[[dict], object]
    kind: str = "text"  # text / number / date / long
    width: int = 14


def _get(name: str) -> Callable[[dict], object]:
    def value(row):
        return row[name]

    value.fields, value.convert = (name,), None  # what write_rows compiles into a tuple index
    return value


def _from(fields: tuple[str, ...], convert: Callable) -> Callable[[dict], object]:
    """A value computed from named fields: `convert(*their values)`."""
    def value(row):
        return convert(*(row[f] for f in fields))

    value.fields, value.convert = fields, convert
    return value


class SheetWriter:
    """One worksheet in constant_memory mode: a merged title row, the header, then rows in order."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, title: str, columns: list[Col]):
        self.book, self.columns = book, columns
        self.sheet = book.add_worksheet(name)
        self.fmt = {
            "title": book.add_format({"bold": True, "font_size": 14, "align": "center"}),
            "header": book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                                       "border": 1, "bg_color": "#DDEBF7"}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "number": book.add_format({"num_format": "General"}),
            "long": book.add_format({"text_wrap": False}),
        }
        for i, col in enumerate(columns):
            self.sheet.set_column(i, i, col.width)
        self.sheet.merge_range(0, 0, 0, max(len(columns) - 1, 1), title, self.fmt["title"])
        self.sheet.write_row(1, 0, [c.header for c in columns], self.fmt["header"])
        self.sheet.freeze_panes(2, 3 if len(columns) > 3 else 0)
        self.row = 2

    def write(self, record: dict) -> None:
        for i, col in enumerate(self.columns):
            value = col.value(record)
            if value is None or value == "":
                continue
            if col.kind == "number":
                self.sheet.write_number(self.row, i, float(value) if isinstance(value, Decimal) else value)
            elif col.kind == "date":
                self.sheet.write_datetime(self.row, i, dt.datetime.combine(value, dt.time()), self.fmt["date"])
            else:
                self.sheet.write_string(self.row, i, str(value))
        self.row += 1

    def write_rows(self, rows: Iterable[Sequence], names: Sequence[str], *, number_from: int = 1,
                   progress: Callable[[int], None] | None = None) -> int:
        """Write tuples whose fields are `names` (a `.values_list()` stream); the column "_n" is the
        running number. Columns built with `_get`/`_from` read their fields by index; any other column
        gets the row as a dict. Returns the number of rows written."""
        index = {name: i for i, name in enumerate(names)}
        sheet, date_fmt = self.sheet, self.fmt["date"]
        # xlsxwriter's public write_* only add A1-notation parsing in front of these (same arguments).
        write_number = getattr(sheet, "_write_number", sheet.write_number)
        write_string = getattr(sheet, "_write_string", sheet.write_string)
        plan = []
        for c, col in enumerate(self.columns):
            fields = getattr(col.value, "fields", None)
            if fields is not None and all(f in index or f == "_n" for f in fields):
                positions = tuple(index.get(f, -1) for f in fields)
                convert = col.value.convert
                # A plain field is read by its index (-1: the running number); else convert(*fields).
                plan.append((c, positions[0] if convert is None else positions, convert, col.kind))
            else:
                plan.append((c, None, col.value, col.kind))
        needs_dict = any(p is None for _, p, _, _ in plan)
        count = 0
        for count, row in enumerate(rows, start=number_from):
            r = self.row
            record = dict(zip(names, row, strict=True)) | {"_n": count} if needs_dict else None
            for c, p, convert, kind in plan:
                if convert is None:
                    value = row[p] if p >= 0 else count
                elif p is None:
                    value = convert(record)
                else:
                    value = convert(*[row[i] if i >= 0 else count for i in p])
                if value is None or value == "":
                    continue
                if kind == "number":
                    write_number(r, c, float(value), None)
                elif kind == "date":
                    # A date is its Excel serial number with a date format (what write_datetime writes).
                    if value >= EXCEL_SERIAL_FROM:
                        write_number(r, c, (value - EXCEL_EPOCH).days, date_fmt)
                    else:
                        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                else:
                    write_string(r, c, value if isinstance(value, str) else str(value), None)
            self.row += 1
            if progress and count % 10000 == 0:
                progress(count)
        return count - number_from + 1 if count else 0


def _book(target) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})


def rows_export(*, target, title: str, headers: list[str], rows: Iterable[list], extra_header: str = "",
                extra: Iterable[str] = ()) -> None:
    """A sheet of raw rows under the given header (the rejected rows of an import, with 错误原因)."""
    book = _book(target)
    columns = [Col(str(h or ""), lambda r, i=i: r[i] if i < len(r) else None) for i, h in enumerate(headers)]
    if extra_header:
        columns.append(Col(extra_header, lambda r: r[-1], width=50))
    writer = SheetWriter(book, "错误行", title, columns)
    extras = iter(extra)
    for row in rows:
        cells = [_plain(c) for c in row[: len(headers)]]
        cells += [None] * (len(headers) - len(cells)) + ([next(extras)] if extra_header else [])
        for i in range(len(columns)):
            value = cells[i] if i < len(cells) else None
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                writer.sheet.write_datetime(writer.row, i, dt.datetime.combine(value, dt.time()), writer.fmt["date"])
            elif isinstance(value, int | float):  # 2.0 read back from a sheet is written as the integer 2
                writer.sheet.write_number(writer.row, i, int(value) if float(value).is_integer() else value)
            else:
                writer.sheet.write_string(writer.row, i, str(value))
        writer.row += 1
    book.close()


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value.replace(tzinfo=None)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
