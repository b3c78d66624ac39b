"""Schemes edited in the app: a province copies an example and edits indicators, weights, methods,
caps and groups through the page (checked with Chinese messages, history kept, version checked); a
city edits only its own schemes, whose groups hold its counties; published rankings stay frozen."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sanpi.core.errors import Conflict, Forbidden
from sanpi.ranking import rules, scheme_checks, schemes, services
from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import Ranking, RegionGroup, Scheme, SchemeIndicator
from sanpi.ranking.scheme_views import _rows_from_scheme
from sanpi.ranking.scoring import ranking_compute
from sanpi.testing import make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_data(scheme: Scheme, **changes) -> dict:
    """The edit page's form as the browser posts it (the scheme's current rows)."""
    indicators, groups = _rows_from_scheme(scheme)
    data = {"name": scheme.name, "description": scheme.description, "period_kind": scheme.period_kind,
            "top_n": str(scheme.top_n), "version": str(scheme.version), "ind-count": str(len(indicators)),
            "grp-count": str(len(groups))}
    for i, row in enumerate(indicators):
        for key, value in row.items():
            if key == "higher_is_better":
                if value:
                    data[f"ind-{i}-{key}"] = "on"
            else:
                data[f"ind-{i}-{key}"] = value
    for i, g in enumerate(groups):
        data[f"grp-{i}-id"], data[f"grp-{i}-name"], data[f"grp-{i}-regions"] = g["id"], g["name"], g["regions"]
    data.update(changes)
    return data


@pytest.fixture
def province():
    examples_install()
    return make_user("p_office", role="province", region="410000")


def test_province_copies_an_example_and_edits_it_on_the_page(province):
    example = Scheme.objects.get(name="河南月度考评示例")
    c = client_for(province)
    assert "复制为本单位办法" in c.get(f"/ranking/schemes/{example.pk}/").content.decode()
    response = c.post(f"/ranking/schemes/{example.pk}/copy/", {"name": "河南省2025年月度考评"})
    copy = Scheme.objects.get(name="河南省2025年月度考评")
    assert response["Location"] == f"/ranking/schemes/{copy.pk}/edit/"
    assert (copy.owner_region_id, copy.is_example, copy.indicators.count()) == ("410000", False, 5)
    assert [g.name for g in copy.groups.order_by("order")] == ["省辖市", "济源示范区、航空港区"]
    assert copy.groups.get(name="省辖市").regions.count() == 17
    page = c.get(f"/ranking/schemes/{copy.pk}/edit/").content.decode()
    assert page.count('data-testid="indicator-row"') == 5 + 2 and 'data-testid="weight-total">100' in page

    # weights that do not add up to 100 are refused, with the sum named
    refused = c.post(f"/ranking/schemes/{copy.pk}/edit/", form_data(copy, **{"ind-0-weight": "35"}))
    assert refused.status_code == 200
    assert "各项指标分值合计应为100分，现为95分。" in refused.content.decode()
    # a linear indicator without its full-points value, a band out of range, bad params: each named
    refused = c.post(f"/ranking/schemes/{copy.pk}/edit/", form_data(
        copy, **{"ind-0-target": "", "ind-4-thresholds": "0:12; 3:8", "ind-1-params": '{"batch": "signed"}'}))
    text = refused.content.decode()
    assert "按目标线性计分须填满分值" in text and "各档得分应在0到10.00分之间" in text and "该指标没有参数 batch" in text
    assert copy.indicators.get(order=0).weight == Decimal(40)  # nothing saved

    # a valid edit: 40 → 30 (linear, capped at 33), drop 黄灯, add 新开工投资 by bands, rename a group
    data = form_data(copy, **{"ind-0-weight": "30", "ind-0-cap_points": "33", "ind-4-delete": "on",
                              "ind-5-indicator": "new_starts_investment", "ind-5-weight": "20",
                              "ind-5-method": "thresholds", "ind-5-higher_is_better": "on",
                              "ind-5-thresholds": "500000:20；100000:12", "ind-5-label": "新开工投资（分档）",
                              "grp-1-name": "济源、航空港", "ind-count": "6"})
    assert c.post(f"/ranking/schemes/{copy.pk}/edit/", data).status_code == 302
    copy.refresh_from_db()
    rows = list(copy.indicators.order_by("order"))
    assert [r.indicator for r in rows] == ["investment_completion_rate", "schedule_gap", "new_starts", "red_lights",
                                           "new_starts_investment"]
    assert (rows[0].weight, rows[0].cap_points) == (Decimal(30), Decimal(33))
    assert rows[4].thresholds == [["500000", "20"], ["100000", "12"]] and rows[4].method == "thresholds"
    assert copy.version == 2 and copy.groups.filter(name="济源、航空港").exists()
    # history keeps every earlier value: the old weight, the removed indicator, the old group name
    assert SchemeIndicator.history.filter(id=rows[0].pk).order_by("history_date").first().weight == Decimal(40)
    assert SchemeIndicator.history.filter(scheme_id=copy.pk, indicator="yellow_lights", history_type="-").exists()
    assert RegionGroup.history.filter(scheme_id=copy.pk, name="济源示范区、航空港区").exists()

    # the same form again (version 1) is refused: another edit landed first
    stale = c.post(f"/ranking/schemes/{copy.pk}/edit/", form_data(copy, version="1"), follow=True)
    assert "已被他人修改" in stale.content.decode()
    assert Scheme.objects.get(pk=copy.pk).version == 2
    data = ranking_compute(scheme=copy, period=rules.parse_period("2024-06"))
    assert [i["weight"] for i in data["indicators"]] == ["30.00", "20.00", "20.00", "10.00", "20.00"]


def test_published_ranking_unchanged_by_an_edit(province):
    scheme = Scheme.objects.get(name="河南月度考评示例")
    published = services.ranking_publish(user=province, scheme_id=scheme.pk, period="2024-06")
    before = json.dumps(published.data, sort_keys=True)
    rows = [{**{f: getattr(i, f) for f in schemes.INDICATOR_FIELDS}, "id": i.pk}
            for i in scheme.indicators.order_by("order")]
    rows[0]["weight"], rows[1]["weight"] = Decimal(30), Decimal(30)
    groups = [{"id": g.pk, "name": g.name, "regions": [r.code for r in g.regions.all()]} for g in scheme.groups.all()]
    schemes.scheme_update(user=province, scheme_id=scheme.pk, version=scheme.version, name=scheme.name,
                          description=scheme.description, period_kind="month", top_n=3, indicators=rows, groups=groups)
    assert json.dumps(Ranking.objects.get(pk=published.pk).data, sort_keys=True) == before
    live = ranking_compute(scheme=scheme, period=rules.parse_period("2024-06"))
    assert live["indicators"][1]["weight"] == "30.00"
    with pytest.raises(ValidationError, match="不能改考评周期"):
        schemes.scheme_update(user=province, scheme_id=scheme.pk, version=scheme.version + 1, name=scheme.name,
                              description="", period_kind="quarter", top_n=3, indicators=rows, groups=groups)
    with pytest.raises(Conflict):  # the version this edit started from is gone
        schemes.scheme_update(user=province, scheme_id=scheme.pk, version=1, name=scheme.name, description="",
                              period_kind="month", top_n=3, indicators=rows, groups=groups)


def test_a_city_edits_its_own_schemes_for_its_counties_only(province):
    city = make_user("zz_office", role="city", region="410100")
    henan = Scheme.objects.get(name="河南月度考评示例")
    zhengzhou = Scheme.objects.get(name="郑州县区月度考评示例")
    c = client_for(city)
    assert c.get(f"/ranking/schemes/{henan.pk}/edit/").status_code == 403
    assert "修改指标、分值和分组" not in c.get(f"/ranking/schemes/{henan.pk}/").content.decode()
    assert c.get(f"/ranking/schemes/{zhengzhou.pk}/edit/").status_code == 200
    # a copy of the province's scheme ranks the copier's own counties: 郑州 keeps 航空港区 (a region under
    # it); 洛阳 keeps no group and gets one group of all its counties and zones
    copy = schemes.scheme_copy(user=city, scheme_id=henan.pk, name="郑州月度考评（仿省）")
    assert [(g.name, [r.code for r in g.regions.all()]) for g in copy.groups.all()] == [
        ("济源示范区、航空港区", ["410173"])]
    luoyang = make_user("ly_office", role="city", region="410300")
    copy = schemes.scheme_copy(user=luoyang, scheme_id=henan.pk, name="洛阳月度考评（仿省）")
    groups = list(copy.groups.prefetch_related("regions"))
    assert [g.name for g in groups] == ["全部"] and copy.owner_region_id == "410300"
    codes = {r.code for r in groups[0].regions.all()}
    assert {"410302", "410371"} <= codes and all(c.startswith("4103") and c != "410300" for c in codes)
    # a group holding 洛阳's county, or one region in two groups, is refused
    data = form_data(zhengzhou, **{"grp-0-regions": ["410102", "410302"]})
    page = c.post(f"/ranking/schemes/{zhengzhou.pk}/edit/", data).content.decode()
    assert "区划 410302 不在本办法可考评的范围内" in page
    data = form_data(zhengzhou, **{"grp-1-regions": ["410122", "410102"]})
    assert "一个地区只能在一个分组" in c.post(f"/ranking/schemes/{zhengzhou.pk}/edit/", data).content.decode()
    with pytest.raises(Forbidden):
        schemes.scheme_copy(user=make_user("z_office", role="zone", region="410171"), scheme_id=zhengzhou.pk, name="x")
    with pytest.raises(ValidationError, match="已被另一个考评办法使用"):
        schemes.scheme_copy(user=city, scheme_id=henan.pk, name="郑州县区月度考评示例")


def test_scheme_checks():
    assert scheme_checks.parse_thresholds("0：10；3:8, 6:5") == ([["0", "10"], ["3", "8"], ["6", "5"]], None)
    assert "格式不对" in scheme_checks.parse_thresholds("0-10")[1]
    base = {"indicator": "schedule_gap", "label": "", "weight": Decimal(100), "method": "rank",
            "higher_is_better": True, "target": None, "floor": None, "thresholds": [], "cap_points": None,
            "min_points": None, "params": {}}

    def errors(**row):
        return scheme_checks.indicator_errors([{**base, **row}], period_kind="quarter", registry={
            "schedule_gap", "scheme_score", "activity_task_rate"}, scheme_names={"月度"})

    assert errors() == {}
    assert errors(min_points=Decimal(101)) == {"ind-0-min_points": ["保底分应在0到该项分值100分之间。"]}
    assert "越小越好的指标，满分值应低于零分值。" in errors(method="linear", target=Decimal(10), floor=Decimal(5),
                                                 higher_is_better=False)["ind-0-target"]
    assert errors(indicator="scheme_score", params={"scheme": "月度", "part": "m2"}) == {}
    assert "m1、m2、m3、same" in errors(indicator="scheme_score", params={"scheme": "月度", "part": "q2"})["ind-0-params"][0]
    assert "批次和口径" in errors(indicator="activity_task_rate", params={"batch": "x"})["ind-0-params"][0]
    assert scheme_checks.group_errors([], allowed={}) == {"groups": ["至少要有一个排名分组。"]}


def test_annual_score_reads_each_figure_once_per_year(province):
    """郑州年度 = 4 quarters of 禹州 = 3 months of 郑州县区 each, plus the year before for the rank change:
    the plans are aggregated once per year (2024 and 2023), not once per month."""
    scheme = Scheme.objects.get(name="郑州年度考评示例")
    with CaptureQueriesContext(connection) as queries:
        data = ranking_compute(scheme=scheme, period=rules.parse_period("2024"))
    plans = [q for q in queries.captured_queries if 'FROM "projects_annualplan"' in q["sql"]]
    lights = [q for q in queries.captured_queries if 'FROM "progress_projectlight"' in q["sql"]]
    assert len(plans) == 2 and len(lights) == 2
    assert len(queries.captured_queries) <= 40
    assert [g["name"] for g in data["groups"]] == ["城区组", "县（市）组", "功能区组"]
