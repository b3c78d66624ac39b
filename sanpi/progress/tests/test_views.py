import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from sanpi.accounts.models import Leader
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import MonthlyReport, Problem, RuleSet
from sanpi.testing import make_project, make_user

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def project(enterprise_org):
    p = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org, in_statistics=True,
                     stages=[("started", dt.date(2024, 1, 8))])
    make_plan(p, 2024, "12000")
    return p


def _new_url(project, month=3):
    return f"{reverse('progress:report_new')}?project={project.pk}&year=2024&month={month}"


def test_enterprise_files_and_submits_a_report_in_the_browser(client, project, enterprise_user):
    make_reports(project, 2024, ["1000", "1000"])
    client.force_login(enterprise_user)
    page = client.get(_new_url(project))
    assert page.status_code == 200
    assert "本月完成投资（万元）" in page.content.decode()
    response = client.post(_new_url(project), {"month_completed_wan": "800", "progress_text": "主体封顶",
                                                "submit": "1"})
    report = MonthlyReport.objects.get(project=project, month=3)
    assert response.status_code == 302 and response["Location"] == reverse("progress:report_detail", args=[report.pk])
    assert (report.status, report.ytd_completed_wan, report.progress_text) == ("submitted", D(2800), "主体封顶")
    detail = client.get(response["Location"]).content.decode()
    assert "已报送" in detail and "审核通过" not in detail


@pytest.mark.parametrize("month", ["13", "0", "-1", "²"])
def test_a_month_that_cannot_be_filed_is_refused_not_replaced(client, project, enterprise_user, month):
    """Found in the walk: month=13 opened "2026年13月月报", month=0 silently filed the current month."""
    client.force_login(enterprise_user)
    url = f"{reverse('progress:report_new')}?project={project.pk}&year=2024&month={month}"
    for response in (client.get(url), client.post(url, {"month_completed_wan": "800", "submit": "1"})):
        assert response.status_code == 302 and response["Location"] == reverse("progress:report_list")
    assert not MonthlyReport.objects.filter(project=project).exists()
    page = client.get(reverse("progress:report_list")).content.decode()
    assert "月份应在 1 到 12 之间" in page or "报告期无效" in page


