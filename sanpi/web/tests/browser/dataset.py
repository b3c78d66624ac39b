"""A small dataset for the browser journeys (the full `sanpi demo` takes minutes, mostly generating
tens of thousands of list entries and four years of lights).

It is the foundation demo (users, the seed's 经开区 projects, 300 generated projects) plus, built
through the apps' own services: an open province period 第15期 with 经开区 projects on its lists,
the 2024 province key-project list with the seed's three projects, and an annual plan for
安图生物三期 so that the enterprise has last month's report to file.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanpi.accounts.models import User
from sanpi.activities import services as activities
from sanpi.activities.models import Period
from sanpi.progress.selectors import previous_month
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import Project
from sanpi.projects.services import annual_plan_set

OPEN_PERIOD = 15
KEY_PROJECTS = ("中兴5G微基站和智慧杆塔集成项目", "安图生物体外诊断产业园（三期）", "超亚医药新药研发及其配套项目")


def build() -> dict:
    projects_demo.build(generated=300)
    province = User.objects.get(username="province")
    period = activities.period_create(user=province, number=OPEN_PERIOD, held_on=dt.date(2025, 1, 5),
                                      host_region="410000", status=Period.Status.OPEN)
    seeds = {p.name: p for p in Project.objects.filter(name__in=KEY_PROJECTS)}
    for name in ("超亚医药新药研发及其配套项目",):  # 中兴二期 was 建成投用 in 2023 (the seed)
        activities.entry_add(user=province, period_id=period.pk, batch="started", project_id=seeds[name].pk,
                             threshold_override_reason="演示", window_override_reason="演示")
    signed = Project.objects.filter(stage="signed", region__path__startswith="410000/",
                                    total_investment_wan__gte=Decimal(100000)).order_by("id")[:3]
    for project in signed:
        activities.entry_add(user=province, period_id=period.pk, batch="signed", project_id=project.pk,
                             threshold_override_reason="演示", window_override_reason="演示")
    key_list = activities.keylist_create(user=province, region="410000", year=2024, batch=1,
                                         name="2024年河南省第一批重点建设项目名单")
    for name in KEY_PROJECTS:
        activities.keylist_entry_add(user=province, key_list_id=key_list.pk, project_id=seeds[name].pk)
    year, _ = previous_month(timezone.localdate())
    antu = seeds["安图生物体外诊断产业园（三期）"]
    annual_plan_set(user=province, project_id=antu.pk, year=year, planned_investment_wan=Decimal(60000))
    return {"period": period, "key_list": key_list, "antu": antu}
