"""Realistic generated ledgers for tests, the demo and benchmarks (`sanpi gen`).

Rows are built as tuples and written in batches (COPY on PostgreSQL, executemany on SQLite; see
bulk.py), with explicit primary keys so that stage events, plans and leader links can refer to
projects without reading them back.
"""

import contextlib
import datetime as dt
import itertools
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max

from sanpi.accounts.models import Leader, Organisation, Region

from .bulk import Table, history_baseline
from .lifecycle import DATE_FIELD, MAIN_LINE, Stage
from .models import AnnualPlan, Category, Industry, Project, StageEvent
from .validators import uscc_check_char


def origin_and_category(drawn: str) -> dict[str, str]:
    """One draw of the old mixed 资金来源 as the two axes (政府投资 money is local)."""
    if drawn == "government":
        return {"fund_source": "local", "management_category": "government"}
    return {"fund_source": drawn, "management_category": "enterprise"}

# Share of projects by current stage.
STAGE_WEIGHTS = [
    (Stage.PLANNED, 8), (Stage.NEGOTIATING, 7), (Stage.SIGNED, 20), (Stage.STARTED, 36), (Stage.PRODUCING, 17),
    (Stage.CAPACITY, 4), (Stage.COMPLETED, 4), (Stage.SUSPENDED, 3), (Stage.TERMINATED, 1),
]
PRODUCTS = [
    ("C", "39", "新型显示模组"), ("C", "39", "5G通信设备"), ("C", "38", "锂电池正极材料"), ("C", "36", "新能源汽车零部件"),
    ("C", "27", "生物医药"), ("C", "35", "智能装备"), ("C", "26", "高端化工新材料"), ("C", "33", "精密铸造"),
    ("C", "13", "食品精深加工"), ("C", "30", "绿色建材"), ("C", "32", "铝精深加工"), ("C", "40", "智能仪器仪表"),
    ("D", "44", "光伏发电"), ("D", "44", "风电"), ("E", "48", "城市道路"), ("G", "54", "物流园"), ("G", "55", "港口码头"),
    ("I", "64", "数据中心"), ("M", "73", "研发中心"), ("P", "83", "职业教育实训基地"), ("Q", "84", "医院综合楼"),
    ("N", "78", "污水处理"), ("K", "70", "城市更新"), ("R", "89", "文旅综合体"),
]
SECTOR_BY_SECTION = {"C": "manufacturing", "D": "infrastructure", "E": "infrastructure", "G": "services",
                     "I": "digital", "M": "emerging", "P": "social", "Q": "social", "N": "infrastructure",
                     "K": "services", "R": "services"}
DOMAIN_BY_SECTOR = {"manufacturing": "industry_transformation", "emerging": "innovation", "digital": "new_infrastructure",
                    "infrastructure": "infrastructure", "services": "industry_transformation", "social": "livelihood"}

BUILD_DAYS_MIN, BUILD_DAYS_MAX = 240, 1100  # 开工 → 投产/竣工 of generated projects


def domain_year(year: int, known: list[int]) -> int | None:
    """The year whose 领域 list a generated project of `year` is filed under: its own when that list
    is known, else the latest known before it, else the earliest after (unknown years have no rows)."""
    before = [y for y in known if y <= year]
    return before[-1] if before else (min(known) if known else None)


