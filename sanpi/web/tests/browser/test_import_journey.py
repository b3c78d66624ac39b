"""The round trip the import identity rule exists for: 经开区 exports its ledger, changes three
cells, uploads the workbook, and exactly those three changes are previewed and applied."""

import re
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from playwright.sync_api import expect

from sanpi.ingest.tests.books import column, rewrite
from sanpi.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANTU3 = "安图生物体外诊断产业园（三期）"


def snapshot() -> dict:
    return {p.pk: model_to_dict(p, exclude=["leaders"]) for p in Project.objects.filter(region_id="410171")}


def test_jingkai_exports_edits_three_cells_and_imports_exactly_those(session, tmp_path, monkeypatch):
    antu = Project.objects.get(name=ANTU3)
    others = list(Project.objects.filter(region_id="410171").exclude(pk=antu.pk).exclude(nature="2").order_by("id")[:2])
    nature_of, contacts_of = others
    before = snapshot()

    s = session("jingkai")
    page = s.page
    s.goto("/projects/")
    with page.expect_download() as download:
        page.click("#export-link")
    exported = tmp_path / "台账.xlsx"
    download.value.save_as(exported)

    def edit(rows):
        ids = column(rows, "系统编号")
        by_id = {r[ids]: r for r in rows[2:]}
        assert len(by_id) == len(before)  # the whole zone, one row each
        by_id[antu.pk][column(rows, "总投资（万元）")] = 195000
        by_id[nature_of.pk][column(rows, "建设性质")] = "扩建"
        by_id[contacts_of.pk][column(rows, "联系人及电话")] = "王主任0371-66661234"

    changed = rewrite(exported, tmp_path / "台账-已改.xlsx", edit)

    s.goto("/ingest/import/")
    page.set_input_files("#ledger-file", str(changed))
    page.click("[data-testid=ledger-upload] button")
    page.wait_for_url(re.compile(r"/ingest/import/\d+/"))
    expect(page.locator("[data-testid=status]")).to_have_text("预览完成")
    summary = page.locator("[data-testid=summary]")
    expect(summary).to_contain_text("将新增0")
    expect(summary).to_contain_text("将更新3")
    expect(summary).to_contain_text("有错误的行0")
    rows = page.locator("[data-testid=updates] tbody tr")
    expect(rows).to_have_count(3)
    shown = sorted(tuple(cell.strip() for cell in row.locator("td").all_inner_texts()[-3:]) for row in rows.all())
    assert shown == sorted([
        ("总投资（万元）", "190000", "195000"),
        ("建设性质", nature_of.get_nature_display(), "扩建"),
        ("联系人及电话", contacts_of.contacts or "（空）", "王主任0371-66661234"),
    ])
    s.screenshot("import-preview-three-changes")
    page.click("button:has-text('确认导入')")
    expect(page.locator("[data-testid=status]")).to_have_text("已导入")

    after = snapshot()
    differences = {(pk, name) for pk in before for name in before[pk] if before[pk][name] != after[pk][name]}
    assert differences == {(antu.pk, "total_investment_wan"), (nature_of.pk, "nature"), (contacts_of.pk, "contacts")}
    assert after[antu.pk]["total_investment_wan"] == Decimal(195000)
    assert (after[nature_of.pk]["nature"], after[contacts_of.pk]["contacts"]) == ("2", "王主任0371-66661234")
