"""Every statistic against an independent computation over hand-made rows (kept in Python here)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from sanpi.activities import services
from sanpi.activities.models import ListEntry, Period
from sanpi.activities.rules import median
from sanpi.activities.statistics import cohort_conversion, period_stats, year_ago_period
from sanpi.core.money import format_yi
from sanpi.projects.models import Category, Industry
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
D = dt.date

# region → the 省辖市 row it must be counted in, written out by hand (航空港区 and 济源 are their own rows)
CITY_OF = {"410171": "410100", "410172": "410100", "410102": "410100", "410173": "410173", "419001": "419001",
           "410302": "410300"}
LABEL = {"signed": "签约", "started": "开工", "producing": "投产"}
# batch, region, 总投资 (万元), sector, domain, fund source, industry 大类
ROWS = [
    ("signed", "410171", 50000, "manufacturing", "innovation", "local", "27"),
    ("signed", "410173", 200000, "emerging", "innovation", "foreign", "39"),
    ("signed", "419001", 1000000, "infrastructure", "infrastructure", "local", "48"),
    ("signed", "410302", 120000, "services", "industry_transformation", "out_of_province", "54"),
    ("signed", "410102", 600000, "manufacturing", "industry_transformation", "local", "38"),
    ("started", "410173", 400000, "manufacturing", "industry_transformation", "foreign", "39"),
    ("started", "410171", 600000, "emerging", "innovation", "local", "27"),
    ("started", "410172", 1500000, "digital", "new_infrastructure", "out_of_province", "64"),
    ("started", "410302", 300000, "manufacturing", "industry_transformation", "local", "33"),
    ("started", "410302", Decimal("20000.55"), "social", "livelihood", "local", "84"),
    ("producing", "410173", 90000000, "manufacturing", "industry_transformation", "foreign", "39"),
    ("producing", "410102", 59000000, "manufacturing", "innovation", "local", "38"),
]


def cat(scheme, code):
    return Category.objects.get(scheme=scheme, year=2024, code=code)


def add_period(number, held_on, status="open"):
    return Period.objects.create(number=number, held_on=held_on, host_region_id="410000", status=status)


def build_period():
    period = add_period(11, D(2024, 1, 2))
    for batch, region, amount, sector, domain, fund, industry in ROWS:
        project = make_project(region=region, total_investment_wan=Decimal(amount), sector=cat("sector", sector),
                               domain=cat("domain", domain), fund_source=fund, industry_id=industry)
        ListEntry.objects.create(period=period, batch=batch, project=project, region_id=region,
                                 declared_total_investment_wan=Decimal(amount))
    return period


def expected_cells(key):
    """{group: {list label: (count, total)}} computed in Python from ROWS."""
    out = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    for row in ROWS:
        cell = out[key(row)][LABEL[row[0]]]
        cell[0] += 1
        cell[1] += Decimal(row[2])
    return out


def actual_cells(rows):
    return {r["code"]: {label: [c["count"], Decimal(c["total_investment_wan"])] for label, c in r["lists"].items()
                        if c["count"]} for r in rows if r["total"]["count"]}


def as_plain(expected):
    return {k: {label: list(v) for label, v in lists.items()} for k, lists in expected.items()}


def test_lists_and_wanyi_formatting():
    stats = period_stats(period=build_period())
    assert stats["period"] == 11
    assert stats["lists"] == {
        "签约": {"count": 5, "total_investment_wan": "1970000"},
        "开工": {"count": 5, "total_investment_wan": "2820000.55"},
        "投产": {"count": 2, "total_investment_wan": "149000000"},
    }
    assert format_yi(stats["lists"]["投产"]["total_investment_wan"]) == "1.49万亿元"
    assert format_yi(stats["lists"]["签约"]["total_investment_wan"]) == "197亿元"
    assert format_yi(stats["lists"]["开工"]["total_investment_wan"]) == "282亿元"


def test_by_city_counts_airport_zone_once():
    stats = period_stats(period=build_period())
    assert actual_cells(stats["by_city"]) == as_plain(expected_cells(lambda r: CITY_OF[r[1]]))
    codes = [r["code"] for r in stats["by_city"]]
    assert len(codes) == 19 and "410173" in codes and "419001" in codes and "410100" in codes
    # 郑州 holds 经开区, 高新区 and 中原区 but not 航空港区
    zhengzhou = next(r for r in stats["by_city"] if r["code"] == "410100")
    assert zhengzhou["lists"]["开工"] == {"count": 2, "total_investment_wan": "2100000"}
    assert zhengzhou["lists"]["投产"] == {"count": 1, "total_investment_wan": "59000000"}
    for label in ("签约", "开工", "投产"):  # the rows add up to the list totals: nothing counted twice
        assert sum(Decimal(r["lists"][label]["total_investment_wan"]) for r in stats["by_city"]) == Decimal(
            stats["lists"][label]["total_investment_wan"])
        assert sum(r["lists"][label]["count"] for r in stats["by_city"]) == stats["lists"][label]["count"]


@pytest.mark.parametrize(("key", "index"), [
    ("by_county", 1), ("by_sector", 3), ("by_domain", 4), ("by_fund_source", 5),
])
def test_breakdowns(key, index):
    stats = period_stats(period=build_period())
    assert actual_cells(stats[key]) == as_plain(expected_cells(lambda r: r[index]))


def test_by_industry_uses_the_section():
    stats = period_stats(period=build_period())
    section = dict(Industry.objects.filter(kind="division").values_list("code", "parent"))
    assert actual_cells(stats["by_industry"]) == as_plain(expected_cells(lambda r: section[r[6]]))
    names = {r["code"]: r["name"] for r in stats["by_industry"]}
    assert names["C"] == Industry.objects.get(code="C").name


def test_by_fund_source_names():
    stats = period_stats(period=build_period())
    assert [(r["code"], r["name"], r["total"]["count"]) for r in stats["by_fund_source"]] == [
        ("local", "本地资金", 7), ("out_of_province", "省外资金", 2), ("foreign", "外资", 3)]


def test_by_size():
    stats = period_stats(period=build_period())

    def at_least(batch, low):
        amounts = [Decimal(r[2]) for r in ROWS if r[0] == batch and Decimal(r[2]) >= low]
        return {"count": len(amounts), "total_investment_wan": str(sum(amounts, Decimal(0)).normalize())
                if amounts else "0"}

    def between(low, high):
        amounts = [Decimal(r[2]) for r in ROWS if r[0] == "started" and low <= Decimal(r[2])
                   and (high is None or Decimal(r[2]) < high)]
        return len(amounts), sum(amounts, Decimal(0))

    for batch in ("signed", "started", "producing"):
        got = stats["by_size"][LABEL[batch]]["at_least"]
        for item, low in zip(got, (100000, 500000, 1000000), strict=True):
            expected = at_least(batch, Decimal(low))
            assert (item["count"], Decimal(item["total_investment_wan"])) == (
                expected["count"], Decimal(expected["total_investment_wan"]))
    ranges = stats["by_size"]["开工"]["ranges"]
    assert [r["label"] for r in ranges] == ["30亿—50亿元", "50亿—100亿元", "100亿元以上"]
    assert [(r["count"], Decimal(r["total_investment_wan"])) for r in ranges] == [
        between(Decimal(300000), Decimal(500000)), between(Decimal(500000), Decimal(1000000)),
        between(Decimal(1000000), None)]
    assert [r["count"] for r in ranges] == [2, 1, 1]


def test_conversion_against_hand_computed_rates():
    cohort = add_period(10, D(2023, 10, 20))
    now = add_period(11, D(2024, 1, 2))
    as_of = now.held_on
    people = [  # signed_on, started_on, produced_on, terminated_on
        (D(2023, 9, 1), D(2023, 11, 1), None, None),
        (D(2023, 9, 10), D(2023, 12, 20), None, None),
        (D(2023, 8, 1), D(2024, 2, 1), None, None),  # starts after period 11: not counted yet
        (D(2023, 9, 5), None, None, D(2023, 12, 1)),  # agreement terminated
        (D(2023, 10, 1), None, None, None),
    ]
    for signed_on, started_on, _, terminated_on in people:
        stages = [("signed", signed_on)]
        if started_on:
            stages.append(("started", started_on))
        if terminated_on:
            stages.append(("terminated", terminated_on))
        project = make_project(stages=stages)
        ListEntry.objects.create(period=cohort, batch="signed", project=project, region_id="410171",
                                 declared_total_investment_wan=Decimal(10000))
    started_list = [(D(2023, 3, 1), D(2023, 11, 15)), (D(2023, 6, 1), D(2023, 12, 31)), (D(2023, 7, 1), None),
                    (D(2023, 8, 1), D(2024, 3, 1))]
    for started_on, produced_on in started_list:
        stages = [("started", started_on)] + ([("producing", produced_on)] if produced_on else [])
        ListEntry.objects.create(period=cohort, batch="started", project=make_project(stages=stages),
                                 region_id="410171", declared_total_investment_wan=Decimal(10000))

    started = [(s, k) for s, k, _, _ in people if k and k <= as_of]
    produced = [(k, p) for k, p in started_list if p and p <= as_of]
    terminated = [t for *_, t in people if t and t <= as_of]
    row = cohort_conversion(cohort=cohort, as_of=as_of)
    assert row == {
        "cohort_period": 10, "as_of": "2024-01-02",
        "signed": 5, "started": len(started), "start_rate_pct": "40.00",
        "alive": 5 - len(terminated), "performance_rate_pct": "80.00",
        "started_list": 4, "produced": len(produced), "production_rate_pct": "50.00",
        "median_days_signed_to_started": str(median([(k - s).days for s, k in started])),
        "median_days_started_to_producing": str(median([(p - k).days for k, p in produced])),
    }
    assert row["median_days_signed_to_started"] == "81"  # (61 + 101) / 2
    assert row["median_days_started_to_producing"] == "236"  # (213 + 259) / 2
    stats = period_stats(period=now)
    assert [(c["cohort_period"], c["k"]) for c in stats["conversion"]] == [(11, 0), (10, 1)]
    assert stats["conversion"][1]["start_rate_pct"] == "40.00"


def test_comparison_with_previous_period_and_a_year_earlier(province_user):
    period = build_period()
    previous = add_period(10, D(2023, 10, 20))
    year_ago = add_period(7, D(2023, 1, 5))
    add_period(8, D(2023, 5, 8))
    for p, amount in ((previous, 985000), (year_ago, 1970000)):
        ListEntry.objects.create(period=p, batch="signed", project=make_project(), region_id="410171",
                                 declared_total_investment_wan=Decimal(amount))
    services.period_close(user=province_user, period_id=previous.pk)
    assert year_ago_period(period) == year_ago
    stats = period_stats(period=period)
    prev = stats["comparison"]["previous"]
    assert (prev["period"], prev["held_on"]) == (10, "2023-10-20")
    assert prev["change"]["签约"] == {"count": 4, "total_investment_wan": "985000", "count_growth_pct": "400",
                                     "total_growth_pct": "100"}
    assert prev["change"]["开工"] == {"count": 5, "total_investment_wan": "2820000.55", "count_growth_pct": None,
                                     "total_growth_pct": None}
    ago = stats["comparison"]["year_ago"]
    assert (ago["period"], ago["change"]["签约"]["total_growth_pct"]) == (7, "0")


def test_by_city_groups_by_code_only_and_names_rows_afterwards():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanpi.accounts.models import Region
    from sanpi.activities.statistics import breakdowns

    period = build_period()
    provincial = make_project(region="410000", total_investment_wan=Decimal(70000))  # 省直: no 省辖市 row
    ListEntry.objects.create(period=period, batch="signed", project=provincial, region_id="410000",
                             declared_total_investment_wan=Decimal(70000))
    with CaptureQueriesContext(connection) as queries:
        rows = breakdowns.by_city(period, breakdowns.period_entries(period))
    grouped = [q["sql"] for q in queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1 and '"name"' not in grouped[0].split("GROUP BY")[1]
    names = dict(Region.objects.values_list("code", "name"))
    for row in rows:
        assert row["name"] == (names[row["code"]] if row["code"] else "河南省本级"), row["code"]
    assert [r["lists"]["签约"] for r in rows if r["code"] is None] == [{"count": 1, "total_investment_wan": "70000"}]


def test_by_city_takes_the_names_from_its_units_and_counts_rows_without_reading_a_column():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanpi.activities.statistics import breakdowns

    period = build_period()
    entries = breakdowns.period_entries(period)
    period.host_region  # noqa: B018 (loaded before counting, as the live statistics have it)
    with CaptureQueriesContext(connection) as queries:
        rows = breakdowns.by_city(period, entries)
    # The host's units (with their names) and the GROUP BY: no third lookup of names.
    assert len(queries) == 2, [q["sql"] for q in queries]
    grouped = next(q["sql"] for q in queries if "GROUP BY" in q["sql"])
    assert "COUNT(*)" in grouped
    zhengzhou = next(r for r in rows if r["code"] == "410100")
    assert zhengzhou["name"] == "郑州市" and zhengzhou["total"]["count"] == 5
