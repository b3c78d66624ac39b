"""The boundary files built by scripts/build_boundaries.py, read from the app's static directory.

Which maps exist (the province's cities, each city's counties), the polygon of a region, and
whether a point falls inside it. Files are read once per process. Missing files (the build has not
run) mean "no boundary": the map page says so and coordinates are not checked, never refused.
"""

import json
from functools import lru_cache
from pathlib import Path

from .geometry import contains, point_inside

GEO_DIR = Path(__file__).resolve().parent / "static" / "outlook" / "geo"
PROVINCE = "410000"


@lru_cache(maxsize=64)
def collection(code: str) -> dict | None:
    """The FeatureCollection drawn for `code` (its children), or None when there is none."""
    path = GEO_DIR / f"{code}.json"
    if not code.isdigit() or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def geometries() -> dict[str, dict]:
    """Every region's geometry by code (cities and counties)."""
    found: dict[str, dict] = {}
    province = collection(PROVINCE)
    if province is None:
        return found
    for city in province["features"]:
        found[city["id"]] = city["geometry"]
        for county in (collection(city["id"]) or {"features": []})["features"]:
            found[county["id"]] = county["geometry"]
    return found


def map_codes() -> set[str]:
    """Codes that have a drawable map of their children."""
    return {c for c in [PROVINCE, *geometries()] if (GEO_DIR / f"{c}.json").is_file()}


def region_geometry(path: str) -> tuple[str, dict] | None:
    """The innermost region on a Region.path ('410000/410100/410171/') that has a boundary:
    a zone falls back to its city."""
    for code in reversed([c for c in path.split("/") if c]):
        geometry = geometries().get(code)
        if geometry is not None:
            return code, geometry
    return None


def point_in_region(path: str, lon: float, lat: float) -> bool | None:
    """True/False for a point against the innermost bounded region of `path`; None when unknown."""
    found = region_geometry(path)
    if found is None:
        return None
    return contains(found[1], lon, lat)


def place_in_region(path: str, u: float, v: float) -> tuple[float, float] | None:
    """A point inside the region of `path` chosen by (u, v) in [0, 1) (the demo's placement)."""
    found = region_geometry(path)
    return None if found is None else point_inside(found[1], u, v)
