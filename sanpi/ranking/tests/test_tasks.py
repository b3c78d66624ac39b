"""三个一批 tasks per period against the lists: the 签约 indicators of the quarterly example scheme."""

import datetime as dt
from decimal import Decimal

import pytest

from sanpi.activities.models import ListEntry, Period
from sanpi.core.errors import Forbidden
from sanpi.ranking import rules, services
from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import ActivityTask, Scheme
from sanpi.ranking.scoring import ranking_compute
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def test_signing_task_completion_scores_the_quarter():
    examples_install()
    province = make_user(role="province", region="410000")
    period = Period.objects.create(number=12, held_on=dt.date(2024, 5, 10), host_region_id="410000", status="open")
    for amount in (10000, 14000):  # 经开区 counts in 郑州's row
        p = make_project(region="410171")
        ListEntry.objects.create(period=period, batch="signed", project=p, region_id="410171",
                                 declared_total_investment_wan=Decimal(amount))
    task = services.activity_task_set(user=province, region_code="410100", period_id=period.pk, batch="signed",
                                      projects=3, investment_wan=Decimal(30000))
    again = services.activity_task_set(user=province, region_code="410100", period_id=period.pk, batch="signed",
                                       projects=3, investment_wan=Decimal(32000))
    assert again.pk == task.pk and ActivityTask.history.filter(id=task.pk).count() == 2
    with pytest.raises(Forbidden):
        services.activity_task_set(user=make_user(role="city", region="410100"), region_code="410100",
                                   period_id=period.pk, batch="signed", projects=1, investment_wan=Decimal(1))
    scheme = Scheme.objects.get(name__startswith="三个一批季度考评示例")
    data = ranking_compute(scheme=scheme, period=rules.parse_period("2024-Q2"))
    zhengzhou = next(r for g in data["groups"] for r in g["rows"] if r["code"] == "410100")
    by_label = {i["label"]: c for i, c in zip(data["indicators"], zhengzhou["indicators"], strict=True)}
    count, money = by_label["签约项目数任务完成率"], by_label["签约投资任务完成率"]
    assert (count["value"], count["points"], count["figures"]["done"], count["figures"]["task"]) == (
        "66.7", "10.01", "2", "3")  # 2 of 3 projects; 15 × 66.7%
    assert (money["value"], money["points"]) == ("75.0", "11.25")  # 24000 of 32000 万元
    assert count["link"] == f"/projects/?unit=410100&batch=signed&period={period.pk}"
    q1 = ranking_compute(scheme=scheme, period=rules.parse_period("2024-Q1"))
    assert next(r for g in q1["groups"] for r in g["rows"] if r["code"] == "410100")["indicators"][1]["value"] is None