NAME_PARTS = ["华", "豫", "中", "宇", "恒", "通", "科", "瑞", "鑫", "达", "远", "航", "盛", "源", "嘉", "信", "融", "泰", "康", "博"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def _amount(rng: random.Random) -> Decimal:
    """总投资 in 万元: log-uniform from 5,000万 to 200亿, rounded as ledgers write it."""
    value = 10 ** rng.uniform(3.7, 6.3)
    step = 100 if value < 100000 else 1000
    return Decimal(int(value / step) * step)


def _stage_path(target: Stage) -> list[Stage]:
    if target in MAIN_LINE:
        return MAIN_LINE[: MAIN_LINE.index(target) + 1]
    if target == Stage.COMPLETED:
        return [Stage.PLANNED, Stage.SIGNED, Stage.STARTED, Stage.COMPLETED]
    if target == Stage.SUSPENDED:
        return [Stage.PLANNED, Stage.SIGNED, Stage.STARTED, Stage.SUSPENDED]
    return [Stage.PLANNED, Stage.NEGOTIATING, Stage.TERMINATED]


def generate(*, projects: int, seed: int = 1, today: dt.date | None = None, batch: int = 5000,
             region_prefix: str = "410000/", progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Add `projects` projects (with owners, stage events, annual plans and leaders) across the
    counties and zones under `region_prefix`. Deterministic for a given seed and database state."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    regions = list(Region.objects.filter(path__startswith=region_prefix, kind__in=["county", "zone"])
                   .values_list("code", "path"))
    if not regions:
        raise RuntimeError("未找到区划数据：请先运行 `sanpi migrate` 并加载参考数据（`sanpi demo` 会自动加载）。")
    weights = list(itertools.accumulate(3 if path.split("/")[1] == "410100" else 1 for _, path in regions))
    divisions = set(Industry.objects.filter(kind="division").values_list("code", flat=True))
    categories = {(c.scheme, c.year, c.code): c.pk for c in Category.objects.all()}
    years = sorted({y for (_, y, _) in categories}) or [today.year]
    domain_years = sorted({y for (scheme, y, _) in categories if scheme == "domain"})

    next_org = (Organisation.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_project = (Project.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_event = (StageEvent.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_plan = (AnnualPlan.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    leader_ids = list(Leader.objects.filter(region__path__startswith=region_prefix).values_list("id", flat=True))
    if len(leader_ids) < 50:
        city_codes = list(Region.objects.filter(path__startswith=region_prefix, kind="city").values_list("code", flat=True))
        lrng = random.Random(seed + 1)  # own stream: whether leaders exist must not shift the projects
        new_leaders = [Leader(name=f"{lrng.choice(SURNAMES)}{lrng.choice(NAME_PARTS)}{lrng.choice(NAME_PARTS)}",
                              title=lrng.choice(["副市长", "副区长", "管委会副主任", "副县长"]),
                              region_id=lrng.choice(city_codes)) for _ in range(60)]
        Leader.objects.bulk_create(new_leaders)
        leader_ids = list(Leader.objects.filter(region__path__startswith=region_prefix).values_list("id", flat=True))

    stages, stage_w = zip(*STAGE_WEIGHTS, strict=True)
    leader_through = Project.leaders.through
    orgs, rows, events = Table(Organisation), Table(Project), Table(StageEvent)
    plans, links = Table(AnnualPlan), Table(leader_through, with_pk=False)
    counts = {"organisations": 0, "projects": 0, "stage_events": 0, "annual_plans": 0, "leader_links": 0}
    done = 0
    # Rows are consistent by construction; SQLite's per-row foreign-key lookups would double the time.
    checks_off = connection.constraint_checks_disabled() if connection.vendor == "sqlite" else contextlib.nullcontext()
    with checks_off:
        while done < projects:
            size = min(batch, projects - done)
            first_project, first_plan = next_project, next_plan
            for _ in range(size):
                code, path = rng.choices(regions, cum_weights=weights)[0]
                section, division, product = rng.choice(PRODUCTS)
                division = division if division in divisions else None
                sector_code = SECTOR_BY_SECTION.get(section, "services")
                if sector_code == "manufacturing" and rng.random() < 0.3:
                    sector_code = "emerging"
                pid = next_project
                next_project += 1
                org_id = None
                if rng.random() < 0.9:
                    org_id = next_org
                    next_org += 1
                    body = f"91{code}{org_id:09d}"[:17]
                    orgs.add(
                        id=org_id, name=f"河南{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS)}{product[:2]}科技有限公司{org_id}",
                        uscc=body + uscc_check_char(body), region_id=code, kind=Organisation.Kind.ENTERPRISE)
                target = rng.choices(stages, stage_w)[0]
                path_stages = _stage_path(target)
                start = today - dt.timedelta(days=rng.randint(60, 6 * 365))
                day = start
                facts: list[tuple[Stage, dt.date]] = []
                for s in path_stages:
                    if day > today:
                        break
                    facts.append((s, day))
                    # building takes 8 months (the seed's record) to about 3 years; other steps 1–14 months
                    gap = (BUILD_DAYS_MIN, BUILD_DAYS_MAX) if s == Stage.STARTED else (30, 420)
                    day = day + dt.timedelta(days=rng.randint(*gap))
                total = _amount(rng)
                year = min(max(facts[-1][1].year, years[0]), years[-1])
                dates = {name: None for name in DATE_FIELD.values()}
                for s, on in facts:
                    if s in DATE_FIELD and dates[DATE_FIELD[s]] is None:
                        dates[DATE_FIELD[s]] = on
                has_code = facts[-1][0] not in (Stage.PLANNED, Stage.NEGOTIATING) and rng.random() < 0.75
                issued = dates["signed_on"] or facts[-1][1]
                project_code = None
                if has_code and issued >= dt.date(2020, 11, 1):
                    project_code = f"{issued:%y%m}-{code}-{(pid // 1_000_000) % 100:02d}-01-{pid % 1_000_000:06d}"
                stage_now, stage_on = facts[-1]
                started = dates["started_on"]
                started_stat = bool(started) and total >= 500 and rng.random() < 0.85
                stat_date = (started + dt.timedelta(days=rng.randint(10, 60))) if started_stat else None
                if stat_date and stat_date > today:
                    started_stat, stat_date = False, None
                rows.add(
                    id=pid, code=project_code, name=f"{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS)}{product}项目",
                    project_type="01", nature=rng.choice("1112235"), region_id=code,
                    industry_id=division, domain_id=categories.get(("domain", domain_year(year, domain_years), DOMAIN_BY_SECTOR.get(sector_code, "industry_transformation"))),
                    sector_id=categories.get(("sector", year, sector_code)), industrial_chain=product,
                    scale_content=f"主要建设{product}生产线及配套设施。", land_mu=Decimal(rng.randint(20, 800)),
                    building_area_m2=Decimal(rng.randint(10, 600) * 1000), total_investment_wan=total,
                    expected_output_wan=(total * Decimal(rng.choice(["0.8", "1.2", "1.5", "2"]))).quantize(Decimal(1)),
                    expected_tax_wan=(total * Decimal("0.05")).quantize(Decimal(1)),
                    **origin_and_category(
                        rng.choices(["local", "out_of_province", "foreign", "government"], [60, 25, 5, 10])[0]),
                    owner_id=org_id, in_statistics=started_stat, in_statistics_date=stat_date,
                    planned_start_date=(dates["signed_on"] or start) + dt.timedelta(days=rng.randint(30, 200)),
                    stage=stage_now, stage_date=stage_on, **dates,
                )
                for s, on in facts:
                    events.add(id=next_event, project_id=pid, stage=s, occurred_on=on)
                    next_event += 1
                if stage_now in (Stage.SIGNED, Stage.STARTED, Stage.PRODUCING):
                    for plan_year in (today.year - 1, today.year):
                        share = Decimal(rng.choice(["0.15", "0.2", "0.3", "0.4", "0.5"]))
                        plans.add(id=next_plan, project_id=pid, year=plan_year,
                                  planned_investment_wan=(total * share).quantize(Decimal(1)))
                        next_plan += 1
                if rng.random() < 0.3:
                    links.add(project_id=pid, leader_id=rng.choice(leader_ids))
            with transaction.atomic():
                counts["organisations"] += orgs.flush()
                counts["projects"] += rows.flush()
                counts["stage_events"] += events.flush()
                counts["annual_plans"] += plans.flush()
                counts["leader_links"] += links.flush()
                # Baseline history in the same set-based way: the batch's rows copied by one INSERT … SELECT.
                history_baseline(Project, pk_range=(first_project, next_project - 1), reason="生成数据")
                history_baseline(AnnualPlan, pk_range=(first_plan, next_plan - 1), reason="生成数据")
            done += size
            if progress:
                progress(done)
    _reset_sequences()
    _analyze()
    return counts


def _analyze() -> None:
    """Statistics for the planner after a bulk load: where autovacuum is off or has not come round yet,
    PostgreSQL planned the province's first ledger page (and the API's list) as a sorted scan of the
    whole table (143 ms instead of 0.06 ms at 100k; 9 requests a second for the API list)."""
    if connection.vendor != "postgresql":
        return
    from . import search

    models = [Organisation, Project, StageEvent, AnnualPlan, Leader, Project.leaders.through,
              Project.history.model, AnnualPlan.history.model]
    tables = [m._meta.db_table for m in models] + [search.GRAM_TABLE]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    models = [Organisation, Project, StageEvent, AnnualPlan, Leader, Project.leaders.through]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
