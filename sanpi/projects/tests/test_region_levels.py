"""The region path as data: Project.province_code / city_code / county_code stay the codes of the
region's ancestors on every write path, and the access scope read from them equals the path rule."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import Region
from sanpi.ingest.services.ledger import ledger_import
from sanpi.ingest.tests.books import HEADERS, write_ledger
from sanpi.projects import services
from sanpi.projects.generator import generate
from sanpi.projects.models import REGION_LEVELS, Project
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def expected(region_code: str) -> tuple:
    """Computed independently from the region tree: walk the parents up."""
    chain = []
    region = Region.objects.get(pk=region_code)
    while region is not None:
        chain.insert(0, region.code)
        region = region.parent
    return tuple((chain + [None, None, None])[:3])


def assert_levels_true(qs=None) -> int:
    rows = list((qs or Project.objects.all()).values_list("region_id", *REGION_LEVELS))
    for region_id, *levels in rows:
        assert tuple(levels) == expected(region_id), region_id
    return len(rows)


def test_service_create_and_region_change_keep_the_levels(city_user):
    project = services.project_create(user=city_user, fields={"name": "园区道路项目", "region": "410171",
                                                                "total_investment_wan": "100"})
    project.refresh_from_db()
    assert (project.province_code, project.city_code, project.county_code) == ("410000", "410100", "410171")
    services.project_update(user=city_user, project_id=project.pk, version=project.version,
                            fields={"region": "410102"})
    project.refresh_from_db()
    assert (project.province_code, project.city_code, project.county_code) == ("410000", "410100", "410102")
    # The change log names the region once, not its derived columns.
    from sanpi.projects.selectors import project_history

    assert [c["field"] for c in project_history(project=project) if c["field"] != "（创建）"] == ["建设地点（区划）"]


def test_queryset_update_and_bulk_update_follow_the_region():
    a, b = make_project(region="410171"), make_project(region="410171")
    Project.objects.filter(pk=a.pk).update(region="410305")
    b.region_id = "419001"  # 济源: a 省直管 region at the second level, no county level
    Project.objects.bulk_update([b], ["region"])
    assert assert_levels_true() == 2
    b.refresh_from_db()
    assert (b.province_code, b.city_code, b.county_code) == ("410000", "419001", None)


def test_generator_bulk_path_fills_the_levels():
    generate(projects=300, seed=5, today=dt.date(2026, 11, 27), batch=120)
    assert assert_levels_true() == 300


def test_bulk_import_fills_the_levels(tmp_path, zone_user):
    names = [h.split("（")[0].split("(")[0].split("\n")[0] for h in HEADERS]
    rows = []
    for i, place in enumerate(["郑州经开区", "410171", "郑州经济技术开发区"], start=1):
        row = [None] * len(HEADERS)
        row[names.index("序号")], row[names.index("项目名称")] = i, f"导入区划测试项目{i}"
        row[names.index("所在县区")], row[names.index("总投资")] = place, "12"
        rows.append(row)
    book = write_ledger(tmp_path / "台账.xlsx", rows)
    for bulk in (False, True):
        Project.objects.all().delete()
        result = ledger_import(user=zone_user, path=book, apply=True, bulk=bulk)
        assert not result.rejected
        assert assert_levels_true() == 3


def test_data_migration_fills_existing_rows():
    make_project(region="410171")
    make_project(region="419001")
    make_project(region="410000")
    Project.objects.update(province_code=None, city_code=None, county_code=None)  # rows from before
    migration = importlib.import_module("sanpi.projects.migrations.0007_region_level_columns")
    from django.apps import apps

    migration.fill_levels(apps, SimpleNamespace(connection=connection))  # it only reads .connection
    assert assert_levels_true() == 3


@pytest.mark.parametrize("role,region", [("province", "410000"), ("city", "410100"), ("city", "419001"),
                                         ("zone", "410171"), ("zone", "410102")])
def test_scope_by_level_column_equals_the_path_rule(role, region):
    generate(projects=200, seed=9, today=dt.date(2026, 11, 27))
    for code in ("410171", "410102", "419001", "410305"):
        make_project(region=code)
    user = make_user(f"{role}_{region}", role=role, region=region)
    path = Region.objects.get(pk=region).path
    by_path = set(Project.objects.filter(region__path__startswith=path).values_list("pk", flat=True))
    assert by_path
    assert set(scope_projects(Project.objects.all(), user).values_list("pk", flat=True)) == by_path
    sql = str(scope_projects(Project.objects.all(), user).query)
    assert "_code" in sql and "path" not in sql


@pytest.mark.parametrize("role,region", [("province", "410000"), ("city", "410100"), ("zone", "410171"),
                                         ("leader", "410171"), ("enterprise", "410171")])
def test_region_filter_inside_the_scope_gives_the_same_rows(role, region):
    """project_list leaves out the scope condition when the region filter implies it: the rows are
    still exactly (the user's scope) ∩ (the filtered region and below)."""
    from sanpi.accounts.models import Leader
    from sanpi.projects.selectors import project_list
    from sanpi.testing import make_org

    generate(projects=150, seed=11, today=dt.date(2026, 11, 27))
    org = make_org("区划过滤测试有限公司", region="410171")
    for code in ("410171", "410102", "410205", "410305"):
        make_project(region=code, owner=org)
    user = make_user(f"filter_{role}", role=role, region=region,
                     **({"organisation": org} if role == "enterprise" else {}))
    if role == "leader":
        leader = Leader.objects.create(name="测试领导", region_id=region, user=user)
        Project.objects.filter(region_id="410205").first().leaders.add(leader)
    scope = set(scope_projects(Project.objects.all(), user).values_list("pk", flat=True))
    for code in ("410000", "410100", "410171", "410200", "410205", "999999"):
        path = Region.objects.filter(pk=code).values_list("path", flat=True).first()
        below = set(Project.objects.filter(region__path__startswith=path).values_list("pk", flat=True)) if path else set()
        got = set(project_list(user=user, filters={"region": code}).values_list("pk", flat=True))
        assert got == scope & below, (role, code)
