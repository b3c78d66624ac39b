"""开工一批 preparation: earlier signed projects not yet on a 开工一批, started ones ready to list, the
others with 预计开工 and the chance of starting within the period's window from earlier cohorts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sanpi.activities.models import ListEntry, Period
from sanpi.outlook.candidates import started_candidates
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
TWO_YI = Decimal(20000)  # 2亿: the 1亿—10亿元 cohort


def _signed(period, name, region="410122", total=TWO_YI, stages=()):
    project = make_project(name, region=region, total_investment_wan=total,
                           stages=[("signed", period.held_on - dt.timedelta(days=3)), *stages])
    ListEntry.objects.create(period=period, batch="signed", project=project, region_id=region,
                             declared_total_investment_wan=total)
    return project


@pytest.fixture
def prep():
    """Today T. An old cohort (T−730): 14 of 20 started 10, 20 … 140 days after its list, 6 never. The
    previous period (T−20) signed a (started T−5, in the window), b (not started), d (started T−16 and
    already on this period's 开工一批), e (terminated T−11) and a 洛阳 project. This period: T+101, open."""
    today = timezone.localdate()
    old = Period.objects.create(number=1, held_on=today - dt.timedelta(days=730), host_region_id="410000")
    previous = Period.objects.create(number=2, held_on=today - dt.timedelta(days=20), host_region_id="410000")
    period = Period.objects.create(number=3, held_on=today + dt.timedelta(days=101), host_region_id="410000")
    for i in range(20):
        stages = [("started", old.held_on + dt.timedelta(days=10 * (i + 1)))] if i < 14 else []
        _signed(old, f"往期签约{i}", stages=stages)
    _signed(previous, "已开工待列入", stages=[("started", today - dt.timedelta(days=5))])
    _signed(previous, "尚未开工")
    listed = _signed(previous, "已列入开工一批", stages=[("started", today - dt.timedelta(days=16))])
    ListEntry.objects.create(period=period, batch="started", project=listed, region_id="410122",
                             declared_total_investment_wan=TWO_YI)
    _signed(previous, "已终止", stages=[("terminated", today - dt.timedelta(days=11))])
    _signed(previous, "洛阳签约", region="410305")
    return {"today": today, "period": period, "previous": previous}


def test_candidates_ready_first_then_by_chance(province_user, prep, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        result = started_candidates(user=province_user, period=prep["period"], today=prep["today"])
    rows = {r.name: r for r in result["rows"]}
    assert set(rows) == {"已开工待列入", "尚未开工", "洛阳签约", *(f"往期签约{i}" for i in range(14, 20))}
    assert result["window"] == (prep["previous"].held_on + dt.timedelta(days=1), prep["period"].held_on)
    assert not result["past_window"] and result["as_of"] == prep["today"]
    ready = rows["已开工待列入"]
    assert result["rows"][0] is ready and ready.ready and ready.risk is None and result["ready"] == 1
    b = rows["尚未开工"]
    # The 郑州 1亿—10亿 cohort: the old 20 and a, b, d, e. 20 days after the list 18 are still waiting
    # (d started at 4, e left at 9, a started at 15, one old at 10 and one at 20, b waits); 10 of the
    # 18 started by day 121, the window's end.
    assert b.cohort == "410100-1to10" and b.cohort_label == "郑州市·1亿—10亿元" and b.cohort_size == 24
    assert b.risk.probability == pytest.approx(10 / 18) and b.risk.level == "中"
    # half of those still waiting after 20 days had started by day 110 (the 9th of the 18)
    assert b.expected_on == prep["previous"].held_on + dt.timedelta(days=110)
    assert result["rows"][1] is b
    never = rows["往期签约15"]  # waiting for two years: the cohort's curve is flat beyond 140 days
    assert never.risk.probability == 0 and never.risk.level == "高" and never.expected_on is None
    assert [r.name for r in result["rows"][-6:]] == [f"往期签约{i}" for i in range(14, 20)]
    assert result["levels"] == {"低": 0, "中": 1 + (rows["洛阳签约"].risk.level == "中"),
                                "高": 6 + (rows["洛阳签约"].risk.level == "高")}


def test_zone_sees_only_its_own_candidates(zone_user, prep):
    assert started_candidates(user=zone_user, period=prep["period"], today=prep["today"])["rows"] == []


def test_past_window_estimates_as_of_the_window_start(province_user, prep):
    later = prep["period"].held_on + dt.timedelta(days=1)
    result = started_candidates(user=province_user, period=prep["period"], today=later)
    assert result["past_window"] and result["as_of"] == result["window"][0]
    rows = {r.name: r for r in result["rows"]}
    # started after the window opened: estimated as of its first day, shown beside what happened
    assert not rows["已开工待列入"].ready and rows["已开工待列入"].risk is not None


def test_preparation_page(client, province_user, zone_user, prep):
    client.force_login(province_user)
    url = f"/activities/periods/{prep['period'].pk}/started-candidates/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "开工一批准备" in html and "窗口内开工概率（%）" in html
    assert 'name="project_id" value="{}"'.format(page.context["result"]["rows"][0].project_id) in html
    assert f'href="/outlook/periods/{prep["period"].pk}/starts/?cohort=410100-1to10"' in html
    assert "郑州市·1亿—10亿元（24 个）" in html
    assert '<span class="badge text-bg-warning" data-testid="risk-level">中</span>' in html
    detail = client.get(f"/activities/periods/{prep['period'].pk}/").content.decode()
    assert f'href="{url}"' in detail
    cohort = client.get(f"/outlook/periods/{prep['period'].pk}/starts/?cohort=410100-1to10")
    assert len(cohort.context["members"]) == 24 and "尚未开工" in cohort.content.decode()
    client.force_login(zone_user)
    assert client.get(url).context["result"]["rows"] == []
