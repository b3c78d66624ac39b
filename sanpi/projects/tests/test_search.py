"""The bigram-indexed name search answers exactly what `name LIKE '%q%' OR code = q` answers."""

import datetime as dt
import random

import pytest
from django.db import connection, transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanpi.projects import search, selectors, services
from sanpi.projects.bulk import Table
from sanpi.projects.generator import generate
from sanpi.projects.models import Project
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
ODD_NAMES = ["5G微基站ABC园区", "abc园区5g改造", "100%_产能项目", "光伏光伏光伏", "X", "年产10万吨Ab_c项目（一期）"]


def _like(term: str) -> set[int]:
    return set(Project.objects.filter(Q(name__contains=term) | Q(code=term)).values_list("pk", flat=True))


def _indexed(term: str) -> set[int]:
    return set(search.filter_name_or_code(Project.objects.all(), term).values_list("pk", flat=True))


def _terms(names: list[str], rng: random.Random) -> list[str]:
    terms = set()
    for name in names:
        for size in (1, 2, 3, 4):
            if len(name) >= size:
                start = rng.randrange(len(name) - size + 1)
                terms.add(name[start:start + size])
    # Absent terms, case variants, LIKE wildcards and a whole project code.
    terms |= {"不存在", "无此项目名称", "abc", "ABC", "aB", "5G", "%", "_产", "%_", "光伏光伏光", "g改"}
    terms.add(Project.objects.exclude(code=None).values_list("code", flat=True).first())
    return sorted(terms)


def test_search_matches_like_for_terms_of_one_to_four_characters():
    generate(projects=300, seed=5, today=TODAY, batch=120)
    for name in ODD_NAMES:
        make_project(name)
    rng = random.Random(11)
    names = list(Project.objects.values_list("name", flat=True))
    terms = _terms(rng.sample(names, 120) + ODD_NAMES, rng)
    assert len(terms) > 300
    found_any = 0
    for term in terms:
        expected = _like(term)
        assert _indexed(term) == expected, term
        found_any += bool(expected)
    assert found_any > 250  # the comparison is about real matches, not empty answers


def test_ledger_and_api_filter_use_the_same_answer(province_user):
    generate(projects=120, seed=9, today=TODAY)
    for term in ("项目", "产业园", "光伏发电", "郑州"):
        ours = set(selectors.project_list(user=province_user, filters={"q": term}).values_list("pk", flat=True))
        assert ours == _like(term)


