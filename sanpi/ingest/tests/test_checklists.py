"""The 前期手续 and 资金到位 sheets of the ledger workbook: exported with the ledger, read back with the
same rules as its rows (identity, preview, all-or-nothing, row/column/why, pins)."""

import datetime as dt
from decimal import Decimal

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from sanpi.approvals import services as approval_services
from sanpi.approvals.models import ApprovalItem
from sanpi.core import bounds
from sanpi.funding import services as funding_services
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.ingest.checklist_columns import APPROVAL_HEADERS, FUNDING_HEADERS
from sanpi.ingest.exports import ledger_export
from sanpi.ingest.services.ledger import ledger_import
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
CODE = "2401-410171-04-01-123456"
A = list(APPROVAL_HEADERS.values())
F = list(FUNDING_HEADERS.values())


@pytest.fixture
def project(zone_user):
    project = make_project("安图三期", code=CODE, management_category="enterprise")
    approval_services.approval_checklist_create(user=zone_user, project_id=project.pk, year=2024)
    line = funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2024,
                                                source="special_bond", bond_batch="2024年第一批", allocated_wan="8000")
    funding_services.funding_month_set(user=zone_user, line_id=line.pk, month=3, arrived_wan="5000",
                                       arrived_on="2024-03-15")
    return project


def book(path, *, approvals=(), funding=(), approval_headers=A, funding_headers=F):
    """A workbook with only the two sheets (title row, header row, then `rows`)."""
    workbook = xlsxwriter.Workbook(str(path))
    for name, headers, rows in (("前期手续", approval_headers, approvals), ("资金到位", funding_headers, funding)):
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, [f"{name}（测试）"])
        sheet.write_row(1, 0, headers)
        for i, row in enumerate(rows, start=2):
            sheet.write_row(i, 0, row)
    workbook.close()
    return path


def approval_row(kind: str, *, status="", done_on="", planned_on="", number="", code=CODE):
    return ["", code, "", kind, "", status, "", planned_on, done_on, number, ""]


def funding_row(*, year=2024, source="地方政府专项债券", batch="2024年第一批", allocated="", month="", arrived="",
                arrived_on="", paid="", paid_on="", code=CODE):
    return ["", code, "", year, source, batch, "", allocated, month, arrived, arrived_on, paid, paid_on, ""]


def test_the_exported_ledger_carries_both_sheets_and_imports_back_unchanged(tmp_path, project, zone_user):
    path = tmp_path / "台账.xlsx"
    funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2023, source="bank_loan",
                                         allocated_wan="100")  # another year's: not in the 2024 workbook
    ledger_export(user=zone_user, target=path, extras=True, year=2024)
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["项目台账", "前期手续", "资金到位"]
    approvals = workbook.get_sheet_by_name("前期手续").to_python()
    assert approvals[1] == A
    assert {r[3] for r in approvals[2:]} == {"核准或备案", "用地预审与选址", "规划许可", "环评", "节能审查", "水土保持", "施工许可"}
    funding = workbook.get_sheet_by_name("资金到位").to_python()
    assert funding[2][3:12] == [2024.0, "地方政府专项债券", "2024年第一批", "", 8000.0, 3.0, 5000.0,
                                dt.date(2024, 3, 15), 0.0]

    result = ledger_import(user=zone_user, path=path, apply=True)
    assert (result.created, result.updated, result.errors, result.applied) == (0, 0, 0, True)
    assert [(s["sheet"], s["unchanged"]) for s in result.checklists] == [("前期手续", 7), ("资金到位", 1)]


