"""项目一张图 in the browser: the province opens the map, switches layers, clicks 郑州 on the map to
drill into its counties and reaches the list behind a county's figure; 经开区 opens the map (drawn on
郑州's counties) and reaches its own list; desktop and phone screenshots; no CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from sanpi.outlook import demo as outlook_demo

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective); });
"""


def _open(session, username, viewport=None):
    s = session(username, viewport) if viewport else session(username)
    s.context.add_init_script(RECORD_VIOLATIONS)
    return s


def _map_ready(s):
    expect(s.page.locator("#region-map[data-ready='1']")).to_have_count(1)


def test_province_switches_layers_drills_into_a_city_and_reaches_the_list(session, demo):
    outlook_demo.build()
    s = _open(session, "province")
    s.goto("/outlook/map/")
    _map_ready(s)
    expect(s.page.locator("h1")).to_contain_text("项目一张图 · 河南省")
    # Zooming in with the wheel regroups the points: the clusters split (more, smaller ones).
    chart = s.page.locator("#region-map")
    assert chart.get_attribute("data-zoom-level") == "1"
    before = int(chart.get_attribute("data-clusters"))
    box = chart.bounding_box()
    s.page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.35)
    for _ in range(40):
        s.page.mouse.wheel(0, -120)
        s.page.wait_for_timeout(50)
        if chart.get_attribute("data-zoom-level") not in ("1", "2"):
            break
    assert int(chart.get_attribute("data-zoom-level")) >= 4
    after = int(chart.get_attribute("data-clusters"))
    assert after > before if before < s.page.evaluate("JSON.parse(document.getElementById('map-data').textContent)"
                                                      ".points.length") else after == before
    s.screenshot("map-province-zoomed")
    s.page.click("[data-testid=layer-lights]")
    s.page.wait_for_url(re.compile(r"layer=lights"))
    _map_ready(s)
    s.page.click("[data-testid=layer-investment]")
    s.page.wait_for_url(re.compile(r"layer=investment"))
    _map_ready(s)
    s.screenshot("map-province-desktop")
    # A click on the map where 郑州 is (its 中原区, 113.62°E 34.75°N) drills into its counties.
    x, y = s.page.evaluate("""() => {
        var el = document.getElementById('region-map');
        var p = echarts.getInstanceByDom(el).convertToPixel({ geoIndex: 0 }, [113.45, 34.62]);
        var r = el.getBoundingClientRect();
        return [r.left + p[0], r.top + p[1]];
    }""")
    s.page.mouse.click(x, y)
    s.page.wait_for_url(re.compile(r"at=410100"))
    _map_ready(s)
    expect(s.page.get_by_test_id("crumb-current")).to_have_text("郑州市")
    expect(s.page.locator("[data-testid=region-rows] tr[data-code='410173']")).to_contain_text("无边界")
    s.screenshot("map-zhengzhou-desktop")
    count = s.page.get_by_test_id("list-410122").inner_text()
    s.page.click("[data-testid=list-410122]")
    s.page.wait_for_url(re.compile(r"/projects/\?region=410122"))
    expect(s.page.locator("body")).to_contain_text("中牟县")
    assert int(count) > 0
    assert s.page.evaluate("window.__csp") == []


def test_jingkai_sees_its_zone_on_zhengzhou_and_the_phone_layout(session, demo):
    outlook_demo.build()
    s = _open(session, "jingkai")
    s.goto("/outlook/map/")
    _map_ready(s)
    expect(s.page.get_by_test_id("crumb-current")).to_have_text("郑州市")
    zone_row = s.page.locator("[data-testid=region-rows] tr[data-code='410171']")
    expect(zone_row).to_contain_text("郑州经济技术开发区")
    other = s.page.locator("[data-testid=region-rows] tr[data-code='410122'] td.num").first
    expect(other).to_have_text("0")  # 中牟县 is not the zone's
    s.screenshot("map-jingkai-desktop")
    s.page.click("[data-testid=list-410171]")
    s.page.wait_for_url(re.compile(r"/projects/\?region=410171"))
    phone = _open(session, "province", PHONE)
    phone.goto("/outlook/map/?at=410100&layer=completion")
    _map_ready(phone)
    phone.assert_no_horizontal_overflow()
    phone.screenshot("map-zhengzhou-phone")
    phone.goto("/")
    expect(phone.page.get_by_test_id("glance")).to_be_visible(timeout=30000)
    expect(phone.page.locator("#glance-map[data-ready='1']")).to_have_count(1)
    phone.assert_no_horizontal_overflow()
    phone.screenshot("dashboard-glance-phone")
    assert s.page.evaluate("window.__csp") == [] and phone.page.evaluate("window.__csp") == []
