"""Journeys of issue #16 at 1366 and 375 px, with screenshots: sorting the ledger by a header,
exporting a filtered list and reading it back, reviewing a report with its context, downloading an
A4 bulletin, and the lights table on a phone (no cell narrower than two characters)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _amounts(page) -> list[Decimal]:
    cells = page.locator("[data-testid=ledger] tbody tr td.num").all_inner_texts()
    return [Decimal(c) for c in cells if c.strip() not in ("", "—")]


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_sorting_the_ledger_by_a_header(session, viewport, name):
    s = session("jingkai", viewport)
    s.goto("/projects/?live=1")
    page = s.page
    page.click("th >> a[data-sort=investment]")
    page.wait_for_url(re.compile(r"sort=-investment"))
    assert "live=1" in page.url  # the filter stays
    amounts = _amounts(page)
    assert len(amounts) > 3 and amounts == sorted(amounts, reverse=True)
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("总投资")
    page.click("th >> a[data-sort=investment]")
    page.wait_for_url(re.compile(r"sort=investment"))
    amounts = _amounts(page)
    assert amounts == sorted(amounts)
    s.screenshot(f"ux-ledger-sorted-{name}")
    if viewport is PHONE:
        s.assert_no_horizontal_overflow()


def test_exporting_a_filtered_list_reads_back_the_rows_on_screen(session, demo, tmp_path):
    from python_calamine import CalamineWorkbook

    s = session("province")
    page = s.page
    s.goto(f"/activities/periods/{demo['period'].pk}/?batch=signed&sort=name")
    names = page.locator("table.table-hover tbody tr td:first-child a").all_inner_texts()
    assert names
    s.screenshot("ux-period-list-desktop")
    with page.expect_download() as info:
        page.click("[data-testid=export]")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("三个一批清单-")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = rows[1]
    exported = [dict(zip(header, r, strict=True))["项目名称"] for r in rows[2:]]
    assert exported == names  # the same rows, in the order on screen


def test_reviewing_a_report_with_its_context(session, demo, tmp_path):
    from django.utils import timezone

    from sanpi.accounts.models import User
    from sanpi.progress.selectors import previous_month
    from sanpi.progress.services import report_file

    year, month = previous_month(timezone.localdate())
    antu = demo["antu"]
    report = report_file(user=User.objects.get(username="enterprise"), project_id=antu.pk, year=year, month=month,
                         month_completed_wan="70000", ytd_completed_wan="70000", since_start_completed_wan="150000",
                         progress_text="主体结构封顶", submit=True)
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        s = session("jingkai", viewport)
        page = s.page
        s.goto(f"/progress/reports/{report.pk}/")
        expect(page.locator("#report-project")).to_have_attribute("href", antu.get_absolute_url())
        expect(page.locator("[data-testid=annual-plan]")).to_have_text("60000")
        expect(page.locator("[data-testid=completion]")).to_contain_text("116.7")
        expect(page.locator("[data-testid=overrun]")).to_have_text("超年度计划")
        expect(page.locator("#review-compare")).to_contain_text("无上月月报")
        approve, back = page.locator("#approve").bounding_box(), page.locator("#return").bounding_box()
        if viewport is DESKTOP:
            # side by side, each button on one line
            assert abs(approve["y"] - back["y"]) < 4 and back["height"] < 45 and approve["height"] < 45
        s.screenshot(f"ux-review-{name}")
        if viewport is PHONE:
            s.assert_no_horizontal_overflow()
    page.fill("input[name=reason]", "")
    page.click("#approve")
    expect(page.locator("#report-status")).to_have_text("已审核")


def test_downloading_an_a4_bulletin(session, demo, tmp_path):
    import docx

    s = session("province")
    page = s.page
    s.goto(f"/activities/periods/{demo['period'].pk}/")
    with page.expect_download() as info:
        page.click("text=下载通报（Word）")
    assert info.value.suggested_filename == "第15期三个一批通报.docx"
    path = tmp_path / "bulletin.docx"
    info.value.save_as(path)
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not US Letter
    assert any(p.style.name == "公文标题" and "第十五期" in p.text for p in document.paragraphs)


def test_the_lights_table_on_a_phone(session, demo):
    from django.utils import timezone

    from sanpi.progress.evaluation import evaluate_month
    from sanpi.progress.selectors import previous_month

    year, month = previous_month(timezone.localdate())
    evaluate_month(year=year, month=month)
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        s = session("jingkai", viewport)
        page = s.page
        s.goto(f"/progress/lights/?period={year}-{month:02d}")
        expect(page.locator("#lights tbody tr").first).to_be_visible()
        narrow = page.evaluate("""() => {
            const size = parseFloat(getComputedStyle(document.querySelector('#lights td')).fontSize);
            return [...document.querySelectorAll('#lights td, #lights th')]
                .filter(c => c.getBoundingClientRect().width < 2 * size)
                .map(c => c.innerText.slice(0, 20));
        }""")
        assert narrow == [], narrow
        s.screenshot(f"ux-lights-{name}")
        s.assert_no_horizontal_overflow()
