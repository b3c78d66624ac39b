"""Excel workbooks of the targets page and of a ranking (small: one row per region); every amount
header names its unit."""

import io

import xlsxwriter


def _book():
    out = io.BytesIO()
    return out, xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})


def _write(sheet, row: int, values: list, fmt=None) -> None:
    for col, value in enumerate(values):
        if value is None:
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)


def targets_xlsx(rows: list[dict], *, year: int, month: int) -> bytes:
    out, book = _book()
    sheet = book.add_worksheet(f"{year}年目标")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, f"{year}年年度目标完成情况（截至{month}月）", bold)
    headers = ["区划代码", "区划", "完成投资目标（万元）", "累计完成投资（万元）", "完成投资目标完成率（%）",
               "新开工项目目标（个）", "新开工项目（个）", "新开工目标完成率（%）",
               "新开工投资目标（万元）", "新开工项目总投资（万元）", "新开工投资目标完成率（%）", "本期应完成目标比例（%）"]
    _write(sheet, 1, headers, bold)
    for i, r in enumerate(rows, start=2):
        inv, starts, sinv = r["investment"], r["new_starts"], r["new_starts_investment"]
        _write(sheet, i, [r["code"], r["name"], _num(inv["target"]), _num(inv["value"]), _num(inv["percent"]),
                          _num(starts["target"]), starts["value"], _num(starts["percent"]),
                          _num(sinv["target"]), _num(sinv["value"]), _num(sinv["percent"]), _num(r["share"])])
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, len(headers), 16)
    book.close()
    return out.getvalue()


def _num(value):
    return None if value is None else float(value)


def ranking_xlsx(data: dict) -> bytes:
    out, book = _book()
    bold = book.add_format({"bold": True})
    for group in data["groups"]:
        sheet = book.add_worksheet(group["name"][:31].replace("、", " "))
        status = f"已发布第{data['revision']}版" if data.get("revision") else "实时计算（未发布）"
        sheet.write_string(0, 0, f"{data['scheme']} {data['period_label']} {group['name']}（{status}）", bold)
        headers = ["排名", "区划代码", "区划", "得分（分）", "较上期（位次）"]
        for ind in data["indicators"]:
            headers += [f"{ind['label']}（{ind['unit']}）", f"{ind['label']}得分（满分{ind['weight']}分）"]
        _write(sheet, 1, headers, bold)
        for i, row in enumerate(group["rows"], start=2):
            values = [row["rank"], row["code"], row["name"], float(row["score"]), row["change"]]
            for cell in row["indicators"]:
                missing = cell.get("no_data") or cell["value"] is None
                values += ["无数据" if missing else _num(cell["value"]), float(cell["points"])]
            _write(sheet, i, values)
        sheet.set_column(0, len(headers), 14)
    book.close()
    return out.getvalue()
