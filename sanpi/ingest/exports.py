"""Workbooks the offices send: the ledger, a period's lists, rejected import rows.

Written with xlsxwriter in constant_memory mode, rows streamed from `.values_list().iterator()` (one
query for the whole sheet, no query per row, no dict per row): each column is compiled once into a
tuple index, a converter and the sheet method with its cell format (`SheetWriter.write_rows`), so a
row costs little more than xlsxwriter's own writing. Every amount header names its unit. A ledger export
imports back with no change (the headers are the ones the import reads, and its 系统编号 column
identifies each row's project).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import AnnualPlan, Project
from sanpi.projects.selectors import project_list

CHUNK = 2000
# Excel's day numbers: days since 1899-12-30, from 1900-03-01 on (before it, Excel's 1900 leap day).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL_FROM = dt.date(1900, 3, 1)
STAGE_LABELS = dict(Stage.choices)
TYPE_LABELS = dict(Project.ProjectType.choices)
NATURE_LABELS = dict(Project.Nature.choices)
FUND_LABELS = dict(Project.FundSource.choices)
CATEGORY_LABELS = dict(Project.ManagementCategory.choices)


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


def _category(prefix: str) -> Callable[[dict], object]:
    return _from((prefix + "__name", prefix + "__year"), lambda name, year: f"{name}（{year}）" if name else None)


def ledger_columns(year: int) -> list[Col]:
    return [
        Col("序号", _get("_n"), "number", 6),
        # sanpi's id, as a whole number: the import identifies the row's project by it (ADR "导入如何认定项目").
        Col("系统编号", _get("id"), "number", 9),
        Col("项目代码", _get("code"), width=26),
        Col("项目名称", _get("name"), width=36),
        Col("建设单位", _get("owner__name"), width=28),
        Col("统一社会信用代码", _get("owner__uscc"), width=20),
        Col("区划代码", _get("region_id"), width=9),
        Col("建设地点（县区）", _get("region__name"), width=16),
        Col("详细地址", _get("address"), width=24),
        Col("项目类型", _from(("project_type",), TYPE_LABELS.get), width=10),
        Col("建设性质", _from(("nature",), NATURE_LABELS.get), width=10),
        Col("国民经济行业", _from(("industry_id", "industry__name"), lambda code, name: f"{code} {name}" if code else None)),
        Col("领域", _category("domain"), width=22),
        Col("产业类别", _category("sector"), width=22),
        Col("产业链", _get("industrial_chain")),
        Col("建设规模及内容", _get("scale_content"), "long", 40),
        Col("总投资（万元）", _get("total_investment_wan"), "number"),
        Col(f"{year}年计划投资（万元）", _get("_plan"), "number"),
        Col("占地（亩）", _get("land_mu"), "number", 10),
        Col("建筑面积（平方米）", _get("building_area_m2"), "number"),
        Col("预计年产值（万元）", _get("expected_output_wan"), "number"),
        Col("预计年税收（万元）", _get("expected_tax_wan"), "number"),
        Col("管理类别", _from(("management_category",), CATEGORY_LABELS.get), width=10),
        Col("资金来源", _from(("fund_source",), FUND_LABELS.get), width=10),
        Col("资金来源地（国家或省份）", _get("fund_origin"), width=12),
        Col("是否入库", _from(("in_statistics",), lambda flag: "是" if flag else "否"), width=8),
        Col("入库日期", _get("in_statistics_date"), "date", 11),
        Col("计划签约日期", _get("planned_sign_date"), "date", 11),
        Col("计划开工日期", _get("planned_start_date"), "date", 11),
        Col("计划竣工日期", _get("planned_completion_date"), "date", 11),
        Col("计划投产日期", _get("planned_production_date"), "date", 11),
        Col("计划达产日期", _get("planned_capacity_date"), "date", 11),
        Col("当前阶段", _from(("stage",), STAGE_LABELS.get), width=8),
        Col("阶段日期", _get("stage_date"), "date", 11),
        Col("签约日期", _get("signed_on"), "date", 11),
        Col("开工日期", _get("started_on"), "date", 11),
        Col("投产日期", _get("produced_on"), "date", 11),
        Col("分期", _get("phase"), width=6),
        Col("责任单位", _get("responsible_unit__name"), width=20),
        Col("代办/服务单位", _get("service_unit__name"), width=20),
        Col("联系人及电话", _get("contacts"), width=18),
        Col("经度", _get("longitude"), "number", 11),
        Col("纬度", _get("latitude"), "number", 11),
    ]


LEDGER_VALUES = (
    "id", "code", "name", "owner__name", "owner__uscc", "region_id", "region__name", "address", "project_type",
    "nature", "industry_id", "industry__name", "domain__name", "domain__year", "sector__name", "sector__year",
    "industrial_chain", "scale_content", "total_investment_wan", "land_mu", "building_area_m2",
    "expected_output_wan", "expected_tax_wan", "management_category", "fund_source", "fund_origin", "in_statistics", "in_statistics_date",
    "planned_sign_date", "planned_start_date", "planned_completion_date", "planned_production_date",
    "planned_capacity_date", "stage", "stage_date", "signed_on", "started_on", "produced_on", "phase",
    "responsible_unit__name", "service_unit__name", "contacts", "longitude", "latitude",
)


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


def ledger_queryset(*, user, filters: dict | None = None, year: int | None = None, projects=None):
    """The export's rows as dicts; `projects` is an already filtered queryset of the user's projects
    (the project list page's), else `project_list(user=, filters=)`."""
    year = year or timezone.localdate().year
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment_wan")[:1]
    qs = projects if projects is not None else project_list(user=user, filters=filters or {})
    return qs.annotate(_plan=Subquery(plan)).values(*LEDGER_VALUES, "_plan")


def ledger_rows(*, user, filters: dict | None = None, year: int | None = None, projects=None):
    """(names, tuples) of the export's rows: the same query as `ledger_queryset`, as tuples."""
    qs = ledger_queryset(user=user, filters=filters, year=year, projects=projects)
    names = (*LEDGER_VALUES, "_plan")
    return names, qs.values_list(*names)


def ledger_export(*, user, target, filters: dict | None = None, year: int | None = None, projects=None,
                  progress: Callable[[int], None] | None = None) -> int:
    """Write the ledger the user may see (filtered as the project list is) to `target` (a path or a
    binary file object); returns the number of projects written."""
    year = year or timezone.localdate().year
    book = _book(target)
    scope = filters_text(filters or {})
    writer = SheetWriter(book, "项目台账", f"项目台账（{timezone.localdate():%Y-%m-%d} 导出，金额单位：万元"
                         f"{'；筛选：' + scope if scope else ''}）", ledger_columns(year))
    names, rows = ledger_rows(user=user, filters=filters, year=year, projects=projects)
    count = writer.write_rows(rows.iterator(chunk_size=CHUNK), names, progress=progress)
    book.close()
    return count


def list_export(*, spec, user, params, target, progress: Callable[[int], None] | None = None) -> int:
    """Write the rows a list page shows (`spec`, a sanpi.web.lists.ListSpec, with the page's query
    string `params`: the same filters and order) to `target`; returns the number of rows written."""
    _, qs = spec.query(user=user, params=params)
    names = spec.values()
    book = _book(target)
    writer = SheetWriter(book, spec.title[:31], f"{spec.title}（{timezone.localdate():%Y-%m-%d} 导出）", spec.columns())
    count = writer.write_rows(qs.values_list(*names).iterator(chunk_size=CHUNK), names, progress=progress)
    book.close()
    return count


def filters_text(filters: dict) -> str:
    """The list filters an export was made with, in words (for its title): 区划、阶段、关键词 …"""
    from sanpi.accounts.models import Region
    from sanpi.projects.models import Project

    parts = []
    if region := filters.get("region"):
        parts.append(f"区划 {Region.objects.filter(pk=region).values_list('name', flat=True).first() or region}")
    if stage := filters.get("stage"):
        labels = dict(Project._meta.get_field("stage").choices)
        stages = stage if isinstance(stage, list | tuple) else [stage]
        parts.append("阶段 " + "、".join(str(labels.get(s, s)) for s in stages))
    for key, label in (("industry", "行业"), ("domain", "领域"), ("sector", "产业类别"), ("leader", "包联领导"),
                       ("owner", "建设单位"), ("in_statistics", "是否入库"), ("q", "关键词")):
        if (value := filters.get(key)) not in (None, "", []):
            parts.append(f"{label} {value}")
    if (low := filters.get("min_investment")) not in (None, ""):
        parts.append(f"总投资不低于 {low} 万元")
    if (high := filters.get("max_investment")) not in (None, ""):
        parts.append(f"总投资不高于 {high} 万元")
    return "，".join(parts)


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


def period_columns() -> list[Col]:
    return [
        Col("序号", _get("_n"), "number", 6),
        Col("项目代码", _get("project__code"), width=26),
        Col("项目名称", _get("project__name"), width=36),
        Col("建设单位", _get("project__owner__name"), width=28),
        Col("区划代码", _get("region_id"), width=9),
        Col("所在地区（列入时）", _get("region__name"), width=16),
        Col("国民经济行业", lambda r: f"{r['project__industry_id']} {r['project__industry__name']}"
            if r["project__industry_id"] else None),
        Col("产业类别", _get("project__sector__name"), width=16),
        Col("建设规模及内容", _get("project__scale_content"), "long", 40),
        Col("总投资（万元）", _get("declared_total_investment_wan"), "number"),
        Col("总投资（亿元）", lambda r: r["declared_total_investment_wan"] / 10000, "number"),
        Col("年度计划投资（万元）", _get("declared_annual_plan_wan"), "number"),
        Col("当前阶段", lambda r: STAGE_LABELS.get(r["project__stage"]), width=8),
        Col("开工日期", _get("project__started_on"), "date", 11),
        Col("投产日期", _get("project__produced_on"), "date", 11),
        Col("结转自", lambda r: f"第{r['carried_from__period__number']}期开工一批"
            if r["carried_from__period__number"] else None, width=14),
    ]


PERIOD_VALUES = (
    "project__code", "project__name", "project__owner__name", "region_id", "region__name", "project__industry_id",
    "project__industry__name", "project__sector__name", "project__scale_content", "declared_total_investment_wan",
    "declared_annual_plan_wan", "project__stage", "project__started_on", "project__produced_on",
    "carried_from__period__number",
)


def period_export(*, user, period_id: int, target, region: str | None = None) -> dict[str, int]:
    """A period's three lists, one sheet each (签约一批, 开工一批, 投产一批) after a 汇总 sheet, as the
    entries the user may see (optionally only those in `region` and below). Returns counts per list."""
    from django.db.models import Count, Sum

    from sanpi.accounts.access import region_codes_below
    from sanpi.activities.models import ListEntry
    from sanpi.activities.selectors import period_entry_list, period_get
    from sanpi.core.money import wan_to_yi

    period = period_get(user=user, period_id=period_id)
    book = _book(target)
    entries = period_entry_list(user=user, period=period)
    if region:
        entries = entries.filter(region__in=region_codes_below(region))
    totals = {r["batch"]: r for r in entries.order_by().values("batch").annotate(
        n=Count("id"), total=Sum("declared_total_investment_wan"))}
    mark = "（演示数据）" if period.demo_note else ""
    summary = SheetWriter(book, "汇总", f"{period}“三个一批”项目清单（{period.held_on:%Y-%m-%d}）{mark}", [
        Col("批次", _get("label"), width=14), Col("项目数（个）", _get("n"), "number"),
        Col("总投资（万元）", _get("total"), "number", 16), Col("总投资（亿元）", _get("yi"), "number", 16)])
    counts = {}
    for batch, label in ListEntry.Batch.choices:
        row = totals.get(batch, {"n": 0, "total": Decimal(0)})
        counts[batch] = row["n"]
        summary.write({"label": f"{label}一批", "n": row["n"], "total": row["total"] or Decimal(0),
                       "yi": wan_to_yi(row["total"] or 0)})
    if period.demo_note:
        summary.write({"label": f"【演示数据】{period.demo_note}"})
    for batch, label in ListEntry.Batch.choices:
        sheet = SheetWriter(book, f"{label}一批", f"{period}“{label}一批”项目清单{mark}（金额单位见表头）",
                            period_columns())
        rows = entries.filter(batch=batch).values(*PERIOD_VALUES).iterator(chunk_size=CHUNK)
        for n, record in enumerate(rows, start=1):
            record["_n"] = n
            sheet.write(record)
    book.close()
    return counts


def uncounted_export(*, user, target, as_of: dt.date, region: str | None = None) -> int:
    """应统未统: the started projects at or above the 纳统 threshold not yet counted, with their checklist
    progress, as the user may see them (optionally `region` and below). Returns the number of rows."""
    from sanpi.progress import counting
    from sanpi.stats.uncounted import checklist_status, uncounted_projects

    book = _book(target)
    sheet = SheetWriter(book, "应统未统", f"应统未统项目清单（截至 {as_of:%Y-%m-%d}）", [
        Col("序号", _get("n"), "number", 6), Col("项目名称", _get("name"), width=36),
        Col("建设单位", _get("owner"), width=28), Col("区划代码", _get("region_id"), width=9),
        Col("所在地区", _get("region"), width=16), Col("总投资（万元）", _get("total"), "number", 14),
        Col("开工日期", _get("started_on"), "date", 11), Col("入库资料截止日期", _get("due"), "date", 12),
        Col("逾期天数（天）", _get("overdue"), "number", 10),
        Col(f"已报送入库资料（共{len(counting.DOCUMENTS)}项，项）", _get("documents"), "number", 14),
    ])
    count = 0
    for count, p in enumerate(uncounted_projects(user=user, as_of=as_of, region=region).iterator(chunk_size=CHUNK),
                              start=1):
        status = checklist_status(p, as_of)
        sheet.write({"n": count, "name": p.name, "owner": p.owner.name if p.owner_id else None,
                     "region_id": p.region_id, "region": p.region.name, "total": p.total_investment_wan,
                     "started_on": p.started_on, "due": status["due"], "overdue": status["days_overdue"],
                     "documents": p.documents})
    book.close()
    return count
