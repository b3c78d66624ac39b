"""The 前期手续 and 资金到位 sheets written set-based (a fixed number of queries however many rows, with
history rows as the pages write them), and a 清空 cell erasing a date or a text while a blank keeps it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanpi.approvals import services as approval_services
from sanpi.approvals.models import ApprovalItem
from sanpi.funding import services as funding_services
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.ingest.services.ledger import ledger_import
from sanpi.testing import make_project

from .test_checklists import CODE, approval_row, book, funding_row

pytestmark = pytest.mark.django_db


def _projects(n: int, zone_user, start: int) -> list[str]:
    """`n` projects, each with one 环评 item and a 专项债 line with March's 到位 (what the file changes)."""
    codes = []
    for i in range(start, start + n):
        code = f"2401-410171-04-01-{i:06d}"
        project = make_project(f"批量项目{i}", code=code, management_category="government")
        approval_services.approval_items_add(user=zone_user, adds=[(project.pk, _kind("huanping"), {})], year=2024)
        line = funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2024,
                                                    source="special_bond", bond_batch="2024年第一批",
                                                    allocated_wan="800")
        funding_services.funding_month_set(user=zone_user, line_id=line.pk, month=3, arrived_wan="500",
                                           arrived_on="2024-03-15")
        codes.append(code)
    return codes


def _kind(code: str) -> int:
    from sanpi.approvals.models import ApprovalKind

    return ApprovalKind.objects.get(code=code, region__isnull=True).pk


def _file(path, codes: list[str]):
    """Per project: a new item and a changed one; a new line with its month, a new month of the
    existing line and a change of its March."""
    approvals, funding = [], []
    for code in codes:
        approvals += [approval_row("可研批复", status="办理中", planned_on="2024-09-30", code=code),
                      approval_row("环评", status="已办结", done_on="2024-02-01", number="豫环审3号", code=code)]
        funding += [funding_row(source="中央预算内投资", batch="", allocated="300", month=2, arrived="300",
                                arrived_on="2024-02-10", code=code),
                    funding_row(month=3, arrived="600", arrived_on="2024-03-16", code=code),
                    funding_row(month=4, paid="200", paid_on="2024-04-20", code=code)]
    return book(path, approvals=approvals, funding=funding)


def test_the_apply_costs_the_same_queries_for_5_and_50_projects_and_writes_history(tmp_path, zone_user):
    counts = {}
    for n, start in ((5, 1), (50, 100)):
        codes = _projects(n, zone_user, start)
        path = _file(tmp_path / f"批量{n}.xlsx", codes)
        with CaptureQueriesContext(connection) as queries:
            result = ledger_import(user=zone_user, path=path, apply=True)
        assert result.applied and result.errors == 0, result.issues[:3]
        assert [(s["sheet"], s["created"], s["updated"]) for s in result.checklists] == [
            ("前期手续", n, n), ("资金到位", 2 * n, n)]  # a new month counts as created
        counts[n] = len(queries)
    # The same statements for 5 and 50 projects; SQLite splits a bulk INSERT of many rows into batches
    # of its 999 bound parameters (the 100 month history rows of 50 projects are two), so a few more
    # may appear. Row by row, 45 more projects were 45 × 5 rows × several queries each.
    assert counts[5] <= counts[50] <= counts[5] + 3, counts

    # every new or changed record has its history row, by the importer
    new = ApprovalItem.objects.filter(kind__code="keyan")
    assert new.count() == 55 and {(i.status, i.planned_on) for i in new} == {("in_progress", dt.date(2024, 9, 30))}
    assert ApprovalItem.history.filter(kind__code="keyan", history_type="+", history_user=zone_user).count() == 55
    eia = ApprovalItem.objects.filter(kind__code="huanping").first()
    assert [h.history_type for h in eia.history.order_by("history_id")] == ["+", "~"]
    assert (eia.status, eia.version) == ("done", 2)
    central = FundingLine.objects.filter(source="central_budget")
    assert central.count() == 55 and FundingLine.history.filter(source="central_budget", history_type="+").count() == 55
    assert FundingMonth.history.filter(line__source="central_budget", history_type="+").count() == 55
    march = FundingMonth.objects.filter(line__source="special_bond", month=3).first()
    assert (march.arrived_wan, march.version, march.history.count()) == (Decimal("600"), 2, 2)
    assert FundingMonth.objects.filter(line__source="special_bond", month=4, paid_wan=200).count() == 55


