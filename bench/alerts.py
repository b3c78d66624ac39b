"""One month's red/yellow/green evaluation for N projects with reports, timed beside one raw SQL pass.

    .venv/bin/python bench/alerts.py --projects 100000

Builds N projects with annual plans, monthly reports for April–June 2024 (some missing, some late)
and a few overdue problems, with bulk inserts, in its own SQLite database under var/bench-alerts
(or DATABASE_URL when set: use an empty database of your own). Then times:

1. `evaluate_month(2024, 6)`: the whole evaluation (every dimension of the default rules, reasons in
   words, figures, and the month's lights written with bulk inserts);
2. one raw SQL SELECT over the same tables computing only the investment-pace colour per project;

and checks that both give the same investment-pace colours.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SANPI_DEBUG", "0")  # no query log in memory
if "DATABASE_URL" not in os.environ:
    os.environ.setdefault("SANPI_VAR_DIR", str(ROOT / "var" / "bench-alerts"))

DATASET = "own"
YEAR, MONTH = 2024, 6
AS_OF = dt.date(2024, 7, 10)

RAW_SQL = """
SELECT a.project_id,
       CASE WHEN -ROUND(COALESCE(r.ytd, 0) * 100.0 / a.planned_investment_wan
                        - COALESCE(m.cumulative_planned_wan * 100.0 / a.planned_investment_wan, %(month)s * 100.0 / 12),
                        1) > %(red)s THEN 'red'
            WHEN -ROUND(COALESCE(r.ytd, 0) * 100.0 / a.planned_investment_wan
                        - COALESCE(m.cumulative_planned_wan * 100.0 / a.planned_investment_wan, %(month)s * 100.0 / 12),
                        1) >= %(yellow)s THEN 'yellow'
            ELSE 'green' END AS colour
FROM projects_annualplan a
JOIN projects_project p ON p.id = a.project_id AND p.stage <> 'terminated'
LEFT JOIN (SELECT project_id, MAX(ytd_completed_wan) AS ytd FROM progress_monthlyreport
           WHERE year = %(year)s AND month <= %(month)s AND is_current
             AND status IN ('submitted', 'approved', 'locked')
           GROUP BY project_id) r ON r.project_id = a.project_id