def test_every_write_keeps_the_index_complete(zone_user):
    project = services.project_create(user=zone_user, fields={
        "name": "郑州光伏储能示范项目", "region": "410171", "total_investment_wan": "10000"})
    assert _indexed("储能") == {project.pk}
    project = services.project_update(user=zone_user, project_id=project.pk, version=project.version,
                                      fields={"name": "郑州氢能装备产业园"})
    assert _indexed("储能") == set() and _indexed("氢能") == {project.pk}
    # Bulk rows written as plain tuples (the generator's and import's COPY / executemany path).
    rows = Table(Project, with_pk=False)
    rows.add(name="新乡电池隔膜项目", region_id="410171")
    rows.flush()
    assert _indexed("隔膜") == _like("隔膜") and len(_like("隔膜")) == 1
    Project.objects.filter(pk=project.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {search.GRAM_TABLE} WHERE project_id = %s", [project.pk])
        assert cursor.fetchone()[0] == 0


def test_install_restores_lost_triggers_and_backfills():
    make_project("洛阳轴承智能制造项目")
    search.uninstall(connection)
    make_project("开封汽车零部件项目")  # written while the index does not exist
    assert search.install(connection) is True
    assert _indexed("轴承") == _like("轴承") != set()
    assert _indexed("汽车") == _like("汽车") != set()
    assert search.install(connection) is False  # nothing missing the second time


def test_two_character_terms_read_the_index():
    make_project("许昌发制品产业园")
    sql, params = search.filter_name_or_code(Project.objects.all(), "发制").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert search.GRAM_TABLE in plan


# A small alphabet so random terms often occur in random names: Chinese, ASCII of both cases (SQLite's
# LIKE ignores ASCII case, PostgreSQL's does not), digits and LIKE's own wildcards.
ALPHABET = "光伏风电产业园区aAbB1%_"
names_strategy = st.lists(st.text(ALPHABET, min_size=1, max_size=10), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=names_strategy, renames=st.lists(st.text(ALPHABET, min_size=1, max_size=10), max_size=4),
       data=st.data())
def test_property_index_search_equals_like(names, renames, data):
    """For any names (written by bulk_create, some then renamed by an UPDATE) and any term — drawn
    from a name or from the alphabet — the indexed search returns exactly the LIKE's rows."""
    with transaction.atomic():
        created = Project.objects.bulk_create(
            [Project(name=name, region_id="410171", total_investment_wan=1) for name in names])
        for project, name in zip(created, renames, strict=False):
            Project.objects.filter(pk=project.pk).update(name=name)
        current = list(Project.objects.values_list("name", flat=True))
        name = data.draw(st.sampled_from(current))
        start = data.draw(st.integers(0, len(name) - 1))
        terms = [name[start:start + data.draw(st.integers(1, 4))], data.draw(st.text(ALPHABET, min_size=1, max_size=4))]
        for term in terms:
            assert _indexed(term) == _like(term), term
        transaction.set_rollback(True)


def test_name_or_code_is_one_query_and_still_finds_a_code():
    from django.test.utils import CaptureQueriesContext

    code = "2024-411000-04-01-000123"
    by_code = make_project("许昌发制品产业园", code=code)
    by_name = make_project(f"光伏电站项目{code}")
    make_project("风电项目")
    for term, expected in ((code, {by_code.pk, by_name.pk}), ("光伏", {by_name.pk})):
        with CaptureQueriesContext(connection) as queries:
            found = set(search.filter_name_or_code(Project.objects.all(), term).values_list("pk", flat=True))
        assert found == expected == _like(term), term
        # No lookup of the code beforehand: a code-form term's code is part of the candidates' subquery,
        # and a term of any other form equals no code (the table's check constraint).
        assert len(queries) == 1 and ("UNION" in queries[0]["sql"]) == (term == code), term


def test_a_long_term_is_one_candidate_set_not_one_array_per_bigram():
    """Three `id = ANY(ARRAY(…))` (one per bigram) let PostgreSQL keep two of them as row filters, each
    comparing every row with a whole array: with "项目" in every name a search ran 48 minutes and ignored
    pg_terminate_backend. The bigrams are intersected in one subquery, read once."""
    make_project("中心项目一号")
    qs = search.filter_name_or_code(Project.objects.all(), "中心项目")
    sql, _ = qs.query.sql_with_params()
    assert sql.count(search.GRAM_TABLE) == 3 and sql.count(" INTERSECT ") == 2
    assert sql.count("ANY(ARRAY(") == (1 if connection.vendor == "postgresql" else 0)
    assert [p.name for p in qs] == ["中心项目一号"]



def test_the_totals_of_a_search_are_covered_by_one_index():
    """The LIKE stays after the bigram candidates (a TRUNCATE, which fires no row trigger, once left the
    bigram table holding ids of projects gone: more candidates, never fewer). On PostgreSQL the totals
    read project_id_cover alone: the candidates' scope, 阶段, 总投资 and name are all in it."""
    sql = str(search.filter_name_or_code(Project.objects.all(), "光伏").query)
    assert "LIKE" in sql.upper()
    if connection.vendor != "postgresql":
        return  # SQLite reads a row by its rowid from the table's own B-tree: no such index there
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'project_id_cover'")
        definition = cursor.fetchone()[0]
    assert ("(id) INCLUDE (province_code, city_code, county_code, region_id, stage, total_investment_wan, name)"
            in definition)
