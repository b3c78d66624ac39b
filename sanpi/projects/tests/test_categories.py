"""Year-scoped 领域 lists: the real list where it is known, otherwise the data says it is unknown."""

import pytest

from sanpi.projects.models import Category, CategoryList

pytestmark = pytest.mark.django_db


def names(year):
    return list(Category.objects.filter(scheme="domain", year=year).order_by("sort").values_list("name", flat=True))


def test_known_years_hold_their_own_lists():
    assert names(2022) == ["创新驱动能力提升", "新基建", "新型城镇化", "重大基础设施", "产业转型升级", "生态环保",
                           "民生和社会事业"]
    assert len(names(2025)) == 6 and names(2025)[-1] == "民生社会事业改善"


@pytest.mark.parametrize("year", [2021, 2023, 2026])
def test_unknown_years_are_said_to_be_unknown_not_copied(year):
    assert names(year) == []
    note = CategoryList.objects.get(scheme="domain", year=year)
    assert not note.known and "未知" in note.source


def test_every_year_has_a_statement_and_known_lists_have_rows():
    for note in CategoryList.objects.all():
        rows = Category.objects.filter(scheme=note.scheme, year=note.year).exists()
        assert rows == note.known, (note.scheme, note.year)
    assert CategoryList.objects.filter(scheme="domain").count() == 6