LEFT JOIN progress_monthlyplan m ON m.plan_id = a.id AND m.month = %(month)s
WHERE a.year = %(year)s AND a.planned_investment_wan > 0
"""


def build(n: int, *, seed: int = 7) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from sanpi.accounts.models import Region
    from sanpi.progress.models import MonthlyReport, Problem
    from sanpi.projects.models import AnnualPlan, Project

    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    rng = random.Random(seed)
    regions = list(Region.objects.filter(path__startswith="410000/", kind__in=["county", "zone"])
                   .values_list("code", flat=True))
    first = (Project.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    batch = 10000
    for start in range(0, n, batch):
        projects, plans, reports, problems = [], [], [], []
        for pid in range(first + start, first + min(n, start + batch)):
            total = Decimal(rng.randrange(5000, 500000, 100))
            started = dt.date(2023, rng.randint(1, 12), rng.randint(1, 28))
            projects.append(Project(id=pid, name=f"基准测试项目{pid}", region_id=rng.choice(regions), stage="started",
                                    stage_date=started, started_on=started, total_investment_wan=total,
                                    in_statistics=True, in_statistics_date=started + dt.timedelta(days=30)))
            plan = (total * Decimal("0.3")).quantize(Decimal(1))
            plans.append(AnnualPlan(project_id=pid, year=YEAR, planned_investment_wan=plan))
            pace = rng.choice([1.0, 1.0, 1.0, 0.8, 0.65, 0.4, 1.2])
            ytd = since = (plan * Decimal(str(pace)) * 3 / 12).quantize(Decimal(1))
            for month in (4, 5, 6):
                if month == 6 and rng.random() < 0.08:
                    continue  # not filed
                amount = (plan * Decimal(str(pace)) / 12).quantize(Decimal(1))
                ytd += amount
                since += amount
                late = rng.random() < 0.05
                due = dt.date(YEAR, month + 1, 5)
                submitted = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=3 if late else -2),
                                                                    dt.time(10)))
                reports.append(MonthlyReport(project_id=pid, year=YEAR, month=month, month_completed_wan=amount,
                                             ytd_completed_wan=ytd, since_start_completed_wan=since,
                                             status="approved", submitted_at=submitted))
            if rng.random() < 0.03:
                problems.append(Problem(project_id=pid, kind="land", description="用地未落实",
                                        raised_at=dt.date(2024, 3, 1), responsible_department="自然资源局",
                                        deadline=dt.date(2024, rng.randint(4, 7), 1)))
        with transaction.atomic():
            Project.objects.bulk_create(projects, batch_size=2000)
            AnnualPlan.objects.bulk_create(plans, batch_size=2000)
            MonthlyReport.objects.bulk_create(reports, batch_size=2000)
            Problem.objects.bulk_create(problems, batch_size=2000)
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Project]):
                cursor.execute(sql)
            cursor.execute("ANALYZE")


def measure(projects: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sanpi.progress.evaluation import evaluate_month
    from sanpi.progress.models import AlertRule, Light
    from sanpi.projects.models import AnnualPlan

    call_command("migrate", verbosity=0)
    have = AnnualPlan.objects.filter(year=YEAR).count()
    if have < projects:
        started = time.perf_counter()
        build(projects - have)
        print(f"built {projects - have} projects with plans and reports in {time.perf_counter() - started:.1f} s")
    n = AnnualPlan.objects.filter(year=YEAR).count()

    started = time.perf_counter()
    result = evaluate_month(year=YEAR, month=MONTH, as_of=AS_OF)
    orm_seconds = time.perf_counter() - started
    lights = Light.objects.filter(year=YEAR, month=MONTH).count()

    rule = AlertRule.objects.get(rule_set__is_default=True, dimension="investment_pace")
    sql = RAW_SQL.replace("is_current", "is_current = TRUE" if connection.vendor == "postgresql" else "is_current = 1")
    params = {"year": YEAR, "month": MONTH, "yellow": float(rule.yellow_threshold), "red": float(rule.red_threshold)}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql % params)
        raw = dict(cursor.fetchall())
    sql_seconds = time.perf_counter() - started

    orm = dict(Light.objects.filter(year=YEAR, month=MONTH, dimension="investment_pace")
               .values_list("project_id", "colour"))
    mismatches = sum(1 for pid, colour in raw.items() if orm.get(pid) != colour)
    return {"vendor": connection.vendor, "n": n, "result": result, "lights": lights, "orm_seconds": orm_seconds,
            "sql_seconds": sql_seconds, "raw": raw, "mismatches": mismatches}


def rows(args) -> list[dict]:
    m = measure(args.projects)
    ours, floor = m["orm_seconds"] * 1000, m["sql_seconds"] * 1000
    return [{"work": f"月度预警评价 {m['result']['projects']} 个项目", "ours_ms": ours, "floor_ms": floor,
             "ratio": ours / floor, "goal_ratio": 3, "ok": ours / floor <= 3,
             "note": f"底线仅算投资进度一个维度且不写入（非同等工作）；颜色不一致 {m['mismatches']}"}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--reuse", action="store_true", help="keep the existing benchmark database")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ and not args.reuse:
        db = Path(os.environ["SANPI_VAR_DIR"]) / "sanpi.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    m = measure(args.projects)
    result, raw, lights = m["result"], m["raw"], m["lights"]
    orm_seconds, sql_seconds, mismatches, n = m["orm_seconds"], m["sql_seconds"], m["mismatches"], m["n"]
    print(f"database: {m['vendor']}; projects evaluated: {result['projects']} of {n}")
    print(f"evaluate_month (all 6 dimensions, reasons, {lights} Light + {result['projects']} ProjectLight rows written): "
          f"{orm_seconds:.2f} s — red {result['red']}, yellow {result['yellow']}, green {result['green']}")
    print(f"raw SQL pass (investment-pace colour only, read only): {sql_seconds:.2f} s — "
          + ", ".join(f"{c} {sum(1 for v in raw.values() if v == c)}" for c in ("red", "yellow", "green")))
    print(f"investment-pace colours differing between the two: {mismatches}")




if __name__ == "__main__":
    main()
