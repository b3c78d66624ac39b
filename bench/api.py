"""API throughput: project list and detail beside a bare JSON endpoint, against gunicorn.

    .venv/bin/python bench/api.py --projects 20000 [--clients 8] [--requests 2000] [--seconds 60]

Prepares a SQLite database in var/bench-api (its own SANPI_VAR_DIR: migrate, reference data,
`sanpi gen --projects N`, a province user and a token; reused while it holds N projects), starts
gunicorn (2 workers, gthread) on 127.0.0.1 at a free port, then for each endpoint sends a bounded
number of requests (stopping early at the time limit) from a pool of concurrent clients and prints
requests/second and the p50/p99 latency. Only loopback traffic; the server is stopped at the end.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from serving import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]


def run(args, env, **kw):
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, **kw)
    if result.returncode:
        sys.exit(f"{' '.join(args[:4])} 失败：\n{result.stderr[-3000:]}")
    return result


def shell(code: str, env) -> str:
    """Run `code` with Django set up, in the benchmark's environment; return what it printed."""
    return run([PYTHON, "-c", "import django; django.setup()\n" + code], env).stdout.strip()


def prepare(projects: int, env) -> tuple[str, list[int]]:
    """The database with `projects` projects, and a token of a province user."""
    run([*MANAGE, "migrate", "--skip-checks", "-v0"], env)
    count = int(shell("from sanpi.projects.models import Project; print(Project.objects.count())", env) or 0)
    if count == 0:
        run([*MANAGE, "loaddata", "--skip-checks", "-v0", "regions", "industries", "categories"], env)
    if count < projects:
        print(f"生成 {projects - count} 个项目…", file=sys.stderr)
        run([*MANAGE, "gen", "--skip-checks", "--projects", str(projects - count)], env, timeout=3600)
    out = shell(
        "from sanpi.accounts.models import User\n"
        "from sanpi.api.services import token_create\n"
        "from sanpi.projects.models import Project\n"
        "u = User.objects.filter(username='bench').first() or User.objects.create_user("
        "'bench', role='province', region_id='410000')\n"
        "import json; print(json.dumps({'key': token_create(user=u, name='bench').key, "
        "'ids': list(Project.objects.order_by('?').values_list('id', flat=True)[:500])}))", env)
    data = json.loads(out.splitlines()[-1])
    return data["key"], data["ids"]


def drive(port: int, paths: list[str], *, key: str, clients: int, requests: int, seconds: float) -> dict:
    """Send up to `requests` GETs (cycling through `paths`) from `clients` threads, each with its
    own keep-alive connection, stopping at `seconds`. Returns rps, p50, p99 (ms) and errors."""
    stop_at = time.monotonic() + seconds
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    headers = {"Authorization": f"Bearer {key}"}

    def client(n: int, offset: int) -> tuple[list[float], int]:
        latencies, errors = [], 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(n):
            if time.monotonic() > stop_at:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", paths[(offset + i) % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies.append(time.perf_counter() - started)
        conn.close()
        return latencies, errors

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, per_client, [i * 7919 for i in range(clients)]))
    elapsed = time.perf_counter() - began
    latencies = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    if not latencies:
        return {"requests": 0, "errors": errors}
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50_ms": cuts[49] * 1000, "p99_ms": cuts[98] * 1000}


