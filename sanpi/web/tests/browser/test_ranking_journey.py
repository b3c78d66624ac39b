"""The province sets a city's target, computes and publishes a monthly ranking and downloads the 通报."""

import pytest
from docx import Document

from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import Ranking, Target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_sets_a_target_ranks_and_downloads_the_bulletin(session, tmp_path):
    examples_install()
    s = session("province")
    page = s.page
    page.on("dialog", lambda dialog: dialog.accept())
    s.goto("/")
    page.click("nav >> text=考评排名")
    page.click("[data-testid=targets-link]")
    page.goto(s.url("/ranking/targets/?year=2024&month=6"))
    page.select_option("#t-region", "410100")
    page.fill("#t-inv", "250000")
    page.fill("#t-starts", "40")
    page.fill("#t-q2", "60")
    page.click("#target-save")
    page.wait_for_selector("text=已下达郑州市2024年目标")
    target = Target.objects.get(region="410100", year=2024)
    assert (target.investment_wan, target.new_starts, target.q2_percent) == (250000, 40, 60)
    row = page.locator("tr[data-code='410100']")
    assert "150000" in row.inner_text()  # 60% of 250000 due by the end of June
    s.goto("/ranking/")
    page.click("text=河南月度考评示例")
    page.fill("input[name=period]", "2024-06")
    page.click("text=查看排名")
    page.wait_for_selector("[data-testid=ranking-status]")
    assert page.locator("[data-testid=ranking-row]").count() == 19
    assert page.locator("#chart-group-0 canvas").count() == 1
    page.click("#publish")
    page.wait_for_selector("text=已发布第1版")
    assert Ranking.objects.filter(period="2024-06", revision=1).count() == 1
    with page.expect_download() as download:
        page.click("[data-testid=bulletin-docx]")
    path = tmp_path / "通报.docx"
    download.value.save_as(path)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "省辖市排名" in text and "济源示范区、航空港区排名" in text and "已发布的第1版" in text
    assert len(doc.tables[0].rows) == 18
    s.screenshot("ranking-page")
