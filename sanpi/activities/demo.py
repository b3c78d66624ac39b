"""Demo data of the 三个一批 activity: Henan periods 1–15 and the 2024 first key-project list.

Published figures (domain guide §4, the seed page): dates of periods 4, 8, 9, 11 and 15, and the
three lists' counts and 总投资 of periods 4, 11 and 15 — the demo's province totals equal them
exactly. Everything else is generated (marked so): the other periods' dates (quarterly from
2021-07) and figures, and the projects behind every list, made here with bulk inserts so that
projects flow signed → started → producing across periods (the 投产 lists of periods 8 and later
are 结转 from earlier 开工 lists). 郑州经开区's entries in period 11 include the seed's projects.
A signed project is given a lead time to 开工 when it is signed (lead_time): most start within one to
three quarters — small ones sooner, large ones later, some cities faster than others — and some never
do; it goes onto the 开工一批 of the period whose window its start falls in. Projects due after the
last period start on their day (up to today) without a list, as they would before a later period.
Idempotent: nothing is added when period 1 exists.
"""

import datetime as dt
import math
import random
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sanpi.accounts.models import Region, User
from sanpi.projects.bulk import Table, history_baseline
from sanpi.projects.generator import (
    DOMAIN_BY_SECTOR,
    NAME_PARTS,
    PRODUCTS,
    SECTOR_BY_SECTION,
    domain_year,
    origin_and_category,
)
from sanpi.projects.models import Category, Industry, Project, StageEvent

from . import rules, services
from .models import KeyProjectEntry, KeyProjectList, ListEntry, Period

HOST = "410000"
# 第N期 → date. Published: 4, 8, 9, 11, 15; the others are generated (quarterly from 2021-07).
PERIOD_DATES = {
    1: dt.date(2021, 7, 8), 2: dt.date(2021, 10, 12), 3: dt.date(2022, 1, 6), 4: dt.date(2022, 4, 6),
    5: dt.date(2022, 7, 8), 6: dt.date(2022, 10, 12), 7: dt.date(2023, 1, 5), 8: dt.date(2023, 5, 8),
    9: dt.date(2023, 8, 15), 10: dt.date(2023, 10, 20), 11: dt.date(2024, 1, 2), 12: dt.date(2024, 4, 9),
    13: dt.date(2024, 7, 10), 14: dt.date(2024, 10, 15), 15: dt.date(2025, 1, 5),
}
# Published province totals: (count, 总投资 in 万元) per list.
PUBLISHED = {
    4: {"signed": (560, Decimal(43640000)), "started": (1009, Decimal(63280000)), "producing": (785, Decimal(42270000))},
    11: {"signed": (751, Decimal(66430000)), "started": (795, Decimal(84160000)),
         "producing": (1672, Decimal(149000000))},  # 1.49万亿元
    15: {"signed": (610, Decimal(43950000)), "started": (602, Decimal(40443000)),
         "producing": (1033, Decimal(43449000))},
}
CARRY_FROM = 8  # since about period 8 the 投产 list is 结转 from earlier 开工 lists
# The seed names three 经开区 projects on the 2024 first key-project list. 中兴二期 was 建成投用 in 2023
# (the seed), so it is on no 开工一批; the other two started in period 11's window (dates 演示).
SEED_PROJECTS = ("中兴5G微基站和智慧杆塔集成项目", "安图生物体外诊断产业园（三期）", "超亚医药新药研发及其配套项目")
SEED_STARTED = ("安图生物体外诊断产业园（三期）", "超亚医药新药研发及其配套项目")
# 开工 → 投产 takes months to years: the seed calls 8 months from start to trial production a record.
MIN_BUILD_DAYS = 240
SEED_PERIOD = 11
OPEN_PERIOD = 15  # left open so that the office can close it in the UI
KEYLIST_SIZE = 520  # Henan 2024 第一批: 520 projects (≈2.1万亿; the demo's total is what its projects sum to)
# Lead time from the 签约 list to 开工 (generated): median days by size (万元 below which), the share that
# never starts, and each city's pace as a factor on the median (drawn once per city).
LEAD_MEDIAN_DAYS = ((Decimal(10000), 40), (Decimal(100000), 75), (None, 160))
LEAD_SPREAD = 0.6  # log-normal sigma: about two thirds within ×0.55—×1.8 of the median
NEVER_STARTS = 0.12
CITY_PACE = (0.5, 1.8)


