import datetime as dt
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from sanpi.ingest.services.reports import reports_import, reports_workbook
from sanpi.progress.models import MonthlyReport
from sanpi.progress.services.reports import report_save_draft
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
MAY, APRIL = dt.date(2024, 5, 1), dt.date(2024, 4, 1)


@pytest.fixture
def projects(enterprise_org):
    started = [("signed", dt.date(2023, 3, 1)), ("started", dt.date(2023, 10, 18))]
    a = make_project("甲项目", owner=enterprise_org, stages=started)
    b = make_project("乙项目", stages=started)
    make_project("谋划项目")  # no report expected before it starts
    make_project("高新区项目", region="410172", stages=started)
    return a, b


def test_prefilled_workbook_carries_last_month_and_uploads_back_as_the_months_reports(tmp_path, projects, zone_user):
    a, b = projects
    report_save_draft(user=zone_user, project_id=a.pk, year=2024, month=4, month_completed_wan="300",
                      since_start_completed_wan="5000", progress_text="主体结构封顶")
    path = tmp_path / "月报.xlsx"
    assert reports_workbook(user=zone_user, month=MAY, target=path) == 2
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = rows[1]
    first = dict(zip(header, rows[2], strict=True))
    assert (first["项目名称"], first["上月（2024-04）完成投资（万元）"], first["上月开工以来累计（万元）"],
            first["上月形象进度"], first["本月完成投资（万元）"]) == ("甲项目", 300.0, 5000.0, "主体结构封顶", "")

    untouched = reports_import(user=zone_user, path=path, month=MAY, apply=True)
    assert (untouched.created, untouched.updated, untouched.unchanged, untouched.errors) == (0, 0, 2, 0)

    import xlsxwriter
    filled = tmp_path / "已填.xlsx"
    book = xlsxwriter.Workbook(str(filled))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["项目ID", "项目名称", "本月完成投资（万元）", "自年初累计完成投资（万元）", "形象进度"])
    sheet.write_row(1, 0, [a.pk, "甲项目", 250, None, "设备安装"])
    sheet.write_row(2, 0, [b.pk, "乙项目", "-5", None, ""])
    book.close()
    preview = reports_import(user=zone_user, path=filled, month=MAY)
    assert (preview.created, preview.errors) == (1, 1)
    assert [(i.line, i.column) for i in preview.issues] == [(3, "本月完成投资（万元）")]
    assert MonthlyReport.objects.filter(year=2024, month=5).count() == 0
    rejected = reports_import(user=zone_user, path=filled, month=MAY, apply=True)
    assert rejected.rejected and MonthlyReport.objects.filter(year=2024, month=5).count() == 0
    applied = reports_import(user=zone_user, path=filled, month=MAY, apply=True, valid_only=True)
    assert applied.applied and [line for line, _, _ in applied.error_rows] == [3]
    may = MonthlyReport.objects.get(project=a, year=2024, month=5)
    assert (may.month_completed_wan, may.ytd_completed_wan, may.since_start_completed_wan, may.progress_text) == (
        Decimal("250.00"), Decimal("550.00"), Decimal("5250.00"), "设备安装")

    again = tmp_path / "再导出.xlsx"
    reports_workbook(user=zone_user, month=MAY, target=again)
    result = reports_import(user=zone_user, path=again, month=MAY, apply=True)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, 0)