def test_rows_change_only_the_records_they_name_previewed_then_applied_with_history(tmp_path, project, zone_user):
    path = book(tmp_path / "手续.xlsx", approvals=[
        approval_row("环评", status="已办结", done_on="2024-02-01", number="郑环审〔2024〕3号"),
    ], funding=[
        funding_row(month=4, paid="1200", paid_on="2024-04-20"),
        funding_row(source="银行贷款", batch="", allocated="3000", month=2, arrived="3000", arrived_on="2024-02-01"),
    ])
    before = ApprovalItem.history.count()
    preview = ledger_import(user=zone_user, path=path)
    assert (preview.created, preview.updated, preview.errors) == (2, 1, 0)  # month 4 and the bank line are new
    approvals, funding = preview.checklists
    assert approvals["rows"] == [{"line": 3, "action": "updated", "project": "安图三期", "record": "环评", "changes": [
        ["办理状态", "未启动", "已办结"], ["实际办结日期", "", "2024-02-01"], ["批复文号", "", "郑环审〔2024〕3号"]]}]
    assert [(r["record"], r["action"]) for r in funding["rows"]] == [
        ("2024年地方政府专项债券（2024年第一批） 4月", "created"), ("2024年银行贷款 2月", "created")]
    assert ApprovalItem.history.count() == before and not FundingLine.objects.filter(source="bank_loan").exists()

    applied = ledger_import(user=zone_user, path=path, apply=True, checklist_pinned=preview.checklist_versions)
    assert applied.applied and applied.errors == 0
    eia = ApprovalItem.objects.get(project=project, kind__code="huanping")
    assert (eia.status, eia.done_on, eia.document_number, eia.version) == ("done", dt.date(2024, 2, 1),
                                                                            "郑环审〔2024〕3号", 2)
    assert eia.history.count() == 2  # the checklist's row, then the import's change
    # every other item is as it was
    assert set(ApprovalItem.objects.filter(project=project).exclude(pk=eia.pk).values_list("status", flat=True)) == {
        "not_started"}
    bond = FundingLine.objects.get(project=project, source="special_bond")
    assert list(bond.months.order_by("month").values_list("month", "arrived_wan", "paid_wan")) == [
        (3, Decimal("5000"), Decimal("0")), (4, Decimal("0"), Decimal("1200"))]
    bank = FundingLine.objects.get(project=project, source="bank_loan")
    assert (bank.allocated_wan, bank.months.get().arrived_wan) == (Decimal("3000"), Decimal("3000"))


def test_bad_rows_reject_the_whole_import_and_say_row_column_and_why(tmp_path, project, zone_user):
    path = book(tmp_path / "错误.xlsx", approvals=[
        approval_row("环评", status="已办结", done_on="2024-02-01"),  # valid on its own
        approval_row("环评", code="2401-410171-04-01-999999"),
        approval_row("登月许可"),
        approval_row("规划许可", status="已办结", done_on="1985-01-05"),
        approval_row("施工许可", status="办完了"),
    ], funding=[
        funding_row(month=4, paid="9000", paid_on="2024-04-20"),
        funding_row(month=5, arrived="10", arrived_on="2024-06-01"),
    ])
    result = ledger_import(user=zone_user, path=path, apply=True)
    assert result.rejected and not result.applied and result.errors == 6
    assert [(i.line, i.column, i.reason) for i in result.issues] == [
        (4, "前期手续：项目代码", "项目代码 2401-410171-04-01-999999 的项目不存在，或不在您的管辖范围内"
                           "（本文件中新登记的项目，请先导入台账，再导入其前期手续与资金）。"),
        (5, "前期手续：手续名称", "“登月许可”不在该项目适用的前期手续目录中。"),
        (6, "前期手续：实际办结日期", bounds.date_error(dt.date(1985, 1, 5), "实际办结日期")),
        (7, "前期手续：办理状态", "办理状态“办完了”无效，可选：未启动、办理中、已办结、不涉及。"),
        (3, "资金到位：本月支付（万元）", "累计支付 9000 万元不能超过累计到位 5000 万元。"),
        (4, "资金到位：到位日期", "到位日期 2024-06-01 不在 2024年5月。"),
    ]
    assert not ApprovalItem.objects.filter(status="done").exists()
    assert FundingMonth.objects.count() == 1

    valid_only = ledger_import(user=zone_user, path=path, apply=True, valid_only=True)
    assert valid_only.applied and valid_only.updated == 1
    assert list(ApprovalItem.objects.filter(status="done").values_list("kind__code", flat=True)) == ["huanping"]
    assert FundingMonth.objects.count() == 1


