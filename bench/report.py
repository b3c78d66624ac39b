"""One report over every benchmark: each row its work, our time, the floor, the ratio and the goal.

    .venv/bin/python bench/report.py --projects 100000 [--database sqlite|postgres] [--format json|table]
                                     [--only period_stats,search]

A benchmark takes part by defining `rows(args) -> list[dict]` in its module under bench/ (found by
reading the sources, nothing is imported here). Each row has `work`, `ours_ms`, `floor_ms`, `ratio`,
`goal_ratio` or `goal_ms`, `ok` (None where a row is only a reference) and optionally `note`. Every
module runs in its own process with `SANPI_DEBUG=0`; `args` carries `projects`, `database`, `clients`,
`requests`.

Data: modules with `DATASET = "shared"` (the default) use one database filled by the project's
generator (`sanpi gen`) and reused between runs: var/bench-report (SQLite) or the PostgreSQL database
`<base>_bench`. A module with `DATASET = "own"` gets its own database (its data differs: the alert
bench builds reports), reused too; `DATASET = "fresh"` gets an empty one every run (the import bench
imports into an empty ledger). PostgreSQL databases are named from --pg-url (default
postgres://postgres@127.0.0.1:5432/sanpi_bench) and created when missing.
"""

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
COLUMNS = ("work", "ours_ms", "floor_ms", "ratio", "goal", "ok")


def modules() -> list[tuple[str, str]]:
    """(module name, DATASET) of every bench module that defines rows()."""
    found = []
    for path in sorted(BENCH.glob("*.py")):
        if path.stem == "report":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"^def rows\(", source, re.M):
            match = re.search(r'^DATASET = "(\w+)"', source, re.M)
            found.append((path.stem, match.group(1) if match else "shared"))
    return found


def _pg_database(url: str, name: str, *, fresh: bool) -> str:
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def environment(args, module: str, dataset: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SANPI_VAR_DIR")}
    env.update({"SANPI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"})
    # Production settings refuse to start without a key; a benchmark's throwaway key is fine.
    env.setdefault("SANPI_SECRET_KEY", "bench-" + "k" * 60)
    suffix = "bench" if dataset == "shared" else module
    if args.database == "postgres":
        base_name = args.pg_url.rpartition("/")[2]
        env["DATABASE_URL"] = _pg_database(args.pg_url, f"{base_name}_{suffix}" if suffix != "bench" else base_name,
                                           fresh=dataset == "fresh")
    else:
        var = ROOT / "var" / ("bench-report" if dataset == "shared" else f"bench-report-{module}")
        var.mkdir(parents=True, exist_ok=True)
        if dataset == "fresh":
            for name in ("sanpi.sqlite3", "sanpi.sqlite3-wal", "sanpi.sqlite3-shm"):
                (var / name).unlink(missing_ok=True)
        env["SANPI_VAR_DIR"] = str(var)
    return env


def run_one(module: str, args) -> list[dict]:
    sys.path.insert(0, str(BENCH))
    return importlib.import_module(module).rows(args)


def _fmt(value, digits=1) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ok" if value else "NOT OK"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(rows: list[dict]) -> str:
    lines = [f"{'work':<54}{'ours_ms':>11}{'floor_ms':>11}{'ratio':>8}{'goal':>10}  ok"]
    for r in rows:
        goal = f"≤{r['goal_ratio']}×" if r.get("goal_ratio") else (f"<{r['goal_ms']}ms" if r.get("goal_ms") else "—")
        lines.append(f"{r['work']:<54}{_fmt(r.get('ours_ms')):>11}{_fmt(r.get('floor_ms')):>11}"
                     f"{_fmt(r.get('ratio'), 2):>8}{goal:>10}  {_fmt(r.get('ok'))}"
                     + (f"   {r['note']}" if r.get("note") else ""))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--only", default="", help="逗号分隔的模块名")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=0, help="每项请求数（0：各模块默认）")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL",
                                                           "postgres://postgres@127.0.0.1:5432/sanpi_bench"))
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        ns = SimpleNamespace(projects=args.projects, database=args.database, clients=args.clients,
                             **({"requests": args.requests} if args.requests else {}))
        print("\nREPORT-ROWS " + json.dumps(run_one(args.run, ns), ensure_ascii=False, default=str))
        return

    wanted = {m for m in args.only.split(",") if m}
    all_rows = []
    for module, dataset in modules():
        if wanted and module not in wanted:
            continue
        started = time.perf_counter()
        command = [sys.executable, __file__, "--run", module, "--projects", str(args.projects),
                   "--database", args.database, "--clients", str(args.clients), "--requests", str(args.requests)]
        out = subprocess.run(command, env=environment(args, module, dataset), cwd=ROOT, capture_output=True, text=True)
        found = [line for line in out.stdout.splitlines() if line.startswith("REPORT-ROWS ")]
        if out.returncode or not found:
            sys.stderr.write(out.stderr[-3000:])
            all_rows.append({"work": f"{module}: 失败（退出码 {out.returncode}）", "ok": False})
        else:
            for row in json.loads(found[-1][len("REPORT-ROWS "):]):
                all_rows.append({"module": module, **row})
        print(f"[{module}] {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    for row in all_rows:
        for key in ("ours_ms", "floor_ms", "ratio"):
            if isinstance(row.get(key), float):
                row[key] = round(row[key], 2)
    header = {"projects": args.projects, "database": args.database}
    if args.format == "json":
        print(json.dumps({**header, "rows": all_rows}, ensure_ascii=False, indent=1))
    else:
        print(f"{args.database}, {args.projects} projects")
        print(table(all_rows))


if __name__ == "__main__":
    main()
