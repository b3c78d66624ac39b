"""The 前期手续 and 资金到位 sheets: in the ledger workbook (every item and every line-month of its
projects) and in the monthly report workbook (the open items, and the month's row of each line of the
year, pre-filled with what is recorded). Each sheet is one streamed query; the import reads them back
with the same headers (checklist_columns.py)."""

import datetime as dt

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone

from sanpi.approvals.models import ApprovalItem
from sanpi.approvals.rules import OPEN
from sanpi.funding.models import FundingLine, FundingMonth, Source

from ..checklist_columns import APPROVAL_HEADERS, APPROVAL_SHEET, FUNDING_HEADERS, FUNDING_SHEET
from .sheets import CHUNK, Col, SheetWriter, _from, _get

# How the import reads a re-sent sheet, said where the offices fill it in (the workbook has no 说明 sheet:
# each sheet's title row is its instructions).
BLANK_RULE = "空白单元格保持原值，填“清空”可删除原有的日期、文号或说明"

STATUS_LABELS = dict(ApprovalItem.Status.choices)
SOURCE_LABELS = dict(Source.choices)
APPROVAL_VALUES = ("project_id", "project__code", "project__name", "kind__name", "required", "status",
                   "responsible_unit", "planned_on", "done_on", "document_number", "note")
FUNDING_VALUES = ("project_id", "project__code", "project__name", "year", "source", "bond_batch", "bond_issued_on",
                  "allocated_wan", "_month", "_arrived", "_arrived_on", "_paid", "_paid_on", "note")


def _approval_columns() -> list[Col]:
    h = APPROVAL_HEADERS
    return [
        Col(h["id"], _get("project_id"), "number", 9), Col(h["code"], _get("project__code"), width=26),
        Col(h["project"], _get("project__name"), width=32), Col(h["kind"], _get("kind__name"), width=18),
        Col(h["required"], _from(("required",), lambda flag: "是" if flag else "否"), width=8),
        Col(h["status"], _from(("status",), STATUS_LABELS.get), width=9),
        Col(h["responsible_unit"], _get("responsible_unit"), width=20),
        Col(h["planned_on"], _get("planned_on"), "date", 12), Col(h["done_on"], _get("done_on"), "date", 12),
        Col(h["document_number"], _get("document_number"), width=22), Col(h["note"], _get("note"), width=24),
    ]


def _funding_columns() -> list[Col]:
    h = FUNDING_HEADERS
    return [
        Col(h["id"], _get("project_id"), "number", 9), Col(h["code"], _get("project__code"), width=26),
        Col(h["project"], _get("project__name"), width=32), Col(h["year"], _get("year"), "number", 7),
        Col(h["source"], _from(("source",), SOURCE_LABELS.get), width=16),
        Col(h["bond_batch"], _get("bond_batch"), width=16), Col(h["bond_issued_on"], _get("bond_issued_on"), "date", 12),
        Col(h["allocated_wan"], _get("allocated_wan"), "number", 14), Col(h["month"], _get("_month"), "number", 6),
        Col(h["arrived_wan"], _get("_arrived"), "number", 12), Col(h["arrived_on"], _get("_arrived_on"), "date", 12),
        Col(h["paid_wan"], _get("_paid"), "number", 12), Col(h["paid_on"], _get("_paid_on"), "date", 12),
        Col(h["note"], _get("note"), width=20),
    ]


def _approval_sheet(book, title: str, items: QuerySet) -> int:
    writer = SheetWriter(book, APPROVAL_SHEET, title, _approval_columns())
    rows = items.order_by("project_id", "kind__sort", "id").values_list(*APPROVAL_VALUES)
    return writer.write_rows(rows.iterator(chunk_size=CHUNK), APPROVAL_VALUES)


def _funding_sheet(book, title: str, lines: QuerySet) -> int:
    writer = SheetWriter(book, FUNDING_SHEET, title, _funding_columns())
    rows = lines.order_by("project_id", "year", "source", "bond_batch", "_month").values_list(*FUNDING_VALUES)
    return writer.write_rows(rows.iterator(chunk_size=CHUNK), FUNDING_VALUES)


def ledger_checklist_sheets(book, *, projects: QuerySet, year: int) -> None:
    """Every 前期手续 item of `projects`, and every month of their funding lines of `year` (the year of the
    ledger's 年度计划投资 column; a line without months is one row with 月份 blank). Earlier years' money
    stays out: the demo province's full history is 440,000 month rows, past the import's size limit."""
    today = timezone.localdate()
    ids = projects.order_by().values("pk")
    _approval_sheet(book, f"前期手续（{today:%Y-%m-%d} 导出；按系统编号或项目代码与手续名称认定事项；{BLANK_RULE}）",
                    ApprovalItem.objects.filter(project__in=ids))
    lines = FundingLine.objects.filter(project__in=ids, year=year).annotate(
        _month=F("months__month"), _arrived=F("months__arrived_wan"), _arrived_on=F("months__arrived_on"),
        _paid=F("months__paid_wan"), _paid_on=F("months__paid_on"))
    _funding_sheet(book, f"{year}年资金到位与支付（金额单位：万元；按项目、年度、资金来源及批次认定资金来源，月份为空的行只登记资金来源；{BLANK_RULE}）",
                   lines)


def report_checklist_sheets(book, *, projects: QuerySet, month: dt.date) -> None:
    """The monthly workbook's sheets: each project's open items (未启动/办理中), and one row per funding
    line of the month's year with 月份 set to the month and that month's recorded 到位/支付, if any."""
    ids = projects.order_by().values("pk")
    _approval_sheet(book, f"前期手续（报告月份：{month:%Y-%m}；更新办理状态、办结日期和文号；{BLANK_RULE}）",
                    ApprovalItem.objects.filter(project__in=ids, status__in=OPEN))
    this = FundingMonth.objects.filter(line=OuterRef("pk"), month=month.month)
    lines = FundingLine.objects.filter(project__in=ids, year=month.year).annotate(
        _arrived=Subquery(this.values("arrived_wan")[:1]), _arrived_on=Subquery(this.values("arrived_on")[:1]),
        _paid=Subquery(this.values("paid_wan")[:1]), _paid_on=Subquery(this.values("paid_on")[:1]))
    # 月份 is the report's month on every row (a constant column, not a join)
    lines = lines.annotate(_month=Value(month.month, output_field=IntegerField()))
    _funding_sheet(book, f"资金到位与支付（报告月份：{month:%Y-%m}；金额单位：万元；填写本月到位、支付金额和日期；{BLANK_RULE}）", lines)
