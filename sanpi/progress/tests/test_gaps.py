"""One rule for a gap between months (docs/decisions.md): once a project reports, a month after a
missing one is refused, naming the missing month — in the form, the API and the workbook alike."""

import datetime as dt

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanpi.api.services import token_create
from sanpi.ingest.services.reports import reports_import
from sanpi.progress.models import MonthlyReport
from sanpi.progress.services.reports import report_save_draft
from sanpi.testing import make_project

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db
MESSAGE = "2024年10月的月报尚未填报：请先填报该月（当月无投资请填 0），再填报2024年11月。"


@pytest.fixture
def project(enterprise_org):
    p = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org,
                     stages=[("started", dt.date(2023, 10, 18))])
    make_plan(p, 2024, "12000")
    make_reports(p, 2024, ["1000"] * 9)  # January to September
    return p


def test_the_service_refuses_a_month_after_a_gap_and_accepts_it_once_filled(project, zone_user):
    with pytest.raises(ValidationError) as refused:
        report_save_draft(user=zone_user, project_id=project.pk, year=2024, month=11, month_completed_wan="500")
    assert refused.value.message_dict == {"month": [MESSAGE]}
    report_save_draft(user=zone_user, project_id=project.pk, year=2024, month=10, month_completed_wan="0")
    nov = report_save_draft(user=zone_user, project_id=project.pk, year=2024, month=11, month_completed_wan="500")
    assert nov.ytd_completed_wan == 9500


def test_the_form_the_api_and_the_workbook_give_the_same_message(project, zone_user, enterprise_user, client,
                                                                tmp_path):
    client.force_login(enterprise_user)
    url = f"{reverse('progress:report_new')}?project={project.pk}&year=2024&month=11"
    assert MESSAGE in client.post(url, {"month_completed_wan": "500", "save": "1"}).content.decode()

    key = token_create(user=enterprise_user, name="缺月").key
    response = client.generic("POST", f"/api/v1/projects/{project.pk}/reports",
                              data='{"year": 2024, "month": 11, "month_completed_wan": "500"}',
                              content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422 and response.json()["fields"] == {"month": [MESSAGE]}

    path = tmp_path / "十一月.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2024-11月报")
    sheet.write(0, 0, "报告月份：2024-11")
    sheet.write_row(1, 0, ["项目ID", "项目名称", "本月完成投资（万元）"])
    sheet.write_row(2, 0, [str(project.pk), project.name, 500])
    book.close()
    result = reports_import(user=zone_user, path=path, month=dt.date(2024, 11, 1))
    assert [i.reason for i in result.issues] == [MESSAGE]
    assert not MonthlyReport.objects.filter(month__gte=10).exists()


def test_a_report_filed_by_the_office_records_for_whom_and_self_approval_is_recorded(project, zone_user):
    from sanpi.progress.services.reports import report_approve, report_file

    report_save_draft(user=zone_user, project_id=project.pk, year=2024, month=10, month_completed_wan="0")
    report = report_file(user=zone_user, project_id=project.pk, year=2024, month=10, month_completed_wan="0",
                         submit=True)
    report_approve(user=zone_user, report_id=report.pk)
    steps = {s.action: s.reason for s in report.steps.all()}
    owner = project.owner.name
    assert steps["save"].endswith(f"代{owner}填报") and steps["submit"].endswith(f"代{owner}填报")
    assert steps["approve"] == "审核人即报送人（项目办代填后自行审核，已记录）"


# ---------------------------------------------------------------- a project's first report
SINCE = ("项目2023年10月已开工，2023年10月至2024年10月没有月报：请填写开工以来累计完成投资（万元，"
         "含2023年10月至2024年10月及本月），不能只按2024年11月计。")
YTD = "2024年1月至10月没有月报：请填写自年初累计完成投资（万元，含2024年1月至10月及本月），不能只按2024年11月计。"


