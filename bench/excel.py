"""Excel import/export benchmark: `.venv/bin/python bench/excel.py --rows 100000`.

Steps, each in its own process so that its peak memory (ru_maxrss) is its own:
  write     xlsxwriter merely writing the ledger's cells (the baseline for export)
  read      calamine merely reading the workbook (the baseline for import)
  preview   ledger import preview of the workbook into an empty ledger (all rows new)
  apply     ledger import apply (bulk path: inserts with history, stage events, annual plans)
  repreview the same workbook previewed again (every row matched, no change)
  export    ledger export of everything just imported (xlsxwriter constant_memory, streamed rows)
  exportfloor xlsxwriter merely writing the exported workbook's cells (read back first, not timed):
            the floor for export — the same cells, not the 15 columns of `write`
  roundtrip preview of the exported workbook (must be no change)

Uses its own database in var/bench-excel (SANPI_VAR_DIR), recreated on every run; through
bench/report.py, the empty database the report gives it (DATASET = "fresh").
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench-excel"
# The workbooks: one folder per database, so that runs on SQLite and PostgreSQL can go side by side.
FILES = VAR / (os.environ["DATABASE_URL"].rpartition("/")[2] if os.environ.get("DATABASE_URL") else "sqlite")
sys.path.insert(0, str(ROOT))
DATASET = "fresh"
HEADERS = ["序号", "项目名称", "项目代码", "建设单位", "统一社会信用代码", "区划代码", "总投资（亿元）", "2025年计划投资（万元）",
           "占地（亩）", "建筑面积（平方米）", "计划开工时间", "是否入库", "当前阶段", "阶段日期", "国民经济行业"]


def _django() -> None:
    os.environ.setdefault("SANPI_VAR_DIR", str(VAR))
    os.environ.setdefault("SANPI_DEBUG", "0")  # no query log in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _rows(n: int):
    from sanpi.projects.validators import uscc_check_char

    rng = random.Random(2024)
    counties = ["410102", "410103", "410105", "410171", "410172", "410173", "410181", "410302", "410522", "411002"]
    for i in range(1, n + 1):
        org = i // 5
        body = f"91{counties[org % len(counties)]}{org:09d}"
        stage = rng.choice(["谋划", "签约", "开工", "开工"])
        yi = rng.randint(5, 200000) / 100  # 0.05 – 2000 亿元
        yield [
            i, f"基准测试项目{i:07d}", f"2401-{counties[i % len(counties)]}-04-01-{i:06d}" if i % 3 == 0 else None,
            f"基准测试企业{org:06d}有限公司", body + uscc_check_char(body), counties[i % len(counties)], yi,
            rng.randint(100, 99999), rng.randint(10, 900), rng.randint(1000, 900000),
            dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)), "是" if yi >= 0.05 else "否", stage,
            None if stage == "谋划" else dt.date(2024, rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice(["39", "C27", "36", "44"]),
        ]


def step_write(rows: int, path: Path) -> dict:
    import xlsxwriter

    data = list(_rows(rows))  # generating the rows is not xlsxwriter's time
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("台账")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, "基准测试项目台账")
    sheet.write_row(1, 0, HEADERS)
    for r, row in enumerate(data, start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            else:
                sheet.write(r, c, value)
    book.close()
    return {"cells": rows * len(HEADERS), "bytes": path.stat().st_size, "_seconds": time.perf_counter() - started}


def step_read(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    return {"rows": len(rows)}


def _admin():
    from sanpi.accounts.models import User

    return User.objects.get(username="bench")


def step_import(path: Path, apply: bool) -> dict:
    from django.core.exceptions import ValidationError

    from sanpi.ingest.services.ledger import ledger_import

    try:
        result = ledger_import(user=_admin(), path=path, apply=apply, source=path.name)
    except ValidationError as exc:  # the upload guard's refusal (e.g. past SANPI_IMPORT_MAX_BYTES) is a result
        return {"refused": "；".join(exc.messages)}
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "errors": result.errors, "first_errors": [vars(i) for i in result.issues[:3]]}


def step_export(path: Path) -> dict:
    from sanpi.ingest.exports import ledger_export

    return {"rows": ledger_export(user=_admin(), target=str(path)), "bytes": None}


def step_export_floor(exported: Path, path: Path) -> dict:
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    cells = CalamineWorkbook.from_path(str(exported)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("项目台账")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, value if isinstance(value, dt.datetime)
                                     else dt.datetime.combine(value, dt.time()), date_fmt)
            else:
                sheet.write(r, c, value)
    book.close()
    return {"cells": sum(1 for row in cells for v in row if v not in (None, "")),
            "_seconds": time.perf_counter() - started}


def step_setup() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    from sanpi.accounts.models import User

    User.objects.create_superuser("bench", "bench@example.invalid", "bench12345")
    return {}


def child(step: str, rows: int) -> None:
    source, exported = FILES / "ledger.xlsx", FILES / "export.xlsx"
    started = time.perf_counter()
    if step == "write":
        info = step_write(rows, source)
    elif step == "read":
        info = step_read(source)
    else:
        _django()
        started = time.perf_counter()  # Django's start-up is not the import's time
        if step == "setup":
            info = step_setup()
        elif step in ("preview", "repreview"):
            info = step_import(source, apply=False)
        elif step == "apply":
            info = step_import(source, apply=True)
        elif step == "export":
            info = step_export(exported)
            info["bytes"] = exported.stat().st_size
        elif step == "exportfloor":
            info = step_export_floor(exported, FILES / "export-floor.xlsx")
        elif step == "roundtrip":
            info = step_import(exported, apply=False)
        else:
            raise SystemExit(f"unknown step {step}")
    seconds = info.pop("_seconds", None) or time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1), **info},
                     ensure_ascii=False))


STEPS = ("setup", "write", "read", "preview", "apply", "repreview", "export", "exportfloor", "roundtrip")


def run_steps(rows: int, env: dict, echo: bool = True) -> dict:
    """Every step in its own process; `env` names the (empty) database. Returns {step: result}."""
    FILES.mkdir(parents=True, exist_ok=True)
    for name in ("ledger.xlsx", "export.xlsx", "export-floor.xlsx"):
        (FILES / name).unlink(missing_ok=True)
    by = {}
    for step in STEPS:
        out = subprocess.run([sys.executable, __file__, "--step", step, "--rows", str(rows)], env=env,
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            sys.stderr.write(out.stderr)
            raise SystemExit(f"step {step} failed")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        by[step] = result
        if result.get("refused"):  # nothing was imported: the later steps have nothing to work on
            if echo:
                print(f"{step:10s} 拒绝：{result['refused']}", flush=True)
            break
        if echo and step != "setup":
            extra = {k: v for k, v in result.items() if k not in ("step", "seconds", "peak_mb")}
            print(f"{step:10s} {result['seconds']:8.2f} s  peak {result['peak_mb']:7.1f} MB  {extra}", flush=True)
    return by


def rows(args) -> list[dict]:
    """The report's rows; the report hands this module an empty database of its own."""
    n = args.projects
    by = run_steps(n, {**os.environ}, echo=False)
    refused = next((r["refused"] for r in by.values() if r.get("refused")), None)
    if refused:
        # A workbook past the upload limits is refused by design (offices split it): a row that says so,
        # not a failure of the report.
        return [{"work": f"Excel 导入 {n} 行（预览 + 应用）", "ours_ms": None, "floor_ms": by["read"]["seconds"] * 1000,
                 "ratio": None, "goal_ratio": 10, "ok": None, "note": f"导入被拒绝（按设计）：{refused}"},
                {"work": f"Excel 导出 {n} 行", "ok": None, "note": "未测：导入被拒绝，台账为空"}]
    imported = (by["preview"]["seconds"] + by["apply"]["seconds"]) * 1000
    read = by["read"]["seconds"] * 1000
    export, floor = by["export"]["seconds"] * 1000, by["exportfloor"]["seconds"] * 1000
    return [
        {"work": f"Excel 导入 {n} 行（预览 + 应用）", "ours_ms": imported, "floor_ms": read, "ratio": imported / read,
         "goal_ratio": 10, "ok": imported / read <= 10,
         "note": f"预览 {by['preview']['seconds']} s + 应用 {by['apply']['seconds']} s；底线：calamine 读文件"},
        {"work": f"Excel 导出 {n} 行", "ours_ms": export, "floor_ms": floor, "ratio": export / floor, "goal_ratio": 1.3,
         "ok": export / floor <= 1.3,
         "note": f"底线：xlsxwriter 写同样的 {by['exportfloor']['cells']} 个单元格；峰值内存 {by['export']['peak_mb']} MB"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        child(args.step, args.rows)
        return
    VAR.mkdir(parents=True, exist_ok=True)
    for name in ("sanpi.sqlite3", "sanpi.sqlite3-wal", "sanpi.sqlite3-shm"):
        (VAR / name).unlink(missing_ok=True)
    by = run_steps(args.rows, {**os.environ, "SANPI_VAR_DIR": str(VAR)})
    if any(r.get("refused") for r in by.values()):
        return
    print(f"\n{args.rows} rows: import preview {by['preview']['seconds']} s vs calamine read {by['read']['seconds']} s; "
          f"apply {by['apply']['seconds']} s; export {by['export']['seconds']} s vs xlsxwriter writing the same cells "
          f"{by['exportfloor']['seconds']} s (the 15-column source workbook: {by['write']['seconds']} s).")


if __name__ == "__main__":
    main()
