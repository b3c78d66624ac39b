import pytest

from sanpi.approvals.models import ApprovalItem
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


def test_approvals_through_the_api(api, zone_user):
    project = make_project(region="410171", management_category="enterprise")
    client = api(zone_user)
    created = client.post(f"/projects/{project.pk}/approvals")
    assert created.status_code == 200
    assert [r["name"] for r in created.json()][:2] == ["核准或备案", "用地预审与选址"]
    item = created.json()[0]
    bad = client.patch(f"/approval-items/{item['id']}", {"status": "done"})
    assert bad.status_code == 422
    assert "状态为“已办结”时须填写实际办结日期。" in bad.content.decode()
    ok = client.patch(f"/approval-items/{item['id']}", {"status": "done", "done_on": "2024-02-01",
                                                         "document_number": "2024-410171-35-03-000001"})
    assert ok.status_code == 200 and ok.json()["status_label"] == "已办结"
    assert ApprovalItem.objects.get(pk=item["id"]).history.count() == 2
    listed = client.get(f"/projects/{project.pk}/approvals").json()
    assert listed[0]["done_on"] == "2024-02-01"


def test_funds_through_the_api(api, zone_user, city_user):
    project = make_project(region="410171")
    client = api(zone_user)
    line = client.post(f"/projects/{project.pk}/funds", {"year": 2024, "source": "special_bond",
                                                         "allocated_wan": "8000", "bond_batch": "2024年第一批",
                                                         "bond_issued_on": "2024-03-10"})
    assert line.status_code == 201, line.content
    line_id = line.json()["id"]
    month = client._send("put", f"/funding-lines/{line_id}/months/3",
                         {"arrived_wan": "5000", "arrived_on": "2024-03-15", "paid_wan": "800"})
    assert month.status_code == 200, month.content
    assert (month.json()["arrived_wan"], month.json()["paid_wan"]) == ("5000", "800")
    too_much = client._send("put", f"/funding-lines/{line_id}/months/4", {"paid_wan": "4300"})
    assert too_much.status_code == 422 and "不能超过累计到位" in too_much.content.decode()
    assert FundingMonth.objects.filter(line_id=line_id).count() == 1
    assert client.get(f"/projects/{project.pk}/funds").json()[0]["source_label"] == "地方政府专项债券"
    outsider = api(city_user)  # 郑州 sees 经开区: the same line is visible to the city
    assert outsider.get(f"/projects/{project.pk}/funds").status_code == 200
    assert FundingLine.objects.count() == 1


def test_rates_endpoint_answers_for_the_users_region_only(api, zone_user):
    client = api(zone_user)
    own = client.get("/stats/rates", month="2024-06")
    assert own.status_code == 200
    assert own.json()["region"] == "410171"
    assert [r["label"] for r in own.json()["rows"][0]["rates"]][0] == "前期手续办结率"
    assert client.get("/stats/rates", month="2024-06", region="410300").status_code == 404
    assert client.get("/stats/rates", month="2024-13").status_code == 422


def test_counted_investment_per_month_beside_the_dispatch_figure(api, zone_user, city_user):
    import datetime as dt

    from sanpi.progress.services.reports import report_save_draft

    project = make_project(region="410171", total_investment_wan=20000,
                           stages=[("signed", dt.date(2023, 3, 1)), ("started", dt.date(2024, 2, 10))])
    report_save_draft(user=zone_user, project_id=project.pk, year=2024, month=3, month_completed_wan="800",
                      ytd_completed_wan="800", since_start_completed_wan="800")  # nothing done in February
    client = api(zone_user)
    put = client._send("put", f"/projects/{project.pk}/counted/2024/3", {"counted_wan": "650", "note": "统计局核定"})
    assert put.status_code == 200, put.content
    assert put.json() == {"month": 3, "completed_wan": "800", "counted_wan": "650", "note": "统计局核定"}
    early = client._send("put", f"/projects/{project.pk}/counted/2024/1", {"counted_wan": "10"})
    assert early.status_code == 422 and "不属于应统项目" in early.content.decode()
    got = client.get(f"/projects/{project.pk}/counted", year=2024).json()
    assert got["months"] == [{"month": 3, "completed_wan": "800", "counted_wan": "650", "note": "统计局核定"}]
    assert (got["should_count"], got["threshold_wan"], got["registration_due"]) == (True, 500, "2024-03-10")
    assert [d["received_on"] for d in got["documents"]] == [None] * len(got["documents"])
    assert api(city_user).get(f"/projects/{project.pk}/counted").status_code == 200
    luoyang = make_project(region="410302")
    assert client.get(f"/projects/{luoyang.pk}/counted").status_code == 404