class _Plan:
    """Rows built in memory with explicit ids, written in one go."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.projects = _Rows(Project)
        self.events = _Rows(StageEvent)
        self.entries = _Rows(ListEntry)
        self.next_project = (Project.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.next_event = (StageEvent.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.next_entry = (ListEntry.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        regions = list(Region.objects.filter(path__startswith=f"{HOST}/", kind__in=["county", "zone"])
                       .values_list("code", "path"))
        regions.append(("419001", "410000/419001/"))  # 济源示范区 has no counties of its own here
        self.regions = [code for code, _ in regions]
        self.weights = [4 if code in ("410173", "410171") else 3 if path.startswith("410000/410100/")
                        else 4 if code == "419001" else 1 for code, path in regions]
        self.divisions = set(Industry.objects.filter(kind="division").values_list("code", flat=True))
        self.categories = {(c.scheme, c.year, c.code): c.pk for c in Category.objects.all()}
        self.domain_years = sorted({y for (scheme, y, _) in self.categories if scheme == "domain"})

    def project(self, year: int) -> SimpleNamespace:
        rng = self.rng
        section, division, product = rng.choice(PRODUCTS)
        sector = SECTOR_BY_SECTION.get(section, "services")
        if sector == "manufacturing" and rng.random() < 0.3:
            sector = "emerging"
        project = self.projects.add(
            id=self.next_project, name=f"{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS)}{product}项目（演示）",
            region_id=rng.choices(self.regions, self.weights)[0], nature=rng.choice("1112235"),
            industry_id=division if division in self.divisions else None, industrial_chain=product,
            sector_id=self.categories.get(("sector", year, sector)),
            domain_id=self.categories.get(("domain", domain_year(year, self.domain_years), DOMAIN_BY_SECTOR.get(sector, "industry_transformation"))),
            **origin_and_category(
                rng.choices(["local", "out_of_province", "foreign", "government"], [60, 25, 5, 10])[0]),
            scale_content=f"主要建设{product}生产线及配套设施（演示数据）。",
        )
        project.sector_code = sector
        self.next_project += 1
        return project

    def event(self, project: Project, stage: str, on: dt.date) -> None:
        self.events.add(id=self.next_event, project_id=project.pk, stage=stage, occurred_on=on, note="演示数据")
        self.next_event += 1
        project.stage, project.stage_date = stage, on
        field = {"signed": "signed_on", "started": "started_on", "producing": "produced_on"}.get(stage)
        if field and getattr(project, field) is None:
            setattr(project, field, on)

    def entry(self, period: Period, batch: str, project: Project, amount: Decimal, carried_from=None) -> ListEntry:
        sector = getattr(project, "sector_code", None)
        minimum = rules.DEFAULT_THRESHOLDS_WAN.get(sector or "", rules.DEFAULT_MINIMUM_WAN)
        entry = self.entries.add(id=self.next_entry, period_id=period.pk, batch=batch, project_id=project.pk,
                          declared_total_investment_wan=amount, region_id=project.region_id,
                          carried_from_id=carried_from.id if carried_from else None,
                          declared_annual_plan_wan=(amount * Decimal("0.3")).quantize(Decimal(1)),
                          threshold_override_reason="县区重点推进项目，经研究同意列入（演示数据）" if amount < minimum else "")
        self.next_entry += 1
        return entry


PUBLISHED_DATES = (4, 8, 9, 11, 15)


def demo_note(number: int) -> str:
    """What of a demo period is published and what is generated (printed on its bulletin and exports)."""
    if number in PUBLISHED:
        return ("本期活动日期和三张清单的项目数、总投资为公开报道数字；清单中的项目及分地区、分规模、分领域等"
                "分项数字均为系统生成的演示数据，不是真实通报。")
    when = "活动日期为公开日期；" if number in PUBLISHED_DATES else "活动日期和"
    return f"本期{when}清单项目及全部统计数字均为系统生成的演示数据，不是真实通报。"


def _raw_amounts(rng: random.Random, n: int) -> list[Decimal]:
    """Log-uniform 1亿–40亿 with a tail of 100亿-level projects (万元)."""
    out = []
    for _ in range(n):
        exponent = rng.uniform(6.0, 6.4) if rng.random() < 0.012 else rng.uniform(4.0, 5.6)
        out.append(Decimal(int(10 ** exponent)))
    return out


def _tune(raw: list[Decimal], target: Decimal) -> list[Decimal]:
    """Scale to `target` (rounded to 100万元 each) and put the rounding difference on the largest,
    so that the list's total equals `target` exactly."""
    scale = target / sum(raw)
    amounts = [max(Decimal(100), (a * scale / 100).quantize(Decimal(1)) * 100) for a in raw]
    largest = max(range(len(amounts)), key=amounts.__getitem__)
    amounts[largest] += target - sum(amounts)
    return amounts


