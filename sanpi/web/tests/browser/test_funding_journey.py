"""资金来源 in a real browser: a 经开区 office registers a 专项债 line with its batch, records a month's
到位 and 支付, and reads the amounts and rates on the project page; bad inputs get a Chinese error and
save nothing; another region's office gets 404 for the line's pages."""

import datetime as dt

import pytest
from django.utils import timezone

from sanpi.accounts.models import User
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page) -> None:
    page.get_by_role("button", name="保存").click()  # the form's, not the navbar's 退出
    page.wait_for_load_state()


def _alert(page) -> str:
    return page.locator(".alert-danger").inner_text()


def test_an_office_registers_a_bond_line_records_a_month_and_reads_the_rates(session, demo, live_server):
    today = timezone.localdate()
    antu = demo["antu"]
    jingkai = session("jingkai")
    page = jingkai.page
    jingkai.goto(antu.get_absolute_url())
    page.click("text=登记资金来源")

    # a 专项债 line without its batch, then with a negative amount: refused, nothing saved
    page.fill("#year", str(today.year))
    page.select_option("#source", label="地方政府专项债券")
    page.fill("#allocated_wan", "8000")
    save(page)
    assert "地方政府专项债券须填写发行批次（如“2024年第一批”）。" in _alert(page)
    page.fill("#bond_batch", f"{today.year}年第一批")
    page.fill("#allocated_wan", "-5")
    save(page)
    assert "计划/下达金额不能为负数。" in _alert(page)
    assert "is-invalid" in page.get_attribute("#allocated_wan", "class")  # the field in error is marked
    assert page.input_value("#bond_batch") == f"{today.year}年第一批"  # what was typed is kept
    jingkai.screenshot("funding-line-error")
    assert not FundingLine.objects.filter(project=antu).exists()
    page.fill("#allocated_wan", "8000")
    save(page)
    page.wait_for_selector("[data-testid=months]")
    line = FundingLine.objects.get(project=antu)
    assert (line.source, line.bond_batch, line.allocated_wan) == ("special_bond", f"{today.year}年第一批", 8000)
    jingkai.screenshot("funding-line")

    # this month's 到位 and 支付: 支付 beyond 到位, a negative or absurd amount, a date after today
    page.click(f"a[href='/funding/lines/{line.pk}/months/{today.month}/']")
    page.fill("#arrived_wan", "5000")
    page.fill("#arrived_on", today.isoformat())
    page.fill("#paid_wan", "6000")
    page.fill("#paid_on", today.isoformat())
    save(page)
    assert "累计支付 6000 万元不能超过累计到位 5000 万元。" in _alert(page)
    jingkai.screenshot("funding-month-error")
    page.fill("#paid_wan", "-100")
    save(page)
    assert "本月支付不能为负数。" in _alert(page)
    page.fill("#paid_wan", "1200")
    page.fill("#arrived_wan", "99999999999")
    save(page)
    assert "本月到位" in _alert(page)
    page.fill("#arrived_wan", "5000")
    page.fill("#arrived_on", (today + dt.timedelta(days=1)).isoformat())
    save(page)
    assert "到位日期" in _alert(page)  # after today (or, on a month's last day, outside the month)
    assert not FundingMonth.objects.filter(line=line).exists()
    page.fill("#arrived_on", today.isoformat())
    save(page)
    page.wait_for_selector("[data-testid=months]")
    month = FundingMonth.objects.get(line=line)
    assert (month.month, month.arrived_wan, month.paid_wan, month.paid_on) == (today.month, 5000, 1200, today)

    # the project page: amounts in 万元 and the rates
    jingkai.goto(antu.get_absolute_url())
    row = page.locator("[data-testid=funding-line]").first
    assert row.locator("[data-testid=funding-name]").inner_text() == f"{today.year}年 地方政府专项债券（{today.year}年第一批）"
    assert [row.locator(f"[data-testid={name}]").inner_text() for name in (
        "allocated", "arrived", "arrival-rate", "paid", "paid-share")] == ["8000", "5000", "62.5%", "1200", "24.0%"]
    row.scroll_into_view_if_needed()
    jingkai.screenshot("funding-project")
    jingkai.assert_no_horizontal_overflow()

    # another region's office: the line and its month answer 404, as an unknown id does
    make_user("luoyang_office", role=User.Role.CITY, region="410300")
    luoyang = session("luoyang_office")
    for path in (f"/funding/lines/{line.pk}/", f"/funding/lines/{line.pk}/months/{today.month}/",
                 f"/funding/projects/{antu.pk}/lines/new/"):
        assert luoyang.goto(path).status == 404
    luoyang.screenshot("funding-404")
