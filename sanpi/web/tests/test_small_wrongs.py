"""The small wrongs of issue #16, each pinned: a tab counts the rows it lists, 项目规模 lists each band
once, an overrun is shown as one, a missing 开工率 says why, the lights name their rule set."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from sanpi.activities import services as activities
from sanpi.activities.models import ListEntry
from sanpi.progress.models import EvaluationRun, ProjectLight, RuleSet
from sanpi.stats.project_page import ProgressBar
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_a_zone_users_tab_counts_only_its_rows_and_sizes_are_listed_once(client, province_user, zone_user):
    period = activities.period_create(user=province_user, number=11, held_on=dt.date(2026, 10, 18),
                                      host_region="410000", status="open")
    for region, amount in (("410171", 2000000), ("410302", 50000), ("410302", 60000)):
        ListEntry.objects.create(period=period, batch="started", project=make_project(region=region),
                                 region_id=region, declared_total_investment_wan=Decimal(amount))
    client.force_login(zone_user)
    html = client.get(f"/activities/periods/{period.pk}/?batch=started").content.decode()
    assert re.search(r'data-testid="tab-started">开工一批（1）<', html)
    client.force_login(province_user)
    html = client.get(f"/activities/periods/{period.pk}/?batch=started").content.decode()
    assert re.search(r'data-testid="tab-started">开工一批（3）<', html)
    assert html.count("<td>开工一批</td><td>100亿元以上</td>") == 1


def test_an_investment_overrun_is_shown_not_capped():
    bar = ProgressBar(since_start_wan=Decimal(228543), total_wan=Decimal(190000), ytd_wan=None, annual_plan_wan=None,
                      report_year=2026, report_month=10, milestones=[])
    assert bar.investment_pct == Decimal("120.3") and bar.investment_overrun


def test_lights_say_why_there_is_no_start_rate_and_name_the_rule_set(client, zone_user):
    project = make_project(region="410171")
    rule_set = RuleSet.objects.filter(is_default=True).first()
    EvaluationRun.objects.create(year=2026, month=10, as_of="2026-11-06", projects=1, red=1, yellow=0, green=0)
    ProjectLight.objects.create(project=project, year=2026, month=10, colour="red", reasons=["未报"],
                                rule_set=rule_set, evaluated_at="2026-11-06T02:00:00+08:00")
    client.force_login(zone_user)
    html = client.get("/progress/lights/?period=2026-10").content.decode()
    assert "开工率 —（本年无计划开工项目）" in html and "开工率 —%" not in html
    assert f'<td class="small">{rule_set.name}' in html and ">银川<" not in html
