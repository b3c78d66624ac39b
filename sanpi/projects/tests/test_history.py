"""History from the first write: rows written by bulk paths get a baseline record, so the first
change of any project shows its old value; the page's 修改记录 and the API history agree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from sanpi.projects import services
from sanpi.projects.bulk import history_baseline
from sanpi.projects.generator import generate
from sanpi.projects.models import AnnualPlan, Project
from sanpi.projects.selectors import project_history

pytestmark = pytest.mark.django_db


def test_generator_writes_one_baseline_record_per_row_set_based(django_assert_max_num_queries):
    counts = generate(projects=40, seed=3, batch=15)
    assert Project.history.count() == counts["projects"] == 40
    assert AnnualPlan.history.count() == counts["annual_plans"]
    assert set(Project.history.values_list("history_type", flat=True)) == {"+"}
    sample = Project.objects.order_by("?").first()
    baseline = sample.history.get()
    assert (baseline.name, baseline.total_investment_wan, baseline.stage) == (
        sample.name, sample.total_investment_wan, sample.stage)
    with django_assert_max_num_queries(1):  # one INSERT … SELECT, whatever the number of rows
        assert history_baseline(Project) == 0  # nothing left without a baseline


def test_baseline_fills_only_rows_without_history_and_is_what_the_migration_runs():
    import importlib

    from django.apps import apps

    generate(projects=6, seed=4)
    Project.history.filter(id__in=Project.objects.order_by("id").values("id")[:3]).delete()
    migration = importlib.import_module("sanpi.projects.migrations.0005_history_baseline")
    migration.forwards(apps, type("Editor", (), {"connection": connection})())
    assert sorted(Project.history.values_list("id", flat=True)) == sorted(Project.objects.values_list("id", flat=True))


def changes(project) -> list[tuple]:
    return [(h["field"], h["old"], h["new"]) for h in project_history(project=project)]


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def test_first_edit_of_a_generated_project_shows_old_and_new(province_user):
    generate(projects=3, seed=5)
    project = Project.objects.order_by("id").first()
    old, old_nature = project.total_investment_wan, project.get_nature_display()
    nature, label = ("2", "扩建") if project.nature != "2" else ("3", "改建和技术改造")
    services.project_update(user=province_user, project_id=project.pk, version=project.version,
                            fields={"total_investment_wan": Decimal(80000), "nature": nature})
    shown = changes(project)
    assert ("总投资（万元）", plain(old), "80000") in shown
    assert ("建设性质", old_nature, label) in shown
    assert shown[-1] == ("（创建）", "", project.name)


def test_first_stage_change_of_a_generated_project_shows_the_old_stage(province_user):
    generate(projects=30, seed=6)
    project = Project.objects.filter(stage="signed").order_by("id").first()
    services.stage_advance(user=province_user, project_id=project.pk, stage="started", occurred_on=dt.date.today())
    assert ("当前阶段", "签约", "开工") in changes(project)


def test_a_row_written_without_any_history_gets_its_baseline_before_its_first_change(province_user):
    from sanpi.projects.bulk import Table

    table = Table(Project)
    table.add(id=990001, name="旧数据项目", region_id="410171", total_investment_wan=Decimal(79400))
    table.flush()
    project = Project.objects.get(pk=990001)
    assert not project.history.exists()
    services.project_update(user=province_user, project_id=project.pk, version=1,
                            fields={"total_investment_wan": Decimal(80000)})
    assert changes(project)[0] == ("总投资（万元）", "79400", "80000")


def test_first_change_of_a_generated_annual_plan_keeps_the_old_amount(province_user):
    generate(projects=30, seed=7)
    plan = AnnualPlan.objects.order_by("id").first()
    old = plan.planned_investment_wan
    services.annual_plan_set(user=province_user, project_id=plan.project_id, year=plan.year,
                             planned_investment_wan=old + 1)
    assert [h.planned_investment_wan for h in plan.history.order_by("history_date", "history_id")] == [old, old + 1]


def test_bulk_import_update_of_a_generated_project_shows_old_and_new(tmp_path, province_user):
    from sanpi.ingest.exports import ledger_export
    from sanpi.ingest.services.ledger import ledger_import
    from sanpi.ingest.tests.books import column, rewrite

    generate(projects=3, seed=8)
    project = Project.objects.order_by("id").first()
    ledger_export(user=province_user, target=str(tmp_path / "a.xlsx"))

    def edit(rows):
        row = next(r for r in rows[2:] if r[column(rows, "系统编号")] == project.pk)
        row[column(rows, "总投资（万元）")] = 123456

    path = rewrite(tmp_path / "a.xlsx", tmp_path / "b.xlsx", edit)
    result = ledger_import(user=province_user, path=path, apply=True, bulk=True)
    assert (result.updated, result.errors) == (1, 0)
    assert changes(project)[0][1:] == (plain(project.total_investment_wan), "123456")