def _day_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def lead_time(rng: random.Random, amount: Decimal, pace: float) -> int | None:
    """Days from the 签约 list to 开工, or None for a project that never starts."""
    if rng.random() < NEVER_STARTS:
        return None
    median = next(days for limit, days in LEAD_MEDIAN_DAYS if limit is None or amount < limit)
    return max(1, round(median * pace * math.exp(rng.gauss(0, LEAD_SPREAD))))


def _city(region: str) -> str:
    return "419001" if region == "419001" else region[:4] + "00"


def _counts(rng: random.Random, number: int) -> dict[str, int]:
    if number in PUBLISHED:
        return {batch: PUBLISHED[number][batch][0] for batch in rules.BATCHES}
    producing = rng.randint(950, 1300) if number >= CARRY_FROM else rng.randint(600, 850)
    return {"signed": rng.randint(520, 780), "started": rng.randint(650, 980), "producing": producing}


def _amounts(rng: random.Random, number: int, batch: str, n: int, fixed: list[Decimal]) -> list[Decimal]:
    """n amounts; for published periods tuned so that they and `fixed` add up to the published total."""
    raw = _raw_amounts(rng, n)
    if number in PUBLISHED:
        return _tune(raw, PUBLISHED[number][batch][1] - sum(fixed, Decimal(0)))
    return _tune(raw, _plausible_total(rng, batch, n))


def _plausible_total(rng: random.Random, batch: str, n: int) -> Decimal:
    """A generated period's list total: n projects at an average within the published periods' range
    (签约 7–9亿, 开工 5–11亿, 投产 4–9亿 per project), rounded to 1亿元."""
    low, high = {"signed": (7, 9), "started": (5, 11), "producing": (4, 9)}[batch]
    return Decimal(round(n * rng.uniform(low, high))) * 10000


