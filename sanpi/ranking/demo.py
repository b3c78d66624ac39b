"""Demo data of targets and rankings (idempotent): the example schemes; 2024 targets of the 省辖市,
济源 and 航空港区 (set by the province) and of 郑州's counties and zones (set by 郑州), derived from
the demo ledger's own figures so completion rates are credible; 三个一批 tasks for the province's
2024 periods; a 郑州 观摩 with three scorers; published rankings. Everything invented says 演示."""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from sanpi.accounts.models import Region, User
from sanpi.activities.models import ListEntry, Period
from sanpi.projects.models import AnnualPlan

from . import rules, services
from .examples import SCHEMES, examples_install
from .indicators import Context, progress_figures, starts_figures
from .models import (
    ActivityTask,
    InspectionEvent,
    InspectionItem,
    InspectionProject,
    InspectionScore,
    Ranking,
    Scheme,
    Target,
)

YEAR = 2024
NOTE = "演示数据（按台账计划投资推算）"


def _round(value: Decimal, step: int) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _targets(rng: random.Random, setter: User, owner: Region, codes: list[str]) -> int:
    regions = list(Region.objects.filter(code__in=codes).order_by("code"))
    ctx = Context(period=rules.Period(YEAR, "year", 0), regions=regions, owner=owner)
    progress, starts = progress_figures(ctx), starts_figures(ctx)
    n = 0
    for region in regions:
        planned = (progress.get(region.code) or {}).get("planned_wan") or Decimal(0)
        started = (starts.get(region.code) or {"count": 0, "investment_wan": Decimal(0)})
        if not planned and not started["count"]:
            continue
        factor = Decimal(rng.randint(92, 112)) / 100
        services.target_set(user=setter, region_code=region.code, year=YEAR,
                            investment_wan=_round(planned * factor, 100) or None,
                            new_starts=max(1, round(started["count"] * float(factor))),
                            new_starts_investment_wan=_round(started["investment_wan"] * factor, 100) or None,
                            q1_percent=Decimal(30), q2_percent=Decimal(60), q3_percent=Decimal(85), note=NOTE)
        n += 1
    return n


def _tasks(rng: random.Random) -> int:
    """Tasks a little off the declared entries (some regions over, some under)."""
    periods = Period.objects.filter(host_region_id="410000", held_on__year=YEAR)
    targets = {t.region_id: t for t in Target.objects.filter(year=YEAR)}
    units = dict(Region.objects.values_list("code", "reporting_unit_id"))
    done: dict[tuple, list] = {}
    for period_id, batch, region, inv in ListEntry.objects.filter(period__in=periods).values_list(
            "period_id", "batch", "region_id", "declared_total_investment_wan"):
        cell = done.setdefault((period_id, batch, units.get(region) or region), [0, Decimal(0)])
        cell[0] += 1
        cell[1] += inv
    tasks = []
    for (period_id, batch, unit), (count, inv) in done.items():
        if unit in targets:
            factor = Decimal(rng.randint(85, 115)) / 100
            tasks.append(ActivityTask(target=targets[unit], period_id=period_id, batch=batch,
                                      projects=max(1, round(count * float(factor))), investment_wan=_round(inv * factor, 100)))
    bulk_create_with_history(tasks, ActivityTask)  # new rows (the demo runs once): history from the first write
    return len(tasks)


def _inspection(rng: random.Random) -> InspectionEvent | None:
    plans = (AnnualPlan.objects.filter(year=YEAR, project__region__path__startswith="410000/410100/",
                                       project__started_on__isnull=False)
             .order_by("-planned_investment_wan").values_list("project_id", "project__region_id"))
    chosen, seen = [], set()
    for project_id, region in plans:
        if region not in seen:
            chosen.append((project_id, region))
            seen.add(region)
        if len(chosen) == 8:
            break
    if not chosen:
        return None
    event = InspectionEvent.objects.create(name="2024年二季度郑州市重点项目观摩拉练（演示）", region_id="410100",
                                           held_on=dt.date(YEAR, 6, 20), drop_high_low=True, is_demo=True)
    scorers = []
    for i in range(1, 4):
        user, created = User.objects.get_or_create(username=f"guanmo{i}", defaults={
            "role": User.Role.CITY, "region_id": "410100", "first_name": f"观摩评分人{i}（演示）"})
        if created:
            user.set_password("demo12345")
            user.save()
        scorers.append(user)
    event.scorers.set(scorers)
    items = [InspectionItem.objects.create(event=event, name=name, weight=Decimal(w), order=i)
             for i, (name, w) in enumerate([("形象进度", 40), ("综合效益", 30), ("现场管理", 30)])]
    scores = []
    for order, (project_id, region) in enumerate(chosen):
        visit = InspectionProject.objects.create(event=event, project_id=project_id, region_id=region, order=order)
        quality = rng.uniform(0.7, 0.95)
        for scorer in scorers:
            for item in items:
                mark = Decimal(str(round(float(item.weight) * min(1.0, quality + rng.uniform(-0.08, 0.08)) * 2) / 2))
                scores.append(InspectionScore(visit=visit, item=item, scorer=scorer, points=mark))
    for score in scores:
        score.save()  # with history, as the score page writes them
    return event


@transaction.atomic
def build(*, stdout=None) -> None:
    if Target.objects.filter(year=YEAR, note=NOTE).exists():
        if stdout:
            stdout.write("目标与排名演示数据已存在，跳过。")
        return
    examples_install()
    rng = random.Random(2024)
    province = User.objects.filter(username="province").first()
    zhengzhou = User.objects.filter(username="zhengzhou").first()
    if province is None or zhengzhou is None:
        return
    henan = [c for _, codes in SCHEMES[0]["groups"] for c in codes]
    counties = [c for _, codes in SCHEMES[2]["groups"] for c in codes]
    n = _targets(rng, province, Region.objects.get(pk="410000"), henan)
    n += _targets(rng, zhengzhou, Region.objects.get(pk="410100"), counties)
    tasks = _tasks(rng)
    event = _inspection(rng)
    published = []
    for name, period, user in (("河南月度考评示例", "2024-05", province), ("河南月度考评示例", "2024-06", province),
                               ("郑州县区月度考评示例", "2024-06", zhengzhou), ("禹州30/30/30/10示例", "2024-Q2", zhengzhou)):
        scheme = Scheme.objects.get(name=name)
        if not Ranking.objects.filter(scheme=scheme, period=period).exists():
            services.ranking_publish(user=user, scheme_id=scheme.pk, period=period)
            published.append(f"{name} {period}")
    if stdout:
        stdout.write(f"目标与排名演示数据：{n} 个地区的{YEAR}年目标、{tasks} 项三个一批任务、"
                     f"{'观摩活动 1 场（3 名评分人 guanmo1–3 / demo12345）' if event else '无观摩'}、"
                     f"已发布排名 {len(published)} 个（{'、'.join(published)}）。")
