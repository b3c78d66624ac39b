"""The map's clusters depend on the zoom (outlook/static/outlook/cluster.js), run in Chromium on a blank
page: the same points form fewer, larger clusters at zoom 1 than after zooming in, a cluster takes the
worst light of its projects, and small zoom steps keep the clusters."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CLUSTER_JS = Path(__file__).resolve().parents[3] / "outlook" / "static" / "outlook" / "cluster.js"
EXTENT = [110.0, 31.0, 117.0, 36.0]  # 7° across: cells of 7/24° at zoom 1
CELL = 7 / 24


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(CLUSTER_JS))
    yield page
    context.close()


def _run(page, points, zoom):
    return page.evaluate("([pts, extent, zoom]) => SanpiCluster.forZoom(pts, extent, zoom)", [points, EXTENT, zoom])


def _origin(g):
    return (380 + 3 * (g % 6)) * CELL + 0.03, (110 + 3 * (g // 6)) * CELL + 0.03


def _grid(n_groups, per_group, spread):
    """n_groups tight groups three cells apart, each starting just inside a zoom-1 cell, of per_group
    points `spread`° apart (all green but one red)."""
    points = []
    for g in range(n_groups):
        lon, lat = _origin(g)
        for i in range(per_group):
            points.append({"lon": lon + (i % 4) * spread, "lat": lat + (i // 4) * spread,
                           "colour": "red" if (g, i) == (0, 5) else "green", "name": f"{g}-{i}"})
    return points


def test_clusters_split_as_the_user_zooms_in(page):
    points = _grid(12, 16, 0.05)  # 192 points: above the 150 drawn one by one
    coarse = _run(page, points, 1)
    fine = _run(page, points, 8)
    assert len(coarse) == 12  # each group within one cell of 0.29°
    assert len(fine) > len(coarse)  # cells of 0.036°: the groups' points (0.05° apart) come apart
    for clusters in (coarse, fine):
        assert sum(c["value"][2] for c in clusters) == len(points)
    first = coarse[0]
    assert first["value"][2] == 16 and first["colour"] == "red" and first["p"] is None
    assert first["value"][0] == pytest.approx(_origin(0)[0] + 0.075)
    assert first["value"][1] == pytest.approx(_origin(0)[1] + 0.075)
    assert all(c["p"] is not None and c["value"][2] == 1 for c in fine)  # every point on its own


def test_zoom_levels_and_few_points(page):
    assert page.evaluate("[1, 1.5, 1.99, 2, 3.9, 4, 0.5].map(SanpiCluster.level)") == [1, 1, 1, 2, 2, 4, 1]
    points = _grid(2, 16, 0.01)  # 32 points: every project drawn on its own at any zoom
    single = _run(page, points, 1)
    assert len(single) == 32 and all(c["value"][2] == 1 and c["p"]["name"] for c in single)
