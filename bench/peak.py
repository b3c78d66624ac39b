"""The month-end reporting peak: API clients filing draft+submit pairs while others browse and file
through the web form, against gunicorn and the configured database.

    DATABASE_URL=postgres://… .venv/bin/python bench/peak.py --projects 20000 \
        --api 32 --browse 8 --web 4 --minutes 3

Uses the database named by DATABASE_URL (SQLite var/ otherwise): migrates, runs `sanpi gen` up to
`--projects`, creates a province user `bench_peak` with a token. Starts gunicorn (gthread) on a free
loopback port and drives it for `--minutes` (each client also stops after `--max-requests`):

- API clients: POST /api/v1/projects/{id}/reports then POST /api/v1/reports/{id}/submit, each with an
  Idempotency-Key, for (project, month) pairs of last year that have no report yet (each project's
  months in order, one client per project);
- browsing clients: the ledger page, the dashboard and /api/v1/ping (the floor);
- web clients: the report form (GET), then 保存并报送 with a photo (multipart POST).

Prints pairs per minute, errors by status, p50/p95/p99 per call type and the RSS of the gunicorn
workers, then checks in the database that every accepted report exists exactly once (current and
submitted). Writes its rows to var/bench/peak.json for bench/report.py.
"""

import argparse
import concurrent.futures
import http.client
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from serving import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
# bench/report.py: this bench files reports, so it gets a database of its own (reused between runs).
DATASET = "own"
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]
PASSWORD = "bench-peak-12345"


def run(args, env, **kw):
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, **kw)
    if result.returncode:
        sys.exit(f"{' '.join(str(a) for a in args[:4])} 失败：\n{result.stderr[-3000:]}")
    return result


def shell(code: str, env) -> str:
    return run([PYTHON, "-c", "import django; django.setup()\n" + code], env).stdout.strip()


def prepare(projects: int, year: int, env, tokens: int = 1) -> dict:
    run([*MANAGE, "migrate", "--skip-checks", "-v0"], env)
    count = int(shell("from sanpi.projects.models import Project; print(Project.objects.count())", env) or 0)
    if count == 0:
        run([*MANAGE, "loaddata", "--skip-checks", "-v0", "regions", "industries", "categories"], env)
    if count < projects:
        print(f"生成 {projects - count} 个项目…", file=sys.stderr)
        run([*MANAGE, "gen", "--skip-checks", "--projects", str(projects - count)], env, timeout=3600)
    out = shell(
        "import datetime, json\n"
        "from sanpi.accounts.models import User\n"
        "from sanpi.api.services import token_create\n"
        "from sanpi.progress.models import MonthlyReport\n"
        "from sanpi.projects.models import Project\n"
        "u = User.objects.filter(username='bench_peak').first()\n"
        "if u is None:\n"
        f"    u = User.objects.create_user('bench_peak', role='province', region_id='410000', password='{PASSWORD}')\n"
        f"filed = MonthlyReport.objects.filter(year={year}).values('project_id')\n"
        # a report is accepted only for a month by whose end the project had started (report_checks)
        f"ids = list(Project.objects.exclude(pk__in=filed).exclude(stage='terminated')"
        f".filter(started_on__lte=datetime.date({year}, 1, 31))"
        ".order_by('id').values_list('id', flat=True))\n"
        # one token per API client: each stands for an office's own system
        f"keys = [token_create(user=u, name=f'bench-peak-{{i}}').key for i in range({tokens})]\n"
        "print(json.dumps({'keys': keys, 'ids': ids}))", env)
    return json.loads(out.splitlines()[-1])


def worker_rss_mb(master: int) -> float:
    """Resident memory of the master's worker processes, in MiB."""
    total = 0
    for pid in subprocess.run(["ps", "--ppid", str(master), "-o", "pid="], capture_output=True,
                              text=True).stdout.split():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 140, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.accepted: list[tuple[int, int, int, int]] = []  # (project, year, month, report id)

    def add(self, call: str, started: float, status: int, ok: bool) -> None:
        with self.lock:
            self.latency[call].append(time.perf_counter() - started)
            self.statuses[(call, status)] += 1
            if not ok:
                self.errors[(call, status)] += 1


