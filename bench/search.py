"""Text search `q=光伏` over generated projects: the filtered totals a province user waits for.

    .venv/bin/python bench/search.py --projects 100000 [--clients 8] [--requests 80]

Uses SANPI_VAR_DIR (default var/bench-pages) or DATABASE_URL, filled with `sanpi gen` up to N
projects like bench/pages.py. Times, as a province user, the count and 总投资 of the ledger filtered by
two-character terms (what `/projects/totals/?q=…` computes on a cache miss: the bigram index, then
the LIKE on the candidates; on PostgreSQL both read from the covering index project_id_cover), from several concurrent
clients, beside the floor (the same count and sum by hand-written SQL, driven alike) and the plain
`name LIKE '%…%' OR code = …` condition (a full scan: the way it worked before the index), and checks
that both give the same figures.
"""

import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SANPI_DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    os.environ.setdefault("SANPI_VAR_DIR", str(ROOT / "var" / "bench-pages"))

from serving import percentile  # noqa: E402

TERMS = ["光伏", "风电", "物流", "智能", "新材", "港口", "数据", "产业"]


# The best hand-written form per database: on PostgreSQL the candidates as one array (an index condition
# on the primary key; a join to the bigram rows was planned worse, p50 25.8 vs 16.2 ms at 100k), on
# SQLite an IN list.
FLOOR_SQL = {
    "postgresql": ("SELECT COUNT(*), SUM(total_investment_wan) FROM projects_project WHERE id = ANY(ARRAY("
                   "SELECT project_id FROM projects_namegram WHERE gram = %s)) AND province_code = %s "
                   "AND name LIKE %s"),
    "sqlite": ("SELECT COUNT(*), SUM(total_investment_wan) FROM projects_project WHERE id IN ("
               "SELECT project_id FROM projects_namegram WHERE gram = %s) AND province_code = %s "
               "AND name LIKE %s"),
}


def prepare(projects: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sanpi.accounts.models import Region
    from sanpi.projects.generator import generate
    from sanpi.projects.models import Project

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    missing = projects - Project.objects.count()
    if missing > 0:
        generate(projects=missing, seed=2024)
    # Statistics whoever loaded the data: in the report another module (`sanpi gen`, no ANALYZE) fills
    # the shared ledger first, and the bigram lookup was then timed on a never-analysed database.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if missing > 0 or not cursor.fetchone()[0]:
                cursor.execute("ANALYZE")
        else:
            cursor.execute("SELECT COALESCE(last_analyze, last_autoanalyze) FROM pg_stat_user_tables"
                           " WHERE relname = 'projects_namegram'")
            row = cursor.fetchone()
            if missing > 0 or row is None or row[0] is None:
                # What autovacuum does soon after a bulk load: the visibility map lets the bigram
                # lookup be an index-only scan (49 → 29 ms for 风电 at 100k, measured).
                cursor.execute("VACUUM (ANALYZE) projects_namegram")
                cursor.execute("VACUUM (ANALYZE) projects_project")


def _user():
    from sanpi.accounts.models import User

    return (User.objects.filter(username="bench-search").first()
            or User.objects.create_user("bench-search", role="province", region_id="410000"))


def _totals(user, term: str, indexed: bool) -> tuple[int, object]:
    from django.db import connection
    from django.db.models import Count, Q, Sum

    from sanpi.accounts.access import scope_projects
    from sanpi.projects.models import Project
    from sanpi.stats.ledger import LedgerQuery, ledger_queryset

    try:
        if indexed == "floor":
            # The floor: the same count and sum by hand-written SQL (what the ORM's query does, without
            # building it).
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL[connection.vendor], [term.lower() if connection.vendor == "sqlite" else term, "410000", f"%{term}%"])
                n, total = cursor.fetchone()
            return n, Project._meta.get_field("total_investment_wan").from_db_value(total, None, connection)
        if indexed:
            qs = ledger_queryset(user=user, query=LedgerQuery(filters={"q": term}))
        else:
            qs = scope_projects(Project.objects.all(), user).filter(Q(name__contains=term) | Q(code=term))
        row = qs.order_by().aggregate(n=Count("*"), t=Sum("total_investment_wan"))  # as ledger_totals
        return row["n"], row["t"]
    finally:
        # Each worker thread keeps its own connection from one request to the next, as a gunicorn
        # thread does (CONN_MAX_AGE=60): opening one per request cost more than the search itself
        # (SQLite 3.5 of 7 ms CPU, PostgreSQL 24 of 36 ms at 20k). drive() closes them at the end.
        connection.close_if_unusable_or_obsolete()


def drive(user, indexed: bool, clients: int, requests: int) -> tuple[list[float], dict]:
    answers = {}

    def one(i: int) -> float:
        term = TERMS[i % len(TERMS)]
        started = time.perf_counter()
        answers[term] = _totals(user, term, indexed)
        return (time.perf_counter() - started) * 1000

    from django.db import connection

    barrier = threading.Barrier(clients)

    def close(_) -> None:
        barrier.wait()  # every thread holds one of these calls, so each closes its own connection
        connection.close()

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(len(TERMS))))  # warm-up
        times = list(pool.map(one, range(requests)))
        list(pool.map(close, range(clients)))
    return times, answers


def rows(args) -> list[dict]:
    import django

    django.setup()
    prepare(args.projects)
    user = _user()
    clients = getattr(args, "clients", 8)
    requests = getattr(args, "requests", 80)
    ours, ours_answers = drive(user, True, clients, requests)
    floor, floor_answers = drive(user, "floor", clients, requests)
    like, like_answers = drive(user, False, clients, max(clients, requests // 4))
    assert ours_answers == like_answers == floor_answers, "索引检索、手写 SQL 与 LIKE 结果不一致"
    p95, floor_p95, like_p95 = percentile(ours, 95), percentile(floor, 95), percentile(like, 95)
    return [
        {"work": f"文本检索 q=两字词 筛选合计 p95（{clients} 并发）", "ours_ms": p95, "floor_ms": floor_p95,
         "ratio": p95 / floor_p95, "goal_ms": 150, "ok": p95 < 150,
         "note": f"p50 {statistics.median(ours):.1f} ms；底线（手写 SQL，同样 {clients} 并发）"
                 f"p50 {statistics.median(floor):.1f} ms"},
        {"work": f"参照：同一合计用 LIKE 全表扫描 p95（{clients} 并发）", "ours_ms": like_p95, "floor_ms": None,
         "ratio": None, "goal_ms": None, "ok": None, "note": "改造前的做法，仅作对照"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=80)
    args = parser.parse_args()
    for row in rows(args):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
