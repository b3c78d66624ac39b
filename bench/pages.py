"""Server time of the busiest pages with N generated projects (Django test Client, in-process).

    .venv/bin/python bench/pages.py --projects 1000000 [--requests 30]

Uses its own database under SANPI_VAR_DIR (default var/bench-pages; or DATABASE_URL), fills it with
`sanpi gen` up to N projects on first run, then times, signed in as `province` (河南省) and as
`jingkai` (郑州经开区): the project list (first page, and a filtered, sorted page), the lazily loaded
totals of the filtered list, and the dashboard three ways: cold (process cache and stored snapshots
cleared before every request: the aggregates are computed, as `sanpi stats refresh` does), from the
stored snapshot (what a leader gets between refreshes), and from the per-process cache of 60 s. Reports p50 and p95 in milliseconds; the goal is p95 < 300 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SANPI_VAR_DIR", str(ROOT / "var" / "bench-pages"))
os.environ.setdefault("SANPI_DEBUG", "0")  # no query log in memory

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from sanpi.projects import demo  # noqa: E402
from sanpi.projects.generator import generate  # noqa: E402
from sanpi.projects.models import Project  # noqa: E402
from sanpi.stats.models import DashboardSnapshot  # noqa: E402

PAGES = [
    # label, path, what to clear before each request: "" nothing, "cache" the process cache (the stored
    # snapshot answers), "all" the cache and the stored snapshots (the aggregates are computed)
    ("项目台账 第一页", "/projects/", ""),
    ("项目台账 筛选页（开工·郑州·按总投资）", "/projects/?stage=started&region=410100&sort=-investment", ""),
    ("项目台账 筛选页 第5页", "/projects/?stage=started&region=410100&sort=-investment&page=5", ""),
    ("筛选合计（htmx，冷）", "/projects/totals/?stage=started&region=410100", "cache"),
    ("驾驶舱（冷：重新汇总，cron 刷新时的耗时）", "/", "all"),
    ("驾驶舱（读已存快照，进程缓存已清）", "/", "cache"),
    ("驾驶舱（进程缓存）", "/", ""),
]


def prepare(projects: int) -> None:
    call_command("migrate", verbosity=0)
    demo.reference_data_load()
    users = demo.users_create()
    if not Project.objects.filter(name="中兴5G微基站和智慧杆塔集成项目").exists():
        demo.seed_projects_create(admin=users["admin"])
    missing = projects - Project.objects.count()
    if missing > 0:
        started = time.perf_counter()
        print(f"生成 {missing} 个项目……", flush=True)
        generate(projects=missing, seed=2024)
        print(f"  用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client: Client, path: str, requests: int, clear: str) -> list[float]:
    client.get(path)  # warm up code paths (and the cache for the warm runs)
    times = []
    for _ in range(requests):
        if clear:
            cache.clear()
        if clear == "all":
            DashboardSnapshot.objects.all().delete()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rows(args) -> list[dict]:
    requests = getattr(args, "requests", 10)
    prepare(args.projects)
    out = []
    for username in ("province", "jingkai"):
        client = Client()
        client.force_login(demo.User.objects.get(username=username))
        for label, path, clear in PAGES:
            times = measure(client, path, requests, clear)
            p95 = percentile(times, 95)
            out.append({"work": f"页面 {username} {label} p95", "ours_ms": p95, "floor_ms": None, "ratio": None,
                        "goal_ms": 300, "ok": p95 < 300,
                        "note": f"p50 {statistics.median(times):.1f}；顺序请求 {requests} 次"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    prepare(args.projects)
    total = Project.objects.count()
    print(f"\n数据库 {connection.vendor}，项目 {total} 个；每项 {args.requests} 次请求（毫秒）")
    print(f"{'用户':<10}{'页面':<36}{'p50':>8}{'p95':>8}{'max':>8}")
    worst = 0.0
    for username in ("province", "jingkai"):
        client = Client()
        client.force_login(demo.User.objects.get(username=username))
        for label, path, clear in PAGES:
            times = measure(client, path, args.requests, clear)
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            print(f"{username:<10}{label:<36}{statistics.median(times):>8.1f}{p95:>8.1f}{max(times):>8.1f}",
                  flush=True)
    print(f"\n最差 p95：{worst:.1f} 毫秒（目标 < 300 毫秒）")


if __name__ == "__main__":
    main()
