import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from sanpi.ingest.services.reports import reports_import, reports_workbook
from sanpi.progress.models import MonthlyReport
from sanpi.progress.services.reports import report_save_draft
from sanpi.projects.models import AnnualPlan
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
MAY, APRIL = dt.date(2024, 5, 1), dt.date(2024, 4, 1)


@pytest.fixture
def projects(enterprise_org):
    # Started in April 2024: an April first report needs no opening balance (test_gaps has that rule).
    started = [("signed", dt.date(2023, 3, 1)), ("started", dt.date(2024, 4, 2))]
    a = make_project("甲项目", owner=enterprise_org, stages=started)
    b = make_project("乙项目", stages=started)
    planned = make_project("谋划项目")  # no report expected before it starts
    other = make_project("高新区项目", region="410172", stages=started)
    make_project("不在计划内的项目", stages=started)  # on no list reported monthly: not in the workbook
    AnnualPlan.objects.bulk_create([AnnualPlan(project=p, year=2024, planned_investment_wan=Decimal(1000))
                                    for p in (a, b, planned, other)])
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
    assert (first["项目ID"], first["项目名称"], first["最近填报月份"], first["最近一次本月完成投资（万元）"],
            first["最近一次开工以来累计（万元）"], first["最近一次形象进度"], first["本月完成投资（万元）"]) == (
        str(a.pk), "甲项目", "2024-04", 300.0, 5000.0, "主体结构封顶", "")

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


def _filled(path, rows, title=None):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    start = 0
    if title:
        sheet.write(0, 0, title)
        start = 1
    sheet.write_row(start, 0, ["项目ID", "项目名称", "本月完成投资（万元）"])
    for i, row in enumerate(rows, start=start + 1):
        sheet.write_row(i, 0, row)
    book.close()
    return path


def test_the_workbook_names_its_month_and_an_upload_for_another_month_is_refused(tmp_path, projects, zone_user):
    a, _ = projects
    path = tmp_path / "月报.xlsx"
    reports_workbook(user=zone_user, month=MAY, target=path)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["2024-05月报", "前期手续", "资金到位"]
    assert book.get_sheet_by_index(0).to_python()[0][0].startswith("报告月份：2024-05")
    with pytest.raises(ValidationError) as refused:
        reports_import(user=zone_user, path=path, month=APRIL)
    assert refused.value.message_dict["file"] == [
        "该工作簿是 2024-05 的月报表，与所选月份 2024-04 不一致；请选择 2024-05 后重新上传，或下载 2024-04 的月报表填写。"]
    # a hand-made sheet titled with its month is checked too; one without a month is taken as chosen
    titled = _filled(tmp_path / "手填.xlsx", [[a.pk, "甲项目", 100]], title="2024年5月重点项目进展")
    with pytest.raises(ValidationError):
        reports_import(user=zone_user, path=titled, month=APRIL)
    report_save_draft(user=zone_user, project_id=a.pk, year=2024, month=4, month_completed_wan="300")
    assert reports_import(user=zone_user, path=titled, month=MAY).created == 1
    assert MonthlyReport.objects.filter(month=5).count() == 0


def test_a_report_for_a_project_not_started_by_the_month_is_refused(tmp_path, zone_user):
    late = make_project("十月开工项目", stages=[("signed", dt.date(2024, 3, 1)), ("started", dt.date(2024, 10, 14))])
    never = make_project("未开工项目")
    path = _filled(tmp_path / "八月.xlsx", [[late.pk, late.name, 100], [never.pk, never.name, 50]])
    result = reports_import(user=zone_user, path=path, month=dt.date(2024, 8, 1), apply=True)
    assert result.rejected and result.created == 0
    assert [i.reason for i in result.issues] == [
        "项目“十月开工项目”开工日期为 2024-10-14，2024年8月无需也不能填报月报。",
        "项目“未开工项目”尚未开工，2024年8月无需也不能填报月报。"]
    with pytest.raises(ValidationError):
        report_save_draft(user=zone_user, project_id=never.pk, year=2024, month=8, month_completed_wan="1")


def test_a_locked_month_takes_no_new_reports(tmp_path, projects, zone_user):
    from sanpi.progress.services.reports import reporting_month_lock

    a, b = projects
    reporting_month_lock(user=zone_user, year=2024, month=4)
    path = _filled(tmp_path / "四月.xlsx", [[a.pk, "甲项目", 100]])
    result = reports_import(user=zone_user, path=path, month=APRIL, apply=True)
    assert result.rejected and [i.reason for i in result.issues] == [
        "2024年4月已整月锁定，不再接收新的月报；如需更正，请由项目办发起更正。"]
    assert not MonthlyReport.objects.filter(year=2024, month=4).exists()