def _build_lists(plan: _Plan, periods: dict[int, Period], seed_projects: list[Project]) -> None:
    rng = plan.rng
    pending_signed: list[Project] = []  # signed on an earlier list, not yet started
    started_pool: list[tuple[ListEntry, Project]] = []  # on an earlier 开工 list, not yet producing
    pace: dict[str, float] = {}
    previous_day = PERIOD_DATES[1] - dt.timedelta(days=90)
    for number, period in periods.items():
        day, year = period.held_on, period.held_on.year
        window = (previous_day + dt.timedelta(days=1), day - dt.timedelta(days=2))
        counts = _counts(rng, number)

        # 签约一批: newly signed projects
        for project, amount in zip((plan.project(year) for _ in range(counts["signed"])),
                                   _amounts(rng, number, "signed", counts["signed"], []), strict=True):
            plan.event(project, "planned", window[0] - dt.timedelta(days=rng.randint(60, 400)))
            plan.event(project, "signed", _day_between(rng, *window))
            project.total_investment_wan = amount
            plan.entry(period, "signed", project, amount)
            city = _city(project.region_id)
            if city not in pace:
                pace[city] = rng.uniform(*CITY_PACE)
            days = lead_time(rng, amount, pace[city])
            project.due_on = None if days is None else day + dt.timedelta(days=days)
            pending_signed.append(project)

        # 开工一批: some projects signed on earlier lists, the rest new (government projects start directly)
        seed_started = [p for p in seed_projects if p.name in SEED_STARTED] if number == SEED_PERIOD else []
        fixed = [p.total_investment_wan for p in seed_started]
        n_new = counts["started"] - len(fixed)
        due = [p for p in pending_signed if p.signed_on < window[0] and p.due_on and p.due_on <= window[1]]
        due.sort(key=lambda p: p.due_on)
        from_signed = due[: int(n_new * 0.8)]  # the rest of the 开工一批 are projects not on a 签约 list
        for project in due[len(from_signed):]:  # more due than the list holds: they slip a little
            project.due_on = window[1] + dt.timedelta(days=rng.randint(20, 120))
        chosen = set(id(p) for p in from_signed)
        pending_signed = [p for p in pending_signed if id(p) not in chosen]
        new = [plan.project(year) for _ in range(n_new - len(from_signed))]
        for project in new:
            if rng.random() < 0.6:
                plan.event(project, "signed", window[0] - dt.timedelta(days=rng.randint(30, 300)))
            else:
                plan.event(project, "planned", window[0] - dt.timedelta(days=rng.randint(60, 400)))
        for project, amount in zip([*from_signed, *new], _amounts(rng, number, "started", n_new, fixed), strict=True):
            due_on = getattr(project, "due_on", None)
            low = max(window[0], project.stage_date)
            plan.event(project, "started", min(max(due_on, low), window[1]) if due_on else _day_between(rng, low, window[1]))
            project.total_investment_wan = amount
            project.in_statistics, project.in_statistics_date = True, project.started_on + dt.timedelta(days=20)
            started_pool.append((plan.entry(period, "started", project, amount), project))
        for project in seed_started:
            plan.entry(period, "started", project, project.total_investment_wan)

        # 投产一批: declared directly before period 8, 结转 from earlier 开工 lists since
        if number < CARRY_FROM:
            amounts = _amounts(rng, number, "producing", counts["producing"], [])
            for amount in amounts:
                project = plan.project(year)
                plan.event(project, "signed", window[0] - dt.timedelta(days=rng.randint(1000, 1500)))
                plan.event(project, "started", window[0] - dt.timedelta(days=rng.randint(MIN_BUILD_DAYS, 900)))
                plan.event(project, "producing", _day_between(rng, *window))
                project.total_investment_wan = amount
                project.in_statistics, project.in_statistics_date = True, project.started_on + dt.timedelta(days=20)
                plan.entry(period, "producing", project, amount)
        else:
            ready = [item for item in started_pool
                     if item[1].started_on <= window[1] - dt.timedelta(days=MIN_BUILD_DAYS)]
            ready.sort(key=lambda item: item[1].started_on)
            n = counts["producing"]
            head = ready[: int(n * (3 if number in PUBLISHED else 1.4))]
            rng.shuffle(head)
            if number in PUBLISHED:  # prefer projects near the published average size, then tune
                average = PUBLISHED[number]["producing"][1] / n
                head.sort(key=lambda item: abs(math.log(item[1].total_investment_wan / average)))
            carried = head[:n]
            if len(carried) < n:
                raise RuntimeError(f"第{number}期可结转的开工项目不足")
            taken = set(id(item) for item in carried)
            started_pool = [item for item in started_pool if id(item) not in taken]
            amounts = [project.total_investment_wan for _, project in carried]
            amounts = _tune(amounts, PUBLISHED[number]["producing"][1] if number in PUBLISHED
                            else _plausible_total(rng, "producing", n))
            for (source, project), amount in zip(carried, amounts, strict=True):
                low = max(project.started_on + dt.timedelta(days=MIN_BUILD_DAYS), window[0])
                plan.event(project, "producing", _day_between(rng, min(low, window[1]), window[1]))
                project.total_investment_wan = amount  # the total as revised when production began
                plan.entry(period, "producing", project, amount, carried_from=source)
        previous_day = day

    # after the last period: projects due by today start without a list (the next period would list them)
    today = timezone.localdate()
    for project in pending_signed:
        if project.due_on and project.due_on < today:
            plan.event(project, "started", project.due_on)
            project.in_statistics, project.in_statistics_date = True, min(today, project.started_on + dt.timedelta(days=20))
    # a few agreements lapse (履约率 below 100%)
    for project in pending_signed:
        if project.started_on is None and rng.random() < 0.06:
            plan.event(project, "terminated", project.signed_on + dt.timedelta(days=rng.randint(90, 400)))