def test_a_record_changed_after_the_preview_is_not_overwritten(tmp_path, project, zone_user):
    path = book(tmp_path / "手续.xlsx", approvals=[approval_row("环评", number="郑环审〔2024〕3号")],
                funding=[funding_row(month=3, arrived="5500", arrived_on="2024-03-16")])
    preview = ledger_import(user=zone_user, path=path)
    eia = ApprovalItem.objects.get(project=project, kind__code="huanping")
    approval_services.approval_item_update(user=zone_user, item_id=eia.pk, status="in_progress", note="他人先改")
    line = FundingLine.objects.get(project=project)
    funding_services.funding_month_set(user=zone_user, line_id=line.pk, month=3, arrived_wan="5200",
                                       arrived_on="2024-03-15")
    result = ledger_import(user=zone_user, path=path, apply=True, checklist_pinned=preview.checklist_versions)
    assert result.rejected
    assert [(i.line, i.reason) for i in result.issues] == [(3, "预览后此记录已被他人修改，请重新预览后再导入。")] * 2
    assert line.months.get(month=3).arrived_wan == Decimal("5200")


def test_new_items_come_from_the_catalogue_and_another_regions_project_is_unknown(tmp_path, zone_user):
    mine = make_project("新项目", code=CODE, management_category="government")
    elsewhere = make_project("洛阳项目", code="2401-410300-04-01-000001", region="410300")
    path = book(tmp_path / "新.xlsx", approvals=[
        approval_row("可研批复", status="办理中", planned_on="2024-09-30"),
        approval_row("可研批复", code=elsewhere.code),
    ])
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=True)
    assert result.created == 1 and [i.line for i in result.issues] == [4]
    item = ApprovalItem.objects.get(project=mine)
    assert (item.kind.code, item.status, item.planned_on) == ("keyan", "in_progress", dt.date(2024, 9, 30))
    assert not ApprovalItem.objects.filter(project=elsewhere).exists()