def test_the_download_link_follows_the_month_picker(client, zone_user):
    from pathlib import Path

    client.force_login(zone_user)
    page = client.get("/ingest/import/").content.decode()
    assert 'data-month-from="month"' in page and "web/month-link.js" in page
    script = (Path(__file__).parents[2] / "web/static/web/month-link.js").read_text()
    assert "searchParams.set('month', input.value)" in script
    response = client.get("/ingest/export/reports.xlsx?month=2024-05")
    assert response.status_code == 200 and "2024-05" in response["Content-Disposition"]


def test_the_preview_shows_what_will_be_stored_with_warnings(tmp_path, projects, zone_user):
    a, b = projects
    report_save_draft(user=zone_user, project_id=a.pk, year=2024, month=4, month_completed_wan="300",
                      since_start_completed_wan="9900")
    path = _filled(tmp_path / "五月.xlsx", [[a.pk, "甲项目", 250], [b.pk, "乙项目", 40]], title="报告月份：2024-05")
    result = reports_import(user=zone_user, path=path, month=MAY)
    rows = {r["name"]: r for r in result.created_rows}
    assert (rows["甲项目"]["month_completed_wan"], rows["甲项目"]["ytd_completed_wan"],
            rows["甲项目"]["since_start_completed_wan"]) == ("250", "550", "10150")
    assert rows["甲项目"]["warnings"] == ["开工以来累计 10150 万元超过总投资 10000 万元"]
    assert (rows["甲项目"]["region"], rows["甲项目"]["owner"], rows["甲项目"]["total_investment_wan"]) == (
        a.region.name, a.owner.name, "10000")
    # 乙项目 never reported since its start in April: its 开工以来累计 is not May's 40 alone.
    assert "乙项目" not in rows
    assert {i.reason for i in result.issues if i.line == 4} == {
        "项目2024年4月已开工，2024年4月没有月报：请填写开工以来累计完成投资（万元，含2024年4月及本月），不能只按2024年5月计。",
        "2024年4月没有月报：请填写自年初累计完成投资（万元，含2024年4月及本月），不能只按2024年5月计。"}
    assert not MonthlyReport.objects.filter(month=5).exists()


def test_the_preview_page_puts_each_figure_under_its_own_header(tmp_path, projects, client, zone_user, settings):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path / "media"
    a, _ = projects
    report_save_draft(user=zone_user, project_id=a.pk, year=2024, month=4, month_completed_wan="300")
    path = _filled(tmp_path / "五月.xlsx", [[a.pk, "甲项目", 250]], title="报告月份：2024-05")
    client.force_login(zone_user)
    with open(path, "rb") as handle:
        response = client.post(reverse("ingest:import_upload"), {"kind": "reports", "month": "2024-05", "file": handle})
    page = client.get(response["Location"]).content.decode()
    table = page[page.index('data-testid="creates"'):]
    table = table[:table.index("</table>")]
    import re

    assert re.findall(r"<th[^>]*>([^<]+)</th>", table) == [
        "行号", "项目名称", "建设地点", "建设单位", "总投资（万元）", "本月完成投资（万元）", "自年初累计完成投资（万元）",
        "开工以来累计完成投资（万元）", "形象进度", "提示"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert cells[1:] == [a.name, a.region.name, a.owner.name, "10000", "250", "550", "550", "", ""]


def test_the_preview_warns_of_a_month_filed_after_a_later_one(tmp_path, projects, zone_user):
    """A month out of order (a later month already on file, e.g. imported before the gap rule)."""
    a, _ = projects
    report_save_draft(user=zone_user, project_id=a.pk, year=2024, month=4, month_completed_wan="300")
    MonthlyReport.objects.create(project=a, year=2024, month=6, month_completed_wan=Decimal(100),
                                 ytd_completed_wan=Decimal(400), since_start_completed_wan=Decimal(400))
    path = _filled(tmp_path / "五月.xlsx", [[a.pk, "甲项目", 250]], title="报告月份：2024-05")
    result = reports_import(user=zone_user, path=path, month=MAY)
    assert result.created_rows[0]["warnings"] == [
        "2024年6月已有月报，本月补报在其之后（月份顺序倒置），请核对此后各月的累计数"]
