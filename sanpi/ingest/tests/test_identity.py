"""Which project an import row means (系统编号 → 项目代码 → the one same-named project of the same
owner), what the preview shows, and version pins between preview and apply."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command

from sanpi.ingest.exports import ledger_export
from sanpi.ingest.planning import CHANGED_SINCE_PREVIEW
from sanpi.ingest.services.ledger import ledger_import
from sanpi.projects import services
from sanpi.projects.models import Category, Project
from sanpi.testing import make_org, make_project

from .books import column, read_sheet, rewrite, write_ledger

pytestmark = pytest.mark.django_db

NAME = "安图生物体外诊断产业园（三期）"
NAME_ONLY = ["序号", "项目名称", "建设单位", "所在县区", "总投资（万元）"]


def export(user, path):
    ledger_export(user=user, target=str(path))
    return path


def edited(tmp_path, user, edit, name="改.xlsx"):
    return rewrite(export(user, tmp_path / "导出.xlsx"), tmp_path / name, edit)


def set_cell(rows, project_id: int, header: str, value) -> None:
    ids = column(rows, "系统编号")
    row = next(r for r in rows[2:] if r[ids] == project_id)
    row[column(rows, header)] = value


def test_export_writes_the_id_as_a_whole_number_and_reimports_with_no_change(tmp_path, zone_user, enterprise_org):
    a = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(186500))
    b = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(128500))  # namesakes, same owner
    path = export(zone_user, tmp_path / "台账.xlsx")
    rows = read_sheet(path)
    assert rows[1][:3] == ["序号", "系统编号", "项目代码"]
    assert sorted(r[1] for r in rows[2:]) == [a.pk, b.pk]
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert f"<v>{a.pk}</v>" in sheet and f"<v>{a.pk}.0</v>" not in sheet
    result = ledger_import(user=zone_user, path=path)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, 0)


def test_a_name_shared_by_two_projects_is_a_row_error_naming_both_and_changes_nothing(tmp_path, zone_user,
                                                                                    enterprise_org):
    a = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(186500))
    b = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(128500))
    path = write_ledger(tmp_path / "名称.xlsx", [[1, NAME, enterprise_org.name, "郑州经开区", 200000]],
                        headers=NAME_ONLY)
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=True)
    assert (result.created, result.updated, result.errors) == (0, 0, 1)
    reason = result.issues[0].reason
    assert f"{a.pk}“{NAME}”" in reason and f"{b.pk}“{NAME}”" in reason and "系统编号或项目代码" in reason
    assert sorted(Project.objects.values_list("total_investment_wan", flat=True)) == [128500, 186500]


def test_the_id_column_identifies_the_project_and_its_namesake_is_untouched(tmp_path, zone_user, enterprise_org):
    a = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(186500))
    b = make_project(NAME, owner=enterprise_org, total_investment_wan=Decimal(128500))
    path = edited(tmp_path, zone_user, lambda rows: set_cell(rows, b.pk, "总投资（万元）", 130000))
    preview = ledger_import(user=zone_user, path=path)
    assert (preview.updated, preview.unchanged, preview.errors) == (1, 1, 0)
    assert preview.updated_rows[0]["id"] == b.pk
    assert preview.updated_rows[0]["changes"] == [["总投资（万元）", "128500", "130000"]]
    ledger_import(user=zone_user, path=path, apply=True)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.total_investment_wan, a.version, b.total_investment_wan, b.version) == (186500, 1, 130000, 2)


def test_a_unique_name_identifies_only_with_the_same_owner(tmp_path, zone_user, enterprise_org):
    project = make_project("超亚医药新药研发项目", owner=enterprise_org, total_investment_wan=Decimal(50000))
    other = make_org("另一家医药有限公司")
    rows = [[1, "超亚医药 新药研发项目", other.name, "郑州经开区", 60000]]
    result = ledger_import(user=zone_user, path=write_ledger(tmp_path / "他.xlsx", rows, headers=NAME_ONLY))
    assert (result.updated, result.created, result.errors) == (0, 0, 1)
    assert f"系统编号 {project.pk}“超亚医药新药研发项目”" in result.issues[0].reason
    rows = [[1, "超亚医药 新药研发项目", enterprise_org.name, "郑州经开区", 60000]]
    result = ledger_import(user=zone_user, path=write_ledger(tmp_path / "同.xlsx", rows, headers=NAME_ONLY),
                           apply=True)
    assert (result.updated, result.errors) == (1, 0)
    project.refresh_from_db()
    assert project.total_investment_wan == 60000


def test_an_id_outside_the_importers_scope_is_a_row_error(tmp_path, zone_user, other_zone_user):
    neighbour = make_project("高新区项目", region="410172", total_investment_wan=Decimal(1000))
    path = write_ledger(tmp_path / "越界.xlsx", [[1, neighbour.pk, "高新区项目", 2000]],
                        headers=["序号", "系统编号", "项目名称", "总投资（万元）"])
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=True)
    assert (result.updated, result.created, result.errors) == (0, 0, 1)
    assert "不存在，或不在您的管辖范围内" in result.issues[0].reason
    neighbour.refresh_from_db()
    assert (neighbour.total_investment_wan, neighbour.version) == (1000, 1)


def test_preview_shows_labels_and_compares_categories_by_meaning(tmp_path, zone_user, enterprise_org):
    sector_2023 = Category.objects.get(scheme="sector", year=2023, code="manufacturing")
    sector_2025 = Category.objects.get(scheme="sector", year=2025, code="manufacturing")
    project = make_project("标签项目", owner=enterprise_org, nature="2", fund_source="out_of_province",
                           sector=sector_2023)

    def edit(rows):
        set_cell(rows, project.pk, "建设性质", "改建")
        set_cell(rows, project.pk, "资金来源", "本地")
        set_cell(rows, project.pk, "产业类别", f"{sector_2025.name}（2025）")

    result = ledger_import(user=zone_user, path=edited(tmp_path, zone_user, edit))
    assert result.updated_rows[0]["changes"] == [["建设性质", "扩建", "改建和技术改造"], ["资金来源", "省外资金", "本地资金"]]


@pytest.mark.parametrize("valid_only", [False, True])
def test_apply_after_preview_refuses_rows_whose_project_changed_since(tmp_path, zone_user, enterprise_org, valid_only):
    edited_since = make_project("预览后被改的项目", owner=enterprise_org, total_investment_wan=Decimal(1000))
    untouched = make_project("未被改的项目", owner=enterprise_org, total_investment_wan=Decimal(2000))

    def edit(rows):
        set_cell(rows, edited_since.pk, "总投资（万元）", 1100)
        set_cell(rows, untouched.pk, "总投资（万元）", 2200)

    path = edited(tmp_path, zone_user, edit)
    preview = ledger_import(user=zone_user, path=path)
    assert preview.to_json()["versions"] == {str(edited_since.pk): 1, str(untouched.pk): 1}
    services.project_update(user=zone_user, project_id=edited_since.pk, version=1, fields={"address": "航海东路"})
    pinned = preview.to_json()["versions"]
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=valid_only, pinned=pinned)
    assert [i.reason for i in result.issues] == [CHANGED_SINCE_PREVIEW]
    edited_since.refresh_from_db(), untouched.refresh_from_db()
    assert (edited_since.total_investment_wan, edited_since.address) == (1000, "航海东路")
    assert untouched.total_investment_wan == (2200 if valid_only else 2000)
    assert result.rejected is not valid_only


@pytest.mark.parametrize("bulk", [False, True])
def test_a_write_happens_only_at_the_planned_version(tmp_path, zone_user, enterprise_org, bulk, monkeypatch):
    """The race the pins guard: the project moves on between planning a chunk and writing it."""
    from sanpi.ingest import planning

    project = make_project("并发项目", owner=enterprise_org, total_investment_wan=Decimal(1000))
    path = edited(tmp_path, zone_user, lambda rows: set_cell(rows, project.pk, "总投资（万元）", 1100))
    plan = planning.LedgerPlanner.plan

    def plan_then_someone_saves(self, rows):
        plans = plan(self, rows)
        Project.objects.filter(pk=project.pk).update(total_investment_wan=Decimal(5000), version=2)
        return plans

    monkeypatch.setattr(planning.LedgerPlanner, "plan", plan_then_someone_saves)
    result = ledger_import(user=zone_user, path=path, apply=True, valid_only=True, bulk=bulk)
    assert (result.updated, result.errors, [i.reason for i in result.issues]) == (0, 1, [CHANGED_SINCE_PREVIEW])
    project.refresh_from_db()
    assert (project.total_investment_wan, project.version) == (5000, 2)


def test_command_prints_a_json_summary(tmp_path, zone_user, enterprise_org):
    project = make_project("命令行项目", owner=enterprise_org, total_investment_wan=Decimal(1000))
    path = edited(tmp_path, zone_user, lambda rows: set_cell(rows, project.pk, "总投资（万元）", 1500))
    out = io.StringIO()
    call_command("import", str(path), "--user", zone_user.username, "--format", "json", "--apply", stdout=out)
    summary = json.loads(out.getvalue())
    assert {k: summary[k] for k in ("created", "updated", "unchanged", "errors")} == {
        "created": 0, "updated": 1, "unchanged": 0, "errors": 0}
    assert summary["rows"] == [{"line": 3, "action": "update", "id": project.pk, "name": "命令行项目",
                                "changes": [{"field": "总投资（万元）", "old": "1000", "new": "1500"}]}]
    project.refresh_from_db()
    assert project.total_investment_wan == 1500
