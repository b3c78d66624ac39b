"""The province copies an example scheme, is told its weights do not add up to 100, fixes them and sees
the ranking computed with the new weights."""

import pytest

from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import Scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_copies_and_edits_a_scheme(session):
    examples_install()
    s = session("province")
    page = s.page
    s.goto("/ranking/")
    page.click("text=河南月度考评示例")
    page.fill("[data-testid=scheme-copy-form] input[name=name]", "河南省2025年月度考评")
    page.click("[data-testid=scheme-copy-form] button")
    page.wait_for_selector("text=已复制为“河南省2025年月度考评”")
    assert page.locator("[data-testid=indicator-row]").count() == 7
    page.fill("input[name='ind-0-weight']", "35")
    page.click("#scheme-save")
    page.wait_for_selector("[data-testid=scheme-errors]")
    assert "各项指标分值合计应为100分，现为95分。" in page.inner_text("[data-testid=scheme-errors]")
    s.screenshot("scheme-edit-refused")
    page.fill("input[name='ind-1-weight']", "25")
    page.fill("input[name='ind-1-min_points']", "12")
    page.check("input[name='ind-4-delete']")
    page.select_option("select[name='ind-5-indicator']", "new_starts_investment")
    page.fill("input[name='ind-5-weight']", "10")
    page.select_option("select[name='ind-5-method']", "rank")
    page.click("#scheme-save")
    page.wait_for_selector("text=已保存考评办法“河南省2025年月度考评”")
    scheme = Scheme.objects.get(name="河南省2025年月度考评")
    assert [(i.indicator, str(i.weight)) for i in scheme.indicators.order_by("order")] == [
        ("investment_completion_rate", "35.00"), ("schedule_gap", "25.00"), ("new_starts", "20.00"),
        ("red_lights", "10.00"), ("new_starts_investment", "10.00")]
    assert scheme.version == 2
    page.click("text=查看排名")
    page.wait_for_selector("[data-testid=ranking-status]")
    assert page.locator("[data-testid=ranking-row]").count() == 19
    assert "新开工项目总投资（万元）/ 得分" in page.inner_text("thead")
    assert s.errors == []
    s.screenshot("scheme-edited-ranking")
