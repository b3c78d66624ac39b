"""Demo planned 达产 dates (generated, marked in the history as 演示数据): the generated projects carry
no planned 达产 date, so 达效率 would have no population. A project 投产 since 2023 gets one six to
eighteen months after its 投产 (达产 usually follows within a year or so). Idempotent."""

import datetime as dt
import random

from django.db import transaction

from sanpi.projects.bulk import history_baseline
from sanpi.projects.models import Project

NOTE = "演示数据"


def build(*, stdout=None) -> None:
    todo = Project.objects.filter(produced_on__gte=dt.date(2023, 1, 1), planned_capacity_date__isnull=True)
    if Project.objects.filter(planned_capacity_date__isnull=False).exists() or not todo.exists():
        return
    rng = random.Random(7)
    rows = list(todo.only("id", "produced_on", "capacity_on"))
    with transaction.atomic():
        history_baseline(Project, pks=[p.pk for p in rows], reason=NOTE)
        for p in rows:
            planned = p.produced_on + dt.timedelta(days=rng.randint(180, 540))
            p.planned_capacity_date = min(planned, p.capacity_on) if p.capacity_on else planned
        Project.objects.bulk_update(rows, ["planned_capacity_date"], batch_size=2000)
    if stdout:
        stdout.write(f"已为 {len(rows)} 个已投产项目补充计划达产日期（演示数据）。")
