"""Demo 投产/达产 dates (generated, marked 演示数据). The generated projects carry no planned 投产 or 达产
date, so 投产率 had only the few annual plans that name one (2026: 0 of 7) and 达效率 no population.

- A project 投产 since 2023 gets a planned 投产 date three months before to two months after its 投产
  (most on time, some a year-end late: those count as due and missed in the planned year).
- It gets a planned 达产 date six to eighteen months after its 投产; about seven in ten of those whose
  date has passed reached 达产 around it (a 达产 stage event, note 演示数据).

Started projects get no planned 投产 date: the generator stops producing projects after 2024, so any
date it would be given in 2025–2026 would read as missed. Set-based; a baseline history record first.
Idempotent."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from sanpi.projects.bulk import history_baseline
from sanpi.projects.models import Project, StageEvent

NOTE = "演示数据"


def build(*, stdout=None) -> None:
    production_dates_build(stdout=stdout)
    capacity_build(stdout=stdout)


def production_dates_build(*, stdout=None) -> None:
    todo = Project.objects.filter(produced_on__gte=dt.date(2023, 1, 1), planned_production_date__isnull=True)
    if Project.objects.filter(planned_production_date__isnull=False).exists() or not todo.exists():
        return
    rng = random.Random(11)
    rows = list(todo.only("id", "produced_on", "planned_start_date", "planned_production_date", "version"))
    for p in rows:
        planned = p.produced_on + dt.timedelta(days=rng.randint(-90, 60))
        # 计划开工 ≤ 计划投产, as the ledger's own check requires
        p.planned_production_date = max(planned, p.planned_start_date) if p.planned_start_date else planned
    with transaction.atomic():
        history_baseline(Project, pks=[p.pk for p in rows], reason=NOTE)
        Project.objects.bulk_update(rows, ["planned_production_date"], batch_size=2000)
    if stdout:
        stdout.write(f"已为 {len(rows)} 个 2023 年以来投产的项目补充计划投产日期（演示数据）。")


def capacity_build(*, stdout=None) -> None:
    todo = Project.objects.filter(stage="producing", produced_on__gte=dt.date(2023, 1, 1),
                                  planned_capacity_date__isnull=True)
    if Project.objects.filter(planned_capacity_date__isnull=False).exists() or not todo.exists():
        return
    rng = random.Random(7)
    today = timezone.localdate()
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    rows = list(todo.only("id", "produced_on", "stage", "stage_date", "capacity_on", "version"))
    events, reached = [], 0
    for p in rows:
        p.planned_capacity_date = p.produced_on + dt.timedelta(days=rng.randint(180, 540))
        if p.planned_capacity_date <= last_day and rng.random() < 0.7:
            on = min(max(p.planned_capacity_date + dt.timedelta(days=rng.randint(-40, 60)),
                         p.produced_on + dt.timedelta(days=90)), last_day)
            p.stage, p.stage_date, p.capacity_on = "capacity", on, on
            events.append(StageEvent(project_id=p.pk, stage="capacity", occurred_on=on, note=NOTE))
            reached += 1
    with transaction.atomic():
        history_baseline(Project, pks=[p.pk for p in rows], reason=NOTE)
        Project.objects.bulk_update(rows, ["planned_capacity_date", "stage", "stage_date", "capacity_on"],
                                    batch_size=2000)
        StageEvent.objects.bulk_create(events, batch_size=2000)
    if stdout:
        stdout.write(f"已为 {len(rows)} 个已投产项目补充计划达产日期，其中 {reached} 个已达产（演示数据）。")