@pytest.fixture
def unreported(enterprise_org):
    """Started 2023-10-18, never reported: its first report is for 2024-11."""
    p = make_project("安图生物体外诊断产业园（四期）", owner=enterprise_org, stages=[("started", dt.date(2023, 10, 18))])
    make_plan(p, 2024, "12000")
    return p


def test_a_first_report_after_unreported_months_needs_both_cumulative_figures(unreported, zone_user):
    with pytest.raises(ValidationError) as refused:
        report_save_draft(user=zone_user, project_id=unreported.pk, year=2024, month=11, month_completed_wan="500")
    assert refused.value.message_dict == {"since_start_completed_wan": [SINCE], "ytd_completed_wan": [YTD]}
    assert not MonthlyReport.objects.filter(project=unreported).exists()

    nov = report_save_draft(user=zone_user, project_id=unreported.pk, year=2024, month=11, month_completed_wan="500",
                            ytd_completed_wan="4500", since_start_completed_wan="9000")
    assert (nov.ytd_completed_wan, nov.since_start_completed_wan) == (4500, 9000)
    dec = report_save_draft(user=zone_user, project_id=unreported.pk, year=2024, month=12, month_completed_wan="100")
    assert (dec.ytd_completed_wan, dec.since_start_completed_wan) == (4600, 9100)  # continues from November


def test_an_opening_year_total_below_the_month_is_refused(unreported, zone_user):
    with pytest.raises(ValidationError) as refused:
        report_save_draft(user=zone_user, project_id=unreported.pk, year=2024, month=11, month_completed_wan="500",
                          ytd_completed_wan="400", since_start_completed_wan="9000")
    assert refused.value.message_dict == {
        "ytd_completed_wan": ["自年初累计完成投资（400 万元）不能小于本月完成投资（500 万元）。"]}


def test_a_first_report_in_january_needs_only_the_since_start_figure(unreported, zone_user):
    with pytest.raises(ValidationError) as refused:
        report_save_draft(user=zone_user, project_id=unreported.pk, year=2024, month=1, month_completed_wan="300")
    assert refused.value.message_dict == {"since_start_completed_wan": [
        "项目2023年10月已开工，2023年10月至2023年12月没有月报：请填写开工以来累计完成投资（万元，"
        "含2023年10月至2023年12月及本月），不能只按2024年1月计。"]}


def test_a_first_report_in_the_start_month_derives_both(enterprise_org, zone_user):
    p = make_project("十一月开工项目", owner=enterprise_org, stages=[("started", dt.date(2024, 11, 5))])
    make_plan(p, 2024, "1000")
    nov = report_save_draft(user=zone_user, project_id=p.pk, year=2024, month=11, month_completed_wan="200")
    assert (nov.ytd_completed_wan, nov.since_start_completed_wan) == (200, 200)


def test_the_first_report_rule_in_the_form_the_api_and_the_workbook(unreported, zone_user, enterprise_user, client,
                                                                   tmp_path):
    client.force_login(enterprise_user)
    url = f"{reverse('progress:report_new')}?project={unreported.pk}&year=2024&month=11"
    page = client.post(url, {"month_completed_wan": "500", "save": "1"}).content.decode()
    assert SINCE in page and YTD in page

    key = token_create(user=enterprise_user, name="首报").key
    response = client.generic("POST", f"/api/v1/projects/{unreported.pk}/reports",
                              data='{"year": 2024, "month": 11, "month_completed_wan": "500"}',
                              content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"since_start_completed_wan": [SINCE], "ytd_completed_wan": [YTD]}

    path = tmp_path / "十一月.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2024-11月报")
    sheet.write(0, 0, "报告月份：2024-11")
    sheet.write_row(1, 0, ["项目ID", "项目名称", "本月完成投资（万元）"])
    sheet.write_row(2, 0, [str(unreported.pk), unreported.name, 500])
    book.close()
    result = reports_import(user=zone_user, path=path, month=dt.date(2024, 11, 1))
    assert sorted(i.reason for i in result.issues) == sorted([SINCE, YTD])
    assert not MonthlyReport.objects.filter(project=unreported).exists()
