"""The benchmark rows written by the bench scripts (var/bench/*.json), as one table.

    .venv/bin/python bench/report.py [--json]

Each script writes a list of rows: {"work": what was measured, "ours_ms": sanpi's time, "floor_ms":
the floor it is compared with (e.g. a bare request under the same load), "ratio": ours ÷ floor,
"goal": the target}; extra keys (e.g. "value", "errors") are shown as they are. bench/peak.py writes
var/bench/peak.json.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench"
KNOWN = ("work", "ours_ms", "floor_ms", "ratio", "goal")


def rows() -> list[dict]:
    found = []
    for path in sorted(RESULTS.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if isinstance(data, list):
            found += [dict(row, source=path.stem) for row in data if isinstance(row, dict) and "work" in row]
    return found


def _cell(value) -> str:
    return "—" if value is None else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args()
    table = rows()
    if args.json:
        json.dump(table, sys.stdout, ensure_ascii=False, indent=1)
        return
    if not table:
        print(f"{RESULTS} 下没有基准结果；先运行 bench/peak.py 等脚本。")
        return
    print(f"{'工作':<40}{'sanpi 毫秒':>12}{'下限 毫秒':>12}{'倍数':>8}  目标 / 其他")
    for row in table:
        extra = "，".join(f"{k}={v}" for k, v in row.items() if k not in (*KNOWN, "source"))
        print(f"{row['work']:<40}{_cell(row.get('ours_ms')):>12}{_cell(row.get('floor_ms')):>12}"
              f"{_cell(row.get('ratio')):>8}  {row.get('goal', '')}{'；' + extra if extra else ''}")


if __name__ == "__main__":
    main()