def serve_and_drive(env: dict, projects: int, *, clients: int, requests: int, seconds: float, workers: int = 2,
                    threads: int = 4, echo=print) -> dict:
    """Prepare the data, start gunicorn, drive every case; returns {case: result}."""
    key, ids = prepare(projects, env)
    rng = random.Random(1)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "floor_wsgi:application", "--pythonpath", str(ROOT / "bench"),
         "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    results = {}
    try:
        wait_ready(port, time.monotonic() + 60)
        cases = {
            "ping（无数据库）": ["/api/v1/ping"],
            "项目列表（50条/页）": ["/api/v1/projects?limit=50"],
            "项目列表（筛选：郑州、开工）": ["/api/v1/projects?limit=50&region=410100&stage=started"],
            "项目详情": [f"/api/v1/projects/{i}" for i in rng.sample(ids, min(len(ids), 500))],
        }
        # The floors (bench/floor_wsgi.py): the same token auth, one raw SQL query, JSON.
        floors = {
            "底线 项目列表（50条/页）": ["/floor/projects?limit=50"],
            "底线 项目列表（筛选：郑州、开工）": ["/floor/projects?limit=50&city=410100&stage=started"],
            "底线 项目详情": [path.replace("/api/v1/", "/floor/") for path in cases["项目详情"]],
        }
        cases.update(floors)
        echo(f"项目 {projects} 个；gunicorn {workers} 个 worker × {threads} 线程（gthread）；"
             f"{clients} 个并发客户端；每个接口至多 {requests} 个请求或 {seconds:.0f} 秒。")
        echo(f"{'接口':<24}{'请求数':>8}{'错误':>6}{'请求/秒':>10}{'p50（毫秒）':>12}{'p99（毫秒）':>12}")
        for name, paths in cases.items():
            drive(port, paths[:5], key=key, clients=clients, requests=clients * 5, seconds=10)  # warm-up
            r = drive(port, paths, key=key, clients=clients, requests=requests, seconds=seconds)
            results[name] = r
            if not r["requests"]:
                echo(f"{name:<24}{'—':>8}{r['errors']:>6}")
                continue
            echo(f"{name:<24}{r['requests']:>8}{r['errors']:>6}{r['rps']:>10.0f}{r['p50_ms']:>12.1f}{r['p99_ms']:>12.1f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return results


def rows(args) -> list[dict]:
    """The report's rows, on the database the report names (its shared generated ledger)."""
    clients = getattr(args, "clients", 8)
    # One token sends every request: the per-token limit (600/min by default) would answer 429 to
    # most of them; the throttle still runs, at a rate the bench does not reach.
    env = {"SANPI_API_RATE": "100000/s", **os.environ, "SANPI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
    results = serve_and_drive(env, args.projects, clients=clients, requests=getattr(args, "requests", 400),
                              seconds=20, echo=lambda *a: None)
    ping = results.get("ping（无数据库）", {})
    out = []
    for name, r in results.items():
        if name.startswith("ping") or name.startswith("底线"):
            continue
        p99 = r.get("p99_ms")
        out.append({"work": f"API {name} p99（{clients} 并发）", "ours_ms": p99, "floor_ms": None, "ratio": None,
                    "goal_ms": 100, "ok": p99 is not None and p99 < 100 and not r["errors"],
                    "note": f"{r.get('rps', 0):.0f} 请求/秒（ping {ping.get('rps', 0):.0f}）；错误 {r['errors']}"})
        floor = results.get(f"底线 {name}", {})
        if r.get("rps") and floor.get("rps"):
            # Throughput as time per request (1000 / rps): ≥ 70 % of the floor's rps is ≤ 1/0.7 of its time.
            ours_ms, floor_ms = 1000 / r["rps"], 1000 / floor["rps"]
            out.append({"work": f"API {name} 吞吐 vs 认证+SQL底线", "ours_ms": ours_ms, "floor_ms": floor_ms,
                        "ratio": ours_ms / floor_ms, "goal_ratio": round(1 / 0.7, 2),
                        "ok": ours_ms / floor_ms <= 1 / 0.7 and not r["errors"] and not floor["errors"],
                        "note": f"{r['rps']:.0f} vs {floor['rps']:.0f} 请求/秒（底线 p99 {floor['p99_ms']:.0f} 毫秒）"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=8, help="并发客户端数")
    parser.add_argument("--requests", type=int, default=2000, help="每个接口的请求数上限")
    parser.add_argument("--seconds", type=float, default=60, help="每个接口的时间上限（秒）")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    var = ROOT / "var" / "bench-api"
    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SANPI_VAR_DIR": str(var), "SANPI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    serve_and_drive(env, args.projects, clients=args.clients, requests=args.requests, seconds=args.seconds,
                    workers=args.workers, threads=args.threads)


if __name__ == "__main__":
    main()
