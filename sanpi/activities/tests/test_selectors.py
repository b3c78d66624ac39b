import datetime as dt
from decimal import Decimal

import pytest

from sanpi.activities.models import ListEntry, Period
from sanpi.activities.rules import chinese_number, median, rate_pct
from sanpi.activities.selectors import current_period_summary, period_list
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def periods():
    old = Period.objects.create(number=10, held_on=D(2023, 10, 20), host_region_id="410000", status="closed")
    latest = Period.objects.create(number=11, held_on=D(2024, 1, 2), host_region_id="410000", status="open")
    Period.objects.create(number=3, held_on=D(2024, 2, 1), level="city", host_region_id="410300")
    for period, region, batch, amount in ((latest, "410171", "signed", 50000), (latest, "410172", "signed", 70000),
                                          (latest, "410302", "started", 300000), (old, "410171", "signed", 1)):
        ListEntry.objects.create(period=period, batch=batch, project=make_project(region=region), region_id=region,
                                 declared_total_investment_wan=Decimal(amount))
    return old, latest


def test_current_period_summary_for_province_and_zone(periods, province_user, zone_user):
    summary = current_period_summary(user=province_user)
    assert (summary["number"], summary["region_scope"]) == (11, None)
    assert summary["lists"] == {"签约": {"count": 2, "total_investment_wan": "120000"},
                                "开工": {"count": 1, "total_investment_wan": "300000"},
                                "投产": {"count": 0, "total_investment_wan": "0"}}
    zone = current_period_summary(user=zone_user)
    assert (zone["number"], zone["region_scope"]) == (11, "郑州经济技术开发区")
    assert zone["lists"]["签约"] == {"count": 1, "total_investment_wan": "50000"}
    assert zone["lists"]["开工"] == {"count": 0, "total_investment_wan": "0"}


def test_period_list_visibility(periods, zone_user, province_user):
    assert [p.number for p in period_list(user=zone_user)] == [11, 10]  # not 洛阳's city period
    rows = {p.number: p for p in period_list(user=province_user)}
    assert sorted(rows) == [3, 10, 11]
    assert (rows[11].signed_count, rows[11].signed_total, rows[11].started_count) == (2, Decimal(120000), 1)


def test_rules_helpers():
    assert [chinese_number(n) for n in (1, 10, 11, 15, 20, 21, 100, 105, 110)] == [
        "一", "十", "十一", "十五", "二十", "二十一", "一百", "一百零五", "一百一十"]
    assert (median([3, 1, 2]), median([1, 2, 3, 10]), median([])) == (Decimal(2), Decimal("2.5"), None)
    assert (rate_pct(1, 3), rate_pct(2, 3), rate_pct(1, 0)) == ("33.33", "66.67", None)


def test_a_closed_periods_summary_is_its_frozen_snapshot(periods, province_user, zone_user):
    from sanpi.activities import services

    _, latest = periods
    services.period_close(user=province_user, period_id=latest.pk)
    signed = ListEntry.objects.get(period=latest, region_id="410172")
    services.period_revise(user=province_user, period_id=latest.pk, reason="高新区申报总投资更正",
                           declared_changes={signed.pk: Decimal(80000)})
    summary = current_period_summary(user=province_user)
    assert summary["status"] == "closed"
    assert summary["lists"]["签约"] == {"count": 2, "total_investment_wan": "130000"}  # revision 2
    # A zone office sees its own entries of the same period.
    assert current_period_summary(user=zone_user)["lists"]["签约"] == {"count": 1, "total_investment_wan": "50000"}