def test_the_monthly_workbook_carries_open_items_and_the_years_lines_and_its_upload_applies_them(
        tmp_path, enterprise_org, enterprise_user, zone_user):
    """Round trip: the office downloads the month's workbook, the enterprise fills in 到位/支付 and an
    item's 办结, the upload (preview, then apply) writes exactly those; a new line or a closed item
    is not the monthly workbook's to change."""
    import openpyxl

    from sanpi.ingest.services.reports import reports_import, reports_workbook
    from sanpi.projects.models import AnnualPlan

    project = make_project("安图三期", code=CODE, owner=enterprise_org, management_category="enterprise",
                           stages=[("signed", dt.date(2023, 3, 1)), ("started", dt.date(2023, 10, 18))])
    AnnualPlan.objects.create(project=project, year=2024, planned_investment_wan=Decimal(1000))
    approval_services.approval_checklist_create(user=zone_user, project_id=project.pk, year=2024)
    done = ApprovalItem.objects.get(project=project, kind__code="yongdi")
    approval_services.approval_item_update(user=zone_user, item_id=done.pk, status="done", done_on="2023-05-01")
    line = funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2024,
                                                source="special_bond", bond_batch="2024年第一批", allocated_wan="8000")
    funding_services.funding_month_set(user=zone_user, line_id=line.pk, month=3, arrived_wan="5000",
                                       arrived_on="2024-03-15")
    funding_services.funding_line_create(user=zone_user, project_id=project.pk, year=2023, source="bank_loan",
                                         allocated_wan="100")  # last year's: not in May 2024's workbook
    may = dt.date(2024, 5, 1)
    path = tmp_path / "月报.xlsx"
    reports_workbook(user=zone_user, month=may, target=path)

    book = openpyxl.load_workbook(path)
    items = book["前期手续"]
    assert items["A2"].value == "系统编号" and "报告月份：2024-05" in items["A1"].value
    kinds = [items.cell(row=r, column=4).value for r in range(3, items.max_row + 1)]
    assert "用地预审与选址" not in kinds and len(kinds) == 6  # open items only
    row = 3 + kinds.index("环评")
    items.cell(row=row, column=6, value="已办结")
    items.cell(row=row, column=9, value="2024-05-10")
    items.cell(row=row, column=10, value="郑环审〔2024〕9号")
    money = book["资金到位"]
    assert money.max_row == 3  # this year's one line, on May's row
    assert [money.cell(row=3, column=c).value for c in (4, 5, 6, 8, 9, 10)] == [
        2024, "地方政府专项债券", "2024年第一批", 8000, 5, None]
    money.cell(row=3, column=10, value=2000)
    money.cell(row=3, column=11, value="2024-05-08")
    money.cell(row=3, column=12, value=1500)
    money.cell(row=3, column=13, value="2024-05-20")
    book.save(path)

    preview = reports_import(user=enterprise_user, path=path, month=may)
    assert (preview.created, preview.updated, preview.errors) == (1, 1, 0)
    assert not FundingMonth.objects.filter(month=5).exists()
    applied = reports_import(user=enterprise_user, path=path, month=may, apply=True)
    assert applied.applied and applied.errors == 0
    eia = ApprovalItem.objects.get(project=project, kind__code="huanping")
    assert (eia.status, eia.done_on, eia.document_number) == ("done", dt.date(2024, 5, 10), "郑环审〔2024〕9号")
    assert eia.history.latest().history_user == enterprise_user
    fifth = line.months.get(month=5)
    assert (fifth.arrived_wan, fifth.paid_wan, fifth.paid_on) == (Decimal(2000), Decimal(1500), dt.date(2024, 5, 20))

    again = tmp_path / "再导出.xlsx"
    reports_workbook(user=zone_user, month=may, target=again)
    unchanged = reports_import(user=enterprise_user, path=again, month=may, apply=True)
    assert (unchanged.created, unchanged.updated, unchanged.errors) == (0, 0, 0)

    book = openpyxl.load_workbook(again)
    book["资金到位"].cell(row=3, column=8, value=9000)  # 计划/下达 is the office's, not the report's
    book["资金到位"].cell(row=3, column=9, value=4)  # and only May may be reported
    book.save(again)
    refused = reports_import(user=enterprise_user, path=again, month=may, apply=True)
    assert refused.rejected
    assert [(i.line, i.column, i.reason) for i in refused.issues] == [
        (3, "资金到位：月份", "月报表只能填报 2024-05 的到位与支付。")]


def test_an_error_in_a_checklist_sheet_rejects_the_ledger_rows_too(tmp_path, project, zone_user):
    import openpyxl

    from sanpi.projects.models import Project

    path = tmp_path / "台账.xlsx"
    ledger_export(user=zone_user, target=path, extras=True)
    book_ = openpyxl.load_workbook(path)
    ledger = book_["项目台账"]
    address = [c.value for c in ledger[2]].index("详细地址") + 1
    ledger.cell(row=3, column=address, value="经开区第九大街88号")
    book_["前期手续"].cell(row=3, column=9, value="2099-01-01")  # 实际办结日期 in the future
    book_.save(path)
    preview = ledger_import(user=zone_user, path=path)
    assert (preview.updated, preview.errors) == (1, 1)
    assert [(i.line, i.column) for i in preview.issues] == [(3, "前期手续：实际办结日期")]
    result = ledger_import(user=zone_user, path=path, apply=True, pinned=preview.versions,
                           checklist_pinned=preview.checklist_versions)
    assert result.rejected
    assert Project.objects.get(pk=project.pk).address != "经开区第九大街88号"
