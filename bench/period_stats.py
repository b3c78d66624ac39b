"""Benchmark: a 三个一批 period's statistics over a generated ledger, beside the same GROUP BY in raw SQL.

    .venv/bin/python bench/period_stats.py --projects 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanpi_bench .venv/bin/python bench/period_stats.py --projects 1000000

Uses its own database: SANPI_VAR_DIR (default var/bench, SQLite) or DATABASE_URL. Generates projects
with the ledger generator (what `sanpi gen` runs) up to --projects, puts every signed / started /
producing project on the matching list of one province period (one INSERT … SELECT), then times:
the list totals and the by-city breakdown through the ORM (the code the pages and `sanpi period
stats` run) and as hand-written SQL, the whole live statistics, and, after closing the period, the
frozen snapshot read. Prints a table and one JSON line.
"""

import argparse
import json
import os
import statistics as pystats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SANPI_DEBUG", "0")  # no query log in memory
if "DATABASE_URL" not in os.environ:
    os.environ.setdefault("SANPI_VAR_DIR", str(ROOT / "var" / "bench"))


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs after one warm-up run."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return pystats.median(times), result


def timed_pair(ours, floor, repeat: int) -> tuple[float, object, float, object]:
    """timed() of two functions, their runs interleaved (ours, floor, ours, …) so that load from other
    processes on the machine falls on both alike and their ratio keeps its meaning."""
    ours_result, floor_result = ours(), floor()
    ours_times, floor_times = [], []
    for _ in range(repeat):
        for fn, times in ((ours, ours_times), (floor, floor_times)):
            start = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - start) * 1000)
            if fn is ours:
                ours_result = result
            else:
                floor_result = result
    return pystats.median(ours_times), ours_result, pystats.median(floor_times), floor_result


def measure(args) -> dict:
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sanpi.accounts.models import Region, User
    from sanpi.activities import services
    from sanpi.activities.models import ListEntry, Period
    from sanpi.activities.statistics import breakdowns, period_stats, period_stats_compute
    from sanpi.projects.generator import generate
    from sanpi.projects.models import Project

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    have = Project.objects.count()
    if have < args.projects:
        start = time.perf_counter()
        generate(projects=args.projects - have, seed=args.seed)
        print(f"generated {args.projects - have} projects in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.invalid", "bench12345")

    # A fresh open period per run size, its lists filled with one INSERT … SELECT.
    number = args.projects
    Period.objects.filter(level="province", host_region="410000", number=number).delete()
    period = Period.objects.create(number=number, held_on=dt.date.today(), host_region_id="410000", status="open")
    entry_table = ListEntry._meta.db_table
    project_table = Project._meta.db_table
    region_table = Region._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {entry_table} (period_id, batch, project_id, declared_total_investment_wan,"
            " declared_annual_plan_wan, region_id, carried_from_id, threshold_override_reason,"
            " window_override_reason, added_by_id, added_at)"
            " SELECT %s, CASE WHEN stage = 'signed' THEN 'signed' WHEN stage = 'started' THEN 'started'"
            " ELSE 'producing' END, id, COALESCE(total_investment_wan, 0), NULL, region_id, NULL, '', '', NULL, %s"
            f" FROM {project_table} WHERE stage IN ('signed', 'started', 'producing', 'capacity')",
            [period.pk, timezone.now()],
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {entry_table}")
    entries = breakdowns.period_entries(period)
    n_entries = entries.count()

    raw_lists = (f"SELECT batch, COUNT(*), SUM(declared_total_investment_wan) FROM {entry_table}"
                 " WHERE period_id = %s GROUP BY batch")
    raw_city = (f"SELECT r.reporting_unit_id, e.batch, COUNT(*), SUM(e.declared_total_investment_wan)"
                f" FROM {entry_table} e JOIN {region_table} r ON r.code = e.region_id"
                " WHERE e.period_id = %s GROUP BY r.reporting_unit_id, e.batch")

    def sql(query):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, [period.pk])
                return cursor.fetchall()
        return run

    results = {}
    results["lists_orm_ms"], orm_lists, results["lists_sql_ms"], sql_lists = timed_pair(
        lambda: breakdowns.list_totals(entries), sql(raw_lists), args.repeat)
    results["by_city_orm_ms"], orm_city, results["by_city_sql_ms"], sql_city = timed_pair(
        lambda: breakdowns.by_city(period, entries), sql(raw_city), args.repeat)
    results["full_stats_ms"], _ = timed(lambda: period_stats_compute(period=period), max(1, args.repeat // 2))

    # The ORM and the SQL must agree before their times mean anything.
    assert sum(c["count"] for c in orm_lists.values()) == sum(row[1] for row in sql_lists) == n_entries
    assert sum(r["total"]["count"] for r in orm_city) == sum(row[2] for row in sql_city)

    start = time.perf_counter()
    services.period_close(user=admin, period_id=period.pk)
    results["close_ms"] = (time.perf_counter() - start) * 1000
    period.refresh_from_db()
    results["snapshot_read_ms"], frozen = timed(lambda: period_stats(period=period), args.repeat * 4)
    assert frozen["lists"] == orm_lists

    results.update({
        "database": connection.vendor, "projects": Project.objects.count(), "entries": n_entries,
        "lists_ratio": round(results["lists_orm_ms"] / results["lists_sql_ms"], 2),
        "by_city_ratio": round(results["by_city_orm_ms"] / results["by_city_sql_ms"], 2),
    })
    for key, value in list(results.items()):
        if isinstance(value, float):
            results[key] = round(value, 2)
    return results


def rows(args) -> list[dict]:
    args.repeat, args.seed = getattr(args, "repeat", 11), getattr(args, "seed", 7)
    r = measure(args)
    return [
        {"work": "期间统计 各批合计", "ours_ms": r["lists_orm_ms"], "floor_ms": r["lists_sql_ms"],
         "ratio": r["lists_ratio"], "goal_ratio": 1.5, "ok": r["lists_ratio"] <= 1.5, "note": f"{r['entries']} 条名单"},
        {"work": "期间统计 按省辖市", "ours_ms": r["by_city_orm_ms"], "floor_ms": r["by_city_sql_ms"],
         "ratio": r["by_city_ratio"], "goal_ratio": 1.5, "ok": r["by_city_ratio"] <= 1.5},
        {"work": "期间统计 全部（实时）", "ours_ms": r["full_stats_ms"], "floor_ms": None, "ratio": None, "ok": None,
         "note": "参照，无目标"},
        {"work": "已关闭期间 读快照", "ours_ms": r["snapshot_read_ms"], "floor_ms": None, "ratio": None, "ok": None,
         "note": "参照，无目标"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results = measure(args)
    print(f"{results['database']}: {results['projects']} projects, {results['entries']} list entries")
    print(f"  list totals   ORM {results['lists_orm_ms']:9.1f} ms   raw SQL {results['lists_sql_ms']:9.1f} ms"
          f"   ratio {results['lists_ratio']}")
    print(f"  by 省辖市      ORM {results['by_city_orm_ms']:9.1f} ms   raw SQL {results['by_city_sql_ms']:9.1f} ms"
          f"   ratio {results['by_city_ratio']}")
    print(f"  all statistics (live) {results['full_stats_ms']:9.1f} ms;  close (compute + snapshot)"
          f" {results['close_ms']:9.1f} ms")
    print(f"  closed period from its snapshot {results['snapshot_read_ms']:9.2f} ms")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