class Client:
    """One keep-alive connection; cookies kept for the web pages."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return 0, b"", {}
        for value in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.msg

    def login(self, username: str) -> None:
        status, page, _ = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = f"csrfmiddlewaretoken={token}&username={username}&password={PASSWORD}".encode()
        status, _, _ = self.request("POST", "/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/login/"})
        if status != 302:
            raise RuntimeError(f"登录失败：{status}")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f"Content-Type: image/jpeg\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--api", type=int, default=32, help="报送月报的 API 客户端数")
    parser.add_argument("--browse", type=int, default=8, help="浏览台账和驾驶舱的客户端数")
    parser.add_argument("--web", type=int, default=4, help="通过网页表单（带照片）填报的客户端数")
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--max-requests", type=int, default=20000, help="每个客户端的请求数上限")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if not all(row.get("ok", True) for row in peak(args)):
        sys.exit(1)


def rows(args) -> list[dict]:
    """bench/report.py's entry: the issue's peak (32 API, 8 browsing, 4 web clients, 3 minutes)."""
    from types import SimpleNamespace

    return peak(SimpleNamespace(projects=min(args.projects, 20000), api=32, browse=8, web=4, minutes=3,
                               max_requests=20000, workers=4, threads=8))


def peak(args) -> list[dict]:
    import datetime as dt

    year = dt.date.today().year - 1
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    # Every client comes from 127.0.0.1 and the browsing ones ping without a token, so the per-address
    # limit (600/min) refused the floor itself; the limit is lifted as in bench/api.py (its own tests
    # cover it), and each API client still has its own token.
    env = {**os.environ, "SANPI_API_RATE": "100000/s", "SANPI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings",
           "SANPI_ALLOWED_HOSTS": "127.0.0.1", "SANPI_SECRET_KEY": os.environ.get("SANPI_SECRET_KEY", uuid.uuid4().hex * 2),
           "SANPI_MEDIA_ROOT": str(var / "media")}
    data = prepare(args.projects, year, env, tokens=args.api)
    keys, ids = data["keys"], data["ids"]
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    # Projects split between the filing clients: the API ones and the web ones, each its own.
    filers = args.api + args.web
    shares = [ids[i::filers] for i in range(filers)]
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
         "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    rec = Recorder()
    rss: list[float] = []
    try:
        wait_ready(port, time.monotonic() + 90)
        stop_at = time.monotonic() + args.minutes * 60

        def months(share):
            for pid in share:
                for month in range(1, 13):
                    yield pid, month

        def api_client(n: int) -> None:
            client = Client(port)
            auth = {"Authorization": f"Bearer {keys[n]}", "Content-Type": "application/json"}
            sent = 0
            for pid, month in months(shares[n]):
                if time.monotonic() > stop_at or sent >= args.max_requests:
                    break
                # the project's first report (its months since 开工 unreported) states 开工以来累计 too
                first = {"since_start_completed_wan": "5000.00"} if month == 1 else {}
                body = json.dumps({"year": year, "month": month, "month_completed_wan": "100.00",
                                   "progress_text": "月末高峰测试", **first}).encode()
                started = time.perf_counter()
                status, out, _ = client.request("POST", f"/api/v1/projects/{pid}/reports", body,
                                                {**auth, "Idempotency-Key": uuid.uuid4().hex})
                rec.add("API 保存草稿", started, status, status == 201)  # a new report: 201 Created
                sent += 1
                if status != 201:
                    break  # the next months of this project would fail for the same reason
                report = json.loads(out)["id"]
                started = time.perf_counter()
                status, out, _ = client.request("POST", f"/api/v1/reports/{report}/submit", b"",
                                                {**auth, "Idempotency-Key": uuid.uuid4().hex})
                rec.add("API 报送", started, status, status == 200)
                sent += 1
                if status == 200:
                    with rec.lock:
                        rec.accepted.append((pid, year, month, report))
                else:
                    break

        def browse_client(n: int) -> None:
            client = Client(port)
            client.login("bench_peak")
            pages = [("台账（网页）", "/projects/?page=%d"), ("驾驶舱（网页）", "/"), ("ping（下限）", "/api/v1/ping")]
            for i in range(args.max_requests):
                if time.monotonic() > stop_at:
                    break
                call, path = pages[i % len(pages)]
                if "%d" in path:
                    path = path % (1 + (i * 7 + n) % 20)
                started = time.perf_counter()
                status, _, _ = client.request("GET", path)
                rec.add(call, started, status, status == 200)

        photo = jpeg()

        def web_client(n: int) -> None:
            client = Client(port)
            client.login("bench_peak")
            sent = 0
            for pid, month in months(shares[args.api + n]):
                if time.monotonic() > stop_at or sent >= args.max_requests:
                    break
                path = f"/progress/reports/new/?project={pid}&year={year}&month={month}"
                started = time.perf_counter()
                status, page, _ = client.request("GET", path)
                rec.add("表单打开（网页）", started, status, status == 200)
                sent += 1
                match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                if status != 200 or match is None:
                    break
                body, content_type = multipart({
                    "csrfmiddlewaretoken": match.group(1).decode(), "month_completed_wan": "100.00",
                    "progress_text": "月末高峰测试（网页）", "submit": "1",
                    **({"since_start_completed_wan": "5000.00"} if month == 1 else {}),
                }, {"photos": (f"site-{pid}-{month}.jpg", photo)})
                started = time.perf_counter()
                status, _, headers = client.request("POST", path, body, {
                    "Content-Type": content_type, "Referer": f"http://127.0.0.1:{port}{path}"})
                ok = status == 302 and "/progress/reports/" in (headers.get("Location") or "")
                rec.add("保存并报送（网页，带照片）", started, status, ok)
                sent += 1
                if not ok:
                    break
                report = int(re.search(r"/progress/reports/(\d+)/", headers["Location"]).group(1))
                with rec.lock:
                    rec.accepted.append((pid, year, month, report))

        def sample_memory() -> None:
            while time.monotonic() < stop_at:
                rss.append(worker_rss_mb(server.pid))
                time.sleep(5)

        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.api + args.browse + args.web + 1) as pool:
            futures = [pool.submit(api_client, i) for i in range(args.api)]
            futures += [pool.submit(browse_client, i) for i in range(args.browse)]
            futures += [pool.submit(web_client, i) for i in range(args.web)]
            futures.append(pool.submit(sample_memory))
            for f in futures:
                f.result()
        elapsed = time.perf_counter() - began
        rss.append(worker_rss_mb(server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    api_pairs = rec.statuses[("API 报送", 200)]
    web_pairs = rec.statuses[("保存并报送（网页，带照片）", 302)]
    print(f"{database}；项目 {args.projects} 个；gunicorn {args.workers} worker × {args.threads} 线程；"
          f"API {args.api} + 浏览 {args.browse} + 网页 {args.web} 个客户端；{elapsed:.0f} 秒。")
    print(f"草稿+报送：API {api_pairs} 对，网页 {web_pairs} 份；合计 {(api_pairs + web_pairs) * 60 / elapsed:.0f} 对/分钟。")
    print(f"{'调用':<26}{'次数':>7}{'错误':>6}{'p50 毫秒':>10}{'p95 毫秒':>10}{'p99 毫秒':>10}")
    rows = []
    cuts_by_call = {}
    for call, values in rec.latency.items():
        values.sort()
        cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0] * 1] * 99
        cuts_by_call[call] = cuts
        errors = sum(n for (c, _), n in rec.errors.items() if c == call)
        print(f"{call:<26}{len(values):>7}{errors:>6}{cuts[49] * 1000:>10.0f}{cuts[94] * 1000:>10.0f}{cuts[98] * 1000:>10.0f}")
    print("错误（按状态码）：" + ("、".join(f"{c} {s}: {n}" for (c, s), n in sorted(rec.errors.items())) or "无"))
    print(f"gunicorn worker 内存（RSS 合计）：最高 {max(rss):.0f} MiB，结束时 {rss[-1]:.0f} MiB")

    accepted = json.dumps([[p, y, m, r] for p, y, m, r in rec.accepted])
    (var / "peak-accepted.json").write_text(accepted)
    check = shell(
        "import json\n"
        "from collections import Counter\n"
        "from sanpi.progress.models import MonthlyReport\n"
        f"rows = json.loads(open({str(var / 'peak-accepted.json')!r}).read())\n"
        "ids = [r[3] for r in rows]\n"
        "found = {r.pk: r for r in MonthlyReport.objects.filter(pk__in=ids)}\n"
        f"per = Counter(MonthlyReport.objects.filter(year={year}, is_current=True, project_id__in={{r[0] for r in rows}})"
        ".values_list('project_id', 'month'))\n"
        "bad = [r for r in rows if r[3] not in found or found[r[3]].status != 'submitted' or not found[r[3]].is_current"
        " or (found[r[3]].project_id, found[r[3]].month) != (r[0], r[2]) or per[(r[0], r[2])] != 1]\n"
        "print(json.dumps({'accepted': len(rows), 'unique': len(set(ids)), 'bad': len(bad)}))", env)
    verdict = json.loads(check.splitlines()[-1])
    print(f"数据库核对：已受理 {verdict['accepted']} 份，各不相同 {verdict['unique']} 份，"
          f"缺失/重复/状态不符 {verdict['bad']} 份。")

    floor = cuts_by_call.get("ping（下限）")
    total_errors = sum(rec.errors.values())
    for call, cuts in cuts_by_call.items():
        if call == "ping（下限）":
            continue
        rows.append({
            "work": f"月末高峰 {database}：{call} p95", "ours_ms": round(cuts[94] * 1000, 1),
            "floor_ms": round(floor[94] * 1000, 1) if floor else None,
            "ratio": round(cuts[94] / floor[94], 1) if floor and floor[94] else None,
            "goal": "0 错误，每份已受理的月报恰好一份", "ok": not total_errors and not verdict["bad"],
        })
    rows.append({"work": f"月末高峰 {database}：草稿+报送 对/分钟", "ours_ms": None, "floor_ms": None, "ratio": None,
                 "value": round((api_pairs + web_pairs) * 60 / elapsed), "errors": total_errors,
                 "note": "错误：" + ("、".join(f"{c} {s}: {n}" for (c, s), n in sorted(rec.errors.items())) or "无"),
                 "bad_reports": verdict["bad"], "rss_mb_max": round(max(rss)),
                 "goal": "0 错误，每份已受理的月报恰好一份",
                 "ok": not total_errors and not verdict["bad"] and verdict["accepted"] == verdict["unique"]})
    (var / "peak.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return rows


if __name__ == "__main__":
    main()
