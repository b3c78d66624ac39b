"""One month of the dispatch loop, as the offices walk it (issue 18), with a screenshot at each step
(test-artifacts/screenshots/loop-*.png): 经开区 downloads the pre-filled report workbook of last
month, fills 安图三期's figures, uploads it, checks the preview and applies it, then sends the report;
郑州市 approves it; the month's lights and the enterprise's dashboard show it; the province writes
the 通报's 存在问题 and 下步要求 and downloads it as an A4 .docx."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from docx.shared import Mm
from playwright.sync_api import expect

from sanpi.ingest.tests.books import column, read_sheet, rewrite
from sanpi.progress import rules
from sanpi.progress.models import MonthlyReport, ProjectLight
from sanpi.progress.selectors import previous_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANTU3 = "安图生物体外诊断产业园（三期）"


def test_one_month_from_workbook_to_bulletin(session, demo, tmp_path):
    year, month = previous_month(timezone.localdate())
    ytd = Decimal(6000) if month == 1 else Decimal(57730)  # January: the year is the month
    label = f"{year}-{month:02d}"
    antu = demo["antu"]

    # 1. 经开区 downloads the month's workbook from the import page.
    s = session("jingkai")
    page = s.page
    s.goto("/ingest/import/")
    page.fill("#month", label)
    with page.expect_download() as download:
        page.click("[data-testid=reports-download]")
    assert label in download.value.suggested_filename
    downloaded = tmp_path / "月报.xlsx"
    download.value.save_as(downloaded)
    s.screenshot("loop-1-import-page")
    rows = read_sheet(downloaded)
    assert f"{year}年{month:02d}月" in rows[0][0]
    ids = column(rows, "项目ID")
    assert str(antu.pk) in [r[ids] for r in rows[2:]]

    # 2. It fills 安图三期's row: its first report, so both cumulative figures are given.
    def fill(rows):
        for row in rows[2:]:
            if row[ids] == str(antu.pk):
                row[column(rows, "本月完成投资（万元）")] = 6000
                row[column(rows, "自年初累计完成投资（万元）")] = float(ytd)
                row[column(rows, "开工以来累计完成投资（万元）")] = 234543
                row[column(rows, "形象进度")] = "主体结构封顶，设备安装中"

    filled = rewrite(downloaded, tmp_path / "月报-已填.xlsx", fill)

    # 3. Upload: the preview shows each figure under its own header, with the warning.
    s.goto("/ingest/import/")
    page.fill("#month", label)
    page.set_input_files("#reports-file", str(filled))
    page.click("[data-testid=reports-upload] button")
    page.wait_for_url(re.compile(r"/ingest/import/\d+/"))
    expect(page.locator("[data-testid=status]")).to_have_text("预览完成")
    expect(page.locator("[data-testid=summary]")).to_contain_text("将新增1")
    headers = page.locator("[data-testid=creates] thead th").all_inner_texts()
    cells = page.locator("[data-testid=creates] tbody tr").first.locator("td").all_inner_texts()
    shown = dict(zip(headers, (c.strip() for c in cells), strict=True))
    assert shown["项目名称"] == ANTU3 and shown["建设地点"] == "郑州经济技术开发区"
    assert shown["建设单位"] == "郑州安图生物工程股份有限公司"
    assert (shown["本月完成投资（万元）"], shown["自年初累计完成投资（万元）"], shown["开工以来累计完成投资（万元）"]) == (
        "6000", str(ytd), "234543")
    assert shown["形象进度"] == "主体结构封顶，设备安装中"
    assert "超过总投资" in shown["提示"]
    s.screenshot("loop-2-preview")
    page.click("button:has-text('确认导入')")
    expect(page.locator("[data-testid=status]")).to_have_text("已导入")
    s.screenshot("loop-3-applied")

    # 4. The office sends the draft it filed for the enterprise.
    report = MonthlyReport.objects.get(project=antu, year=year, month=month, is_current=True)
    assert (report.ytd_completed_wan, report.since_start_completed_wan) == (ytd, Decimal(234543))
    s.goto(report.get_absolute_url())
    page.click("button:has-text('报送')")
    expect(page.locator("#steps")).to_contain_text("代郑州安图生物工程股份有限公司填报")
    s.screenshot("loop-4-submitted")

    # 5. 郑州市 (a reviewing office of its region) approves it; the lights of the month are evaluated.
    city = session("zhengzhou")
    city.goto(report.get_absolute_url())
    expect(city.page.locator("[data-testid=total-rate]")).to_contain_text("123.4")
    city.page.click("#approve")
    expect(city.page.locator("#steps")).to_contain_text("审核通过")
    city.screenshot("loop-5-approved")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.APPROVED

    # 6. The month's lights list the project with its verdict.
    light = ProjectLight.objects.get(project=antu, year=year, month=month)
    city.goto(f"/progress/lights/?period={label}")
    row = city.page.locator("#lights tbody tr", has_text=ANTU3)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(light.reasons[0])  # the worst verdict's reason, as stored
    city.screenshot("loop-6-lights")

    # 7. The enterprise's dashboard and project page judge the same month as the lights.
    firm = session("enterprise")
    firm.goto(antu.get_absolute_url())
    expect(firm.page.locator("[data-testid=investment-bar]")).to_contain_text("123.4%")
    expect(firm.page.locator("[data-testid=over-total]")).to_be_visible()
    expect(firm.page.locator("[data-testid=bar-source]")).to_contain_text(f"{year}年{month}月月报")
    firm.screenshot("loop-7-enterprise-project")
    firm.goto("/")
    card = firm.page.locator("[data-testid=key-project]", has_text=ANTU3)
    benchmark = rules.time_benchmark(month)  # no monthly plan: months ÷ 12
    expect(card).to_contain_text(f"{year}年1-{month}月，序时进度 {rules.round1(benchmark)}%")
    verdict = card.locator("[data-testid=bar-gap]").inner_text()
    assert verdict == rules.gap_words(rules.schedule_gap(rules.completion_rate(ytd, Decimal(60000)), benchmark))
    expect(firm.page.locator("[data-testid=completion-total]")).to_contain_text(
        f"序时进度 {rules.round1(benchmark)}%，{verdict}")
    card.scroll_into_view_if_needed()
    firm.screenshot("loop-7-enterprise-dashboard")

    # 8. The province downloads the open period's 通报 as an A4 official document.
    province = session("province")
    province.goto(f"/activities/periods/{demo['period'].pk}/bulletin/")
    province.page.fill("#problems", "部分项目月报逾期未报\n开工一批项目偏少")
    province.page.fill("#requirements", "按月调度，逾期未报的予以通报\n下期提前一周报送清单")
    province.page.click("[data-testid=bulletin-texts] button")
    expect(province.page.locator("[data-testid=bulletin-requirements] li")).to_have_count(2)
    province.screenshot("loop-8-bulletin")
    with province.page.expect_download() as download:
        province.page.click("text=下载 Word 版")
    assert download.value.suggested_filename.endswith("三个一批通报.docx")
    path = tmp_path / "通报.docx"
    download.value.save_as(path)
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    points = [p.text for p in document.paragraphs if p.style.name == "公文三级标题"]
    assert points[-2:] == ["1. 按月调度，逾期未报的予以通报", "2. 下期提前一周报送清单"]