def _keylist(periods: dict[int, Period], seed_projects: list[Project], admin: User) -> KeyProjectList:
    key_list = KeyProjectList.objects.create(level=Period.Level.PROVINCE, region_id=HOST, year=2024, batch=1,
                                             name="2024年河南省第一批重点建设项目名单")
    others = (ListEntry.objects.filter(period__in=[periods[n] for n in (9, 10, 11)], batch__in=["signed", "started"])
              .exclude(project__in=seed_projects).order_by("-declared_total_investment_wan", "id")
              .values_list("project_id", "project__total_investment_wan"))
    rows, seen = [], set()
    for project in seed_projects:
        rows.append(KeyProjectEntry(key_list=key_list, project=project,
                                    declared_total_investment_wan=project.total_investment_wan, added_by=admin))
    for project_id, total in others:
        if len(rows) >= KEYLIST_SIZE:
            break
        if project_id not in seen:
            seen.add(project_id)
            rows.append(KeyProjectEntry(key_list=key_list, project_id=project_id, declared_total_investment_wan=total,
                                        added_by=admin))
    KeyProjectEntry.objects.bulk_create(rows)
    return key_list


def build(*, stdout=None, seed: int = 2024) -> None:
    if Period.objects.filter(level=Period.Level.PROVINCE, host_region=HOST, number=1).exists():
        return
    admin = User.objects.filter(is_superuser=True).order_by("id").first()
    closer = User.objects.filter(username="province").first() or admin
    seed_projects = [Project.objects.filter(region="410171", name=name).order_by("id").first() for name in SEED_PROJECTS]
    seed_projects = [p for p in seed_projects if p is not None]
    rng = random.Random(seed)
    with transaction.atomic():
        periods = {n: Period.objects.create(number=n, held_on=d, level=Period.Level.PROVINCE, host_region_id=HOST,
                                            status=Period.Status.OPEN, demo_note=demo_note(n))
                   for n, d in PERIOD_DATES.items()}
        plan = _Plan(rng)
        _build_lists(plan, periods, seed_projects)
        for rows in (plan.projects, plan.events, plan.entries):
            rows.insert()
        history_baseline(Project, reason="演示数据")  # so their first edit shows old → new
        from sanpi.projects.generator import _reset_sequences

        _reset_sequences()
        _reset_entry_sequence()
    for number, period in periods.items():
        if number == OPEN_PERIOD:
            continue
        services.period_close(user=closer, period_id=period.pk)
        closed_at = timezone.make_aware(dt.datetime.combine(period.held_on + dt.timedelta(days=7), dt.time(17)))
        Period.objects.filter(pk=period.pk).update(closed_at=closed_at)
        period.snapshots.update(created_at=closed_at)
    key_list = _keylist(periods, seed_projects, admin)
    if stdout:
        stdout.write(f"已生成三个一批演示数据：第1—15期（第1—14期已关闭），清单项目 {len(plan.entries)} 条、"
                     f"新增项目 {len(plan.projects)} 个；{key_list.name} {key_list.entries.count()} 个项目。")


class _Rows:
    """Rows of one model kept as light mutable objects (attribute names = the model's attnames) while
    the plan adjusts them, then written by projects.bulk (COPY / executemany): model instances and
    bulk_create's SQL compilation take most of the time for tens of thousands of rows."""

    def __init__(self, model):
        self.table = Table(model)
        self.rows: list[SimpleNamespace] = []

    def add(self, **values) -> SimpleNamespace:
        row = SimpleNamespace(**{**self.table.defaults, **values})
        row.pk = row.id
        self.rows.append(row)
        return row

    def __len__(self) -> int:
        return len(self.rows)

    def insert(self) -> None:
        for row in self.rows:
            self.table.add(**{name: getattr(row, name) for name in self.table.attnames})
        self.table.flush()


def _reset_entry_sequence() -> None:
    from django.core.management.color import no_style

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [ListEntry]):
            cursor.execute(sql)
