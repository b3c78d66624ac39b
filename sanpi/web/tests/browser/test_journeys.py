"""The main journeys, each walked as a demo user in headless Chromium."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sanpi.projects.models import Project, StageEvent

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANTU3 = "安图生物体外诊断产业园（三期）"


def test_jingkai_finds_edits_and_advances_a_project(session, tmp_path):
    s = session("jingkai")
    page = s.page
    page.click("nav >> text=项目台账")
    page.wait_for_url(re.compile(r"/projects/"))
    page.fill("#f-q", "安图生物")
    expect(page.locator("[data-testid=ledger] tbody tr")).to_have_count(3)
    expect(page.locator("[data-testid=totals]")).to_contain_text("共 3 个项目")
    with page.expect_download() as download:
        page.click("#export-link")  # the export carries the list's filters
    workbook = tmp_path / "ledger.xlsx"
    download.value.save_as(workbook)
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
    exported = {str(cell) for row in sheet for cell in row}
    assert {"安图生物体外诊断产业园（一期）", "安图生物体外诊断产业园（二期）", ANTU3} <= exported
    assert not any("中兴" in cell for cell in exported)
    page.click(f"text={ANTU3}")
    expect(page.locator("[data-testid=project-name]")).to_have_text(ANTU3)

    page.click("text=编辑项目")
    expect(page.locator("#id_total_investment_wan")).to_have_value("190000")
    page.fill("#id_total_investment_wan", "十九亿")
    page.click("button:has-text('保存')")
    expect(page.locator("[data-error-for=total_investment_wan]")).to_have_text("总投资（万元）应为数字，收到“十九亿”。")
    page.fill("#id_total_investment_wan", "195000")
    page.fill("#id_contacts", "李经理 0371-66668888")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("项目信息已保存")
    expect(page.locator("[data-testid=history]")).to_contain_text("195000")

    page.click("text=推进阶段")
    page.select_option("#id_stage", "producing")
    page.fill("#id_occurred_on", "2024-06-28")
    evidence = tmp_path / "投产验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4 demo evidence")
    page.set_input_files("#id_evidence", str(evidence))
    page.fill("#id_note", "一号地试剂车间验收投产")
    page.click("button:has-text('记录新阶段')")
    expect(page.locator("[data-testid=stage]")).to_have_text("投产")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("2024-06-28")

    project = Project.objects.get(name=ANTU3)
    assert project.total_investment_wan == Decimal("195000") and project.stage == "producing"
    assert project.produced_on == dt.date(2024, 6, 28)
    assert StageEvent.objects.get(project=project, stage="producing").evidence.name.endswith(".pdf")


def test_jingkai_cannot_open_another_zones_project(session):
    s = session("jingkai")
    foreign = Project.objects.filter(region="410172").order_by("id").first()
    assert foreign is not None
    missing = Project.objects.order_by("-id").first().pk + 1000
    answers = []
    for pk in (foreign.pk, missing):
        response = s.goto(f"/projects/{pk}/")
        assert response.status == 404
        answers.append(s.page.locator("main").inner_text())
    assert answers[0] == answers[1]
    assert "记录不存在，或您无权访问。" in answers[0]
    assert foreign.name not in s.page.content()


def test_screenshots_of_the_main_pages(session):
    """Dashboard, project list and project page at desktop and phone sizes, without overflow."""
    project = Project.objects.get(name=ANTU3)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        s = session("jingkai", viewport)
        page = s.page
        expect(page.locator("#chart-regions canvas")).to_have_count(1)
        s.assert_no_horizontal_overflow()
        s.screenshot(f"dashboard-{label}")
        s.goto("/projects/")
        expect(page.locator("[data-testid=totals]")).to_contain_text("个项目")
        s.assert_no_horizontal_overflow()
        s.screenshot(f"project-list-{label}")
        s.goto(project.get_absolute_url())
        expect(page.locator("[data-testid=project-name]")).to_have_text(ANTU3)
        s.assert_no_horizontal_overflow()
        s.screenshot(f"project-page-{label}")


def test_province_reads_dashboard_closes_a_period_and_downloads_its_bulletin(session, demo, tmp_path):
    s = session("province")
    page = s.page
    expect(page.locator("h1")).to_contain_text("驾驶舱 · 河南省")
    expect(page.locator("[data-testid=period-started]")).to_contain_text("1 个")  # 安图三期 (中兴二期 is 竣工 since the domain correction)
    expect(page.locator("#chart-regions canvas")).to_have_count(1)
    expect(page.locator("[data-testid=key-project]")).to_have_count(3)
    # A figure leads to the list it was summed from: the funnel's 开工 count equals the list's total.
    started = page.locator("[data-testid=funnel-started]").inner_text()
    page.click("[data-testid=funnel-started]")
    expect(page.locator("[data-testid=totals]")).to_contain_text(f"共 {started.split()[1]} 个项目")

    s.goto("/")
    page.click("[data-testid=period-started] a >> nth=0")
    expect(page.locator("#period-status")).to_have_text("进行中")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-period")
    expect(page.locator("#period-status")).to_have_text("已关闭")
    with page.expect_download() as info:
        page.click("text=下载通报（Word）")
    path = tmp_path / "bulletin.docx"
    info.value.save_as(path)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "三个一批" in text and "开工一批" in text
    demo["period"].refresh_from_db()
    assert demo["period"].status == "closed"
    s.goto("/")
    expect(page.locator("#period-title")).to_contain_text("已关闭")


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "施工现场.jpg"
    Image.new("RGB", (640, 480), (180, 120, 60)).save(path, "JPEG")
    return path


def test_monthly_report_filed_returned_corrected_and_approved(session, demo, tmp_path):
    from sanpi.progress.models import MonthlyReport

    antu = demo["antu"]
    enterprise = session("enterprise")
    page = enterprise.page
    page.click("nav >> text=待办")
    page.click(f"[data-testid=todo-to_file] >> text={ANTU3}")
    expect(page.locator("h1")).to_contain_text(ANTU3)
    enterprise.screenshot("report-form-desktop")
    phone = session("enterprise", PHONE)
    phone.page.goto(page.url)
    expect(phone.page.locator("#month_completed_wan")).to_be_visible()
    phone.assert_no_horizontal_overflow()
    phone.screenshot("report-form-phone")

    page.fill("#month_completed_wan", "8000")
    # its first report since it started in 2023: the opening cumulative figures are given (decisions.md)
    page.fill("#ytd_completed_wan", "8000")
    page.fill("#since_start_completed_wan", "200000")
    page.fill("#progress_text", "主体结构封顶，设备基础施工中")
    page.set_input_files("#photos", str(_photo(tmp_path)))
    page.click("button:has-text('保存并报送')")
    expect(page.locator("#report-status")).to_have_text("已报送")
    report_url = page.url

    jingkai = session("jingkai")
    jingkai.page.click("nav >> text=待办")
    jingkai.page.click(f"[data-testid=todo-to_review] >> text={ANTU3}")
    jingkai.page.fill("input[name=reason]", "照片未体现设备基础，请补充现场照片")
    jingkai.page.click("#return")
    expect(jingkai.page.locator("#report-status")).to_have_text("已退回")

    page.click("nav >> text=待办")
    page.click(f"[data-testid=todo-to_file] >> text={ANTU3}")
    expect(page.locator(".alert-danger")).to_contain_text("照片未体现设备基础")
    page.fill("#progress_text", "主体结构封顶，设备基础完成70%")
    page.set_input_files("#photos", str(_photo(tmp_path)))
    page.click("button:has-text('保存并报送')")
    expect(page.locator("#report-status")).to_have_text("已报送")
    assert page.url == report_url

    jingkai.page.goto(report_url)
    jingkai.page.click("#approve")
    expect(jingkai.page.locator("#report-status")).to_have_text("已审核")

    report = MonthlyReport.objects.get(project=antu, is_current=True)
    assert report.status == "approved" and report.month_completed_wan == Decimal("8000")
    assert report.progress_text == "主体结构封顶，设备基础完成70%" and report.photos.count() == 2
    assert list(report.steps.values_list("action", flat=True)) == ["save", "submit", "return", "save", "submit",
                                                                  "approve"]
    jingkai.goto(antu.get_absolute_url())
    expect(jingkai.page.locator("text=形象进度照片 · ").first).to_be_visible()
    expect(jingkai.page.locator("text=已审核").first).to_be_visible()