def test_the_set_based_apply_keeps_the_rows_rules(tmp_path, zone_user):
    """Within one file: a later row's 支付 is checked against the 到位 the earlier rows wrote; a month of a
    line whose registration is refused is refused with it; the valid rows are written."""
    make_project("规则项目", code=CODE, management_category="government")
    path = book(tmp_path / "规则.xlsx", funding=[
        funding_row(source="银行贷款", batch="", allocated="100", month=1, arrived="100", arrived_on="2024-01-05"),
        funding_row(source="银行贷款", batch="", month=2, paid="80", paid_on="2024-02-05"),  # within 1月's 到位
        funding_row(source="银行贷款", batch="", month=3, paid="30", paid_on="2024-03-05"),  # 110 > 100
        funding_row(source="地方政府专项债券", batch="", allocated="50", month=1, arrived="50"),  # no batch
        funding_row(source="企业自筹", batch="", allocated="-5"),
    ])
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=True)
    assert [(i.line, i.column, i.reason) for i in result.issues] == [
        (5, "资金到位：本月支付（万元）", "累计支付 110 万元不能超过累计到位 100 万元。"),
        (6, "资金到位：专项债发行批次", "地方政府专项债券须填写发行批次（如“2024年第一批”）。"),
        (7, "资金到位：计划/下达金额（万元）", "计划/下达金额不能为负数。"),
    ]
    bank = FundingLine.objects.get(source="bank_loan")
    assert list(bank.months.values_list("month", "arrived_wan", "paid_wan")) == [
        (1, Decimal("100"), Decimal("0")), (2, Decimal("0"), Decimal("80"))]
    assert FundingLine.objects.count() == 1


def test_a_blank_keeps_a_date_and_a_clear_cell_erases_it_shown_and_kept_in_history(tmp_path, zone_user):
    project = make_project("清空项目", code=CODE, management_category="government")
    approval_services.approval_items_add(user=zone_user, adds=[(project.pk, _kind("huanping"), {
        "status": "in_progress", "planned_on": "2024-09-30", "document_number": "草稿号"})], year=2024)
    line = funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2024,
                                                source="special_bond", bond_batch="2024年第一批",
                                                allocated_wan="800", bond_issued_on="2024-03-01", note="首批")
    funding_services.funding_month_set(user=zone_user, line_id=line.pk, month=3, arrived_wan="500",
                                       arrived_on="2024-03-15", paid_wan="100", paid_on="2024-03-20")
    blank = book(tmp_path / "留空.xlsx", approvals=[approval_row("环评")], funding=[funding_row(month=3)])
    kept = ledger_import(user=zone_user, path=blank, apply=True)
    assert kept.applied and (kept.updated, kept.errors) == (0, 0)

    row = funding_row(month=3, paid_on="清空")
    row[6], row[13] = "（清空）", "清空"  # 专项债发行日期, 说明
    path = book(tmp_path / "清空.xlsx", approvals=[approval_row("环评", planned_on="清空", number="清空")],
                funding=[row])
    preview = ledger_import(user=zone_user, path=path)
    approvals, funding = preview.checklists
    assert approvals["rows"][0]["changes"] == [["计划办结日期", "2024-09-30", "（空）"], ["批复文号", "草稿号", "（空）"]]
    assert funding["rows"][0]["changes"] == [["专项债发行日期", "2024-03-01", "（空）"], ["说明", "首批", "（空）"],
                                             ["支付日期", "2024-03-20", "（空）"]]
    applied = ledger_import(user=zone_user, path=path, apply=True, checklist_pinned=preview.checklist_versions)
    assert applied.applied and applied.errors == 0
    item = ApprovalItem.objects.get(project=project)
    assert (item.planned_on, item.document_number, item.status) == (None, "", "in_progress")
    assert item.history.order_by("-history_id")[1].planned_on == dt.date(2024, 9, 30)  # the old value is kept
    line.refresh_from_db()
    month = line.months.get()
    assert (line.bond_issued_on, line.note, line.allocated_wan) == (None, "", Decimal("800"))
    assert (month.paid_on, month.paid_wan, month.arrived_on) == (None, Decimal("100"), dt.date(2024, 3, 15))
    assert month.history.order_by("-history_id")[1].paid_on == dt.date(2024, 3, 20)


def test_a_clear_cell_where_a_value_is_required_is_a_row_error(tmp_path, zone_user):
    project = make_project("清空项目", code=CODE, management_category="government")
    approval_services.approval_items_add(user=zone_user, adds=[(project.pk, _kind("huanping"), {})], year=2024)
    path = book(tmp_path / "错.xlsx", approvals=[approval_row("环评", status="清空")],
                funding=[funding_row(allocated="清空")])
    result = ledger_import(user=zone_user, path=path, apply=True)
    assert result.rejected
    assert [(i.column, i.reason) for i in result.issues] == [
        ("前期手续：办理状态", "办理状态不能清空；要改为其他值请直接填写新值。"),
        ("资金到位：计划/下达金额（万元）", "计划/下达金额（万元）不能清空；要改为其他值请直接填写新值。"),
    ]


def test_the_exported_sheets_say_how_blank_and_clear_cells_are_read(tmp_path, zone_user):
    from python_calamine import CalamineWorkbook

    from sanpi.ingest.exports import ledger_export

    make_project("说明项目", code=CODE)
    ledger_export(user=zone_user, target=tmp_path / "台账.xlsx", extras=True)
    book_ = CalamineWorkbook.from_path(str(tmp_path / "台账.xlsx"))
    for name in ("前期手续", "资金到位"):
        assert "空白单元格保持原值，填“清空”可删除原有的日期、文号或说明" in book_.get_sheet_by_name(name).to_python()[0][0]
