"""纳统: the counted investment beside the dispatch figure, the 入库 checklist (due by the 10th) and
the 应统未统 list per region, scoped like every list, exported to Excel."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from sanpi.core.errors import Forbidden, NotFound
from sanpi.ingest.exports import uncounted_export
from sanpi.progress import counting, services
from sanpi.progress.models import CountedInvestment, StatisticsDocument
from sanpi.stats.uncounted import uncounted_by_region, uncounted_projects
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2024, 3, 20)


@pytest.fixture
def world():
    started = dict(stages=[("started", dt.date(2024, 1, 15))])
    return {
        "uncounted": make_project("未入库甲", total_investment_wan=D(20000), **started),
        "gaoxin": make_project("高新未入库", region="410172", total_investment_wan=D(8000), **started),
        "airport": make_project("港区未入库", region="410173", total_investment_wan=D(600), **started),
        "counted": make_project("已入库", total_investment_wan=D(20000), in_statistics=True, **started),
        "small": make_project("不足五百万", total_investment_wan=D(499), **started),
        "signed": make_project("未开工", total_investment_wan=D(20000), stages=[("signed", dt.date(2024, 1, 1))]),
        "later": make_project("四月开工", total_investment_wan=D(20000), stages=[("started", dt.date(2024, 4, 2))]),
        "stopped": make_project("已终止", total_investment_wan=D(20000),
                                stages=[("started", dt.date(2024, 1, 15)), ("terminated", dt.date(2024, 2, 1))]),
    }


def test_rules_due_by_the_tenth_and_the_threshold():
    assert counting.registration_due(dt.date(2024, 1, 31)) == dt.date(2024, 2, 10)
    assert counting.registration_due(dt.date(2024, 12, 1)) == dt.date(2025, 1, 10)
    assert counting.days_overdue(dt.date(2024, 1, 15), dt.date(2024, 2, 10)) == 0
    assert counting.days_overdue(dt.date(2024, 1, 15), dt.date(2024, 3, 20)) == 39
    assert counting.should_count(total_wan=D(500), started_on=dt.date(2024, 1, 1), as_of=dt.date(2024, 1, 1))
    assert not counting.should_count(total_wan=D("499.99"), started_on=dt.date(2024, 1, 1), as_of=dt.date(2024, 2, 1))
    assert not counting.should_count(total_wan=D(800), started_on=None, as_of=dt.date(2024, 2, 1))
    assert counting.missing_documents({"approval", "land", "planning", "construction", "contract"}) == [
        "开工证明（开工报告、现场照片）", "付款凭证（发票、银行回单）"]


def test_the_list_holds_started_projects_above_the_threshold_not_counted(world, province_user, zone_user):
    names = lambda qs: [p.name for p in qs]  # noqa: E731
    assert names(uncounted_projects(user=province_user, as_of=AS_OF)) == ["未入库甲", "高新未入库", "港区未入库"]
    assert names(uncounted_projects(user=zone_user, as_of=AS_OF)) == ["未入库甲"]  # its own zone only
    assert names(uncounted_projects(user=province_user, as_of=AS_OF, region="410172")) == ["高新未入库"]
    level, rows = uncounted_by_region(user=province_user, as_of=AS_OF)
    assert level == "省辖市"
    # 航空港区 is its own row, as in every by-city breakdown; 郑州 holds 经开区 and 高新区
    assert [(r.code, r.name, r.count, r.total_wan) for r in rows] == [
        ("410100", "郑州市", 2, D(28000)), ("410173", "郑州航空港经济综合实验区", 1, D(600))]


def test_counted_investment_and_checklist_are_recorded_with_history(world, zone_user, enterprise_user,
                                                                    enterprise_org):
    project = world["uncounted"]
    project.owner = enterprise_org  # the enterprise sees it, but the checklist is the office's to keep
    project.save()
    row = services.counted_investment_set(user=zone_user, project_id=project.pk, year=2024, month=2,
                                          counted_wan="1200.5", note="统计局 3 月 8 日反馈")
    assert (row.counted_wan, row.note) == (D("1200.5"), "统计局 3 月 8 日反馈")
    services.counted_investment_set(user=zone_user, project_id=project.pk, year=2024, month=2, counted_wan="1300")
    assert CountedInvestment.objects.get(project=project, month=2).counted_wan == D(1300)
    assert CountedInvestment.history.filter(project_id=project.pk).count() == 2
    with pytest.raises(ValidationError) as exc:  # not started in December 2023
        services.counted_investment_set(user=zone_user, project_id=project.pk, year=2023, month=12, counted_wan="10")
    assert "不属于应统项目" in exc.value.message_dict["project"][0]
    with pytest.raises(ValidationError) as exc:
        services.counted_investment_set(user=zone_user, project_id=project.pk, year=2024, month=13, counted_wan="1e30")
    assert set(exc.value.message_dict) == {"counted_wan", "month"}
    services.statistics_document_record(user=zone_user, project_id=project.pk, kind="construction",
                                        received_on="2024-02-06", note="施工许可证 410100202401150101")
    with pytest.raises(ValidationError) as exc:
        services.statistics_document_record(user=zone_user, project_id=project.pk, kind="weather", received_on="")
    assert set(exc.value.message_dict) == {"kind", "received_on"}
    with pytest.raises(Forbidden):
        services.statistics_document_record(user=enterprise_user, project_id=project.pk, kind="land",
                                            received_on="2024-02-06")
    gaoxin = world["gaoxin"]
    with pytest.raises(NotFound):  # another zone's project: not found, like an unknown one
        services.counted_investment_set(user=zone_user, project_id=gaoxin.pk, year=2024, month=2, counted_wan="1")
    assert StatisticsDocument.objects.filter(project=project).count() == 1
    assert uncounted_projects(user=zone_user, as_of=AS_OF).get().documents == 1


def test_the_page_and_its_export_show_the_same_scoped_rows(world, client, city_user, zone_user):
    client.force_login(city_user)
    html = client.get("/progress/uncounted/").content.decode()
    assert "未入库甲" in html and "高新未入库" in html and "港区未入库" in html and "已入库" not in html
    assert 'href="/ingest/export/uncounted.xlsx"' in html
    response = client.get("/ingest/export/uncounted.xlsx?region=410171")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[1][:3] == ["序号", "项目名称", "建设单位"] and "总投资（万元）" in rows[1]
    assert [r[1] for r in rows[2:]] == ["未入库甲", "四月开工"]  # as of today: 四月开工 has started too
    client.force_login(zone_user)
    assert "高新未入库" not in client.get("/progress/uncounted/").content.decode()


def test_export_writes_every_row_with_its_due_date(world, province_user, tmp_path):
    path = tmp_path / "u.xlsx"
    with open(path, "wb") as handle:
        assert uncounted_export(user=province_user, target=handle, as_of=AS_OF) == 3
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "应统未统项目清单（截至 2024-03-20）"
    first = dict(zip(rows[1], rows[2], strict=False))
    assert (first["项目名称"], first["总投资（万元）"], first["逾期天数（天）"]) == ("未入库甲", 20000.0, 39.0)


def test_the_project_page_shows_and_records_counting(world, client, zone_user):
    project = world["uncounted"]
    client.force_login(zone_user)
    response = client.post(f"/progress/projects/{project.pk}/counted/",
                           {"year": "2024", "month": "2", "counted_wan": "1200"})
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    client.post(f"/progress/projects/{project.pk}/statistics-documents/",
                {"kind": "contract", "received_on": "2024-02-05"})
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "应统未统" in html and "入库资料截止 2024-02-10" in html
    assert "✓ 施工合同（2024-02-05）" in html and "2024-02</td><td class=\"text-end\">1200</td>" in html
    bad = client.post(f"/progress/projects/{project.pk}/counted/", {"year": "2024", "month": "2", "counted_wan": "x"},
                      follow=True)
    assert "本月入库纳统投资（万元）" in bad.content.decode()