def test_bad_figures_are_shown_beside_the_field_and_nothing_is_saved(client, project, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(_new_url(project, 1), {"month_completed_wan": "-5", "save": "1"})
    assert response.status_code == 400
    assert "本月完成投资不能为负数（填写了 -5 万元）。" in response.content.decode()
    response = client.post(_new_url(project, 1), {"month_completed_wan": "100", "ytd_completed_wan": "90"})
    assert "自年初累计完成投资应等于本月完成投资 100 万元，即 100 万元，填写的是 90 万元。" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_zone_approves_and_returns_other_zone_gets_404(client, project, zone_user, other_zone_user,
                                                       enterprise_user):
    (jan,) = make_reports(project, 2024, ["1000"], status="submitted")
    client.force_login(other_zone_user)
    assert client.get(reverse("progress:report_detail", args=[jan.pk])).status_code == 404
    assert client.post(reverse("progress:report_approve", args=[jan.pk])).status_code == 404
    client.force_login(enterprise_user)
    response = client.post(reverse("progress:report_approve", args=[jan.pk]), follow=True)
    assert "项目单位不能审核月报" in response.content.decode()
    client.force_login(zone_user)
    assert "审核通过" in client.get(reverse("progress:report_detail", args=[jan.pk])).content.decode()
    client.post(reverse("progress:report_return", args=[jan.pk]), {"reason": "形象进度照片缺失"})
    jan.refresh_from_db()
    assert (jan.status, jan.return_reason) == ("returned", "形象进度照片缺失")
    jan.status = "submitted"
    jan.save()
    client.post(reverse("progress:report_approve", args=[jan.pk]))
    jan.refresh_from_db()
    assert jan.status == "approved"


def test_a_locked_report_cannot_be_opened_for_editing(client, project, enterprise_user):
    (jan,) = make_reports(project, 2024, ["1000"], status="locked")
    client.force_login(enterprise_user)
    response = client.get(reverse("progress:report_edit", args=[jan.pk]))
    assert response.status_code == 403
    assert client.get(_new_url(project, 1))["Location"] == reverse("progress:report_detail", args=[jan.pk])


def test_report_list_shows_what_to_file_and_to_review(client, project, enterprise_user, zone_user):
    client.force_login(enterprise_user)
    page = client.get(reverse("progress:report_list")).content.decode()
    assert "全部月报" in page
    make_reports(project, 2024, ["1000"], status="submitted")
    client.force_login(zone_user)
    page = client.get(reverse("progress:report_list")).content.decode()
    assert "待审核（1 份）" in page and "安图生物体外诊断产业园（三期）" in page


def test_light_list_shows_colours_and_reasons_filtered(client, project, city_user):
    make_reports(project, 2024, ["1000", "0", "0", "0", "0"])
    evaluate_month(year=2024, month=5)
    client.force_login(city_user)
    page = client.get(reverse("progress:light_list"), {"period": "2024-05", "colour": "red"}).content.decode()
    assert "1-5月累计完成投资 1000 万元，占年度计划 12000 万元的 8.3%，序时进度 41.7%，低于序时进度 33.3 个百分点 → 红灯" in page
    empty = client.get(reverse("progress:light_list"), {"period": "2024-05", "dimension": "report_overdue"})
    assert "该月尚未评价或无符合条件的项目" in empty.content.decode()
    history = client.get(reverse("progress:project_lights", args=[project.pk])).content.decode()
    assert "2024-05" in history and "投资进度（对照序时进度）" in history


def test_rule_sets_are_readable_by_all_and_revised_by_their_owner(client, enterprise_user, zone_user, city_user,
                                                                  province_user):
    default = RuleSet.objects.get(is_default=True)
    client.force_login(enterprise_user)
    page = client.get(reverse("progress:ruleset_list")).content.decode()
    assert "银川市重点项目红黄绿灯预警规则" in page and "修订" not in page
    client.force_login(zone_user)
    assert client.get(reverse("progress:ruleset_edit", args=[default.pk])).status_code == 403
    # the default rule set is the province's: a city office may read it, not revise it
    client.force_login(city_user)
    assert "修订" not in client.get(reverse("progress:ruleset_list")).content.decode()
    refused = client.post(reverse("progress:ruleset_edit", args=[default.pk]), {
        "effective_from": "2026-01-01", "investment_pace_yellow": "8", "investment_pace_red": "25"})
    assert refused.status_code == 403 and "省项目办" in refused.content.decode()
    assert not RuleSet.objects.filter(name=default.name, version=2).exists()
    client.force_login(province_user)
    response = client.post(reverse("progress:ruleset_edit", args=[default.pk]), {
        "effective_from": "2026-01-01", "investment_pace_yellow": "8", "investment_pace_red": "25"})
    assert response.status_code == 302
    new = RuleSet.objects.get(name=default.name, version=2)
    assert new.is_default and not RuleSet.objects.get(pk=default.pk).is_default
    pace = new.rules.get(dimension="investment_pace")
    assert (pace.yellow_threshold, pace.red_threshold) == (D(8), D(25))
    assert new.rules.count() == 8  # six published dimensions, 前期手续滞后 and 资金支付滞后


def test_problem_pages_raise_escalate_and_close(client, project, enterprise_user, zone_user):
    client.force_login(enterprise_user)
    url = f"{reverse('progress:problem_new')}?project={project.pk}"
    bad = client.post(url, {"kind": "land", "description": "", "responsible_department": "自然资源局",
                            "deadline": "2024-02-01"})
    assert bad.status_code == 400 and "请填写问题描述。" in bad.content.decode()
    response = client.post(url, {"kind": "land", "description": "用地指标未落实", "responsible_department": "自然资源局",
                                 "deadline": (dt.date.today() + dt.timedelta(days=30)).isoformat()})
    problem = Problem.objects.get()
    assert response["Location"] == reverse("progress:problem_detail", args=[problem.pk])
    client.force_login(zone_user)
    detail = reverse("progress:problem_detail", args=[problem.pk])
    client.post(detail, {"action": "escalate", "level": "reminder"})
    page = client.get(detail).content.decode()
    assert "提醒函 提醒〔" in page and "下载 .docx" in page
    bad_close = client.post(detail, {"action": "resolve", "closure_note": ""})
    assert "销号需上传佐证材料或填写销号说明。" in bad_close.content.decode()
    client.post(detail, {"action": "resolve", "closure_note": "已取得用地批复"})
    problem.refresh_from_db()
    assert problem.status == "resolved"
    listing = client.get(reverse("progress:problem_list"), {"status": "resolved"}).content.decode()
    assert "用地指标未落实" in listing


def test_leader_page_lists_followed_projects(client, project):
    user = make_user("leader_v", role="leader", region="410171")
    leader = Leader.objects.create(name="张波", title="经开区管委会主任", region_id="410171", user=user)
    project.leaders.add(leader)
    make_reports(project, 2024, ["1000", "0", "0", "0", "0"])
    evaluate_month(year=2024, month=5)
    client.force_login(user)
    page = client.get(reverse("progress:leader")).content.decode()
    assert "张波（经开区管委会主任） · 包联项目" in page
    assert "安图生物体外诊断产业园（三期）" in page and "红灯" in page
