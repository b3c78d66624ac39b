"""Workbooks as offices send them, built by the tests with xlsxwriter."""

import datetime as dt

import xlsxwriter

HEADERS = ["序号", "项目名称", "项目代码", "建设单位", "统一社会信用代码", "所在县区", "总投资（亿元）",
           "2024年计划投资\n（万元）", "占地（公顷）", "建筑面积(万平方米)", "计划开工时间", "是否入库", "入库日期",
           "建设规模及内容", "当前阶段", "阶段日期", "备注"]


def write_ledger(path, rows, *, headers=HEADERS, title="郑州经开区2024年重点项目台账", subtitle="填报单位：经开区项目办"):
    """Title merged over the header, a 填报单位 line, then the header and `rows` (lists; a
    dt.date becomes a date cell, an int/float a number cell, a str a text cell)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    date_fmt = book.add_format({"num_format": "yyyy年m月d日"})
    sheet.merge_range(0, 0, 0, len(headers) - 1, title)
    sheet.write(1, 0, subtitle)
    sheet.write_row(2, 0, headers)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


def read_sheet(path) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def rewrite(src, dst, edit=None, *, header_row: int = 1):
    """A workbook re-saved as a user's spreadsheet program would after editing cells: read with
    calamine, `edit(rows)` changes the list in place (row 0 is the title, `header_row` the header),
    written back with xlsxwriter (numbers as numbers, dates as dates, text as text)."""
    rows = read_sheet(src)
    if edit is not None:
        edit(rows)
    book = xlsxwriter.Workbook(str(dst))
    sheet = book.add_worksheet("项目台账")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime | dt.date):
                value = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
                sheet.write_datetime(r, c, value, date_fmt)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return dst


def column(rows, header: str, *, header_row: int = 1) -> int:
    return rows[header_row].index(header)
