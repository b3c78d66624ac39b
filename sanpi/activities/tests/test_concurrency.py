"""三个一批 and key-project lists with the same request twice at the same instant: one row, and the
second request told why — never a constraint violation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sanpi.activities import services
from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.projects.models import Category
from sanpi.testing import at_once, make_project

pytestmark = pytest.mark.django_db(transaction=True)


def _one_ok_one_refused(results, field):
    [(a, b)] = results
    ok = [x for x in (a, b) if not isinstance(x, Exception)]
    refused = [x for x in (a, b) if isinstance(x, Exception)]
    assert len(ok) == 1 and len(refused) == 1, (a, b)
    assert isinstance(refused[0], ValidationError) and field in refused[0].message_dict, refused[0]


def test_the_same_period_created_twice_at_once(reference_data, province_user):
    call = lambda r: services.period_create(  # noqa: E731
        user=province_user, number=12, held_on=dt.date(2024, 4, 2), host_region="410000").pk
    _one_ok_one_refused(at_once([call, call]), "number")
    assert Period.objects.filter(number=12).count() == 1


def test_the_same_project_listed_twice_at_once(reference_data, province_user, zone_user):
    period = services.period_create(user=province_user, number=11, held_on=dt.date(2024, 1, 2), host_region="410000",
                                    status=Period.Status.OPEN)
    sector = Category.objects.get(scheme="sector", code="manufacturing", year=2024)
    project = make_project(stages=[("signed", dt.date(2023, 12, 1))], sector=sector,
                           total_investment_wan=Decimal(50000))
    call = lambda r: services.entry_add(  # noqa: E731
        user=zone_user, period_id=period.pk, batch="signed", project_id=project.pk).pk
    _one_ok_one_refused(at_once([call, call]), "project")
    assert ListEntry.objects.filter(project=project).count() == 1


def test_key_list_and_its_entry_created_twice_at_once(reference_data, province_user):
    create = lambda r: services.keylist_create(  # noqa: E731
        user=province_user, region="410000", year=2024, batch=1, name="2024年省重点建设项目名单").pk
    _one_ok_one_refused(at_once([create, create]), "batch")
    key_list = KeyProjectList.objects.get()
    project = make_project(region="410171")
    add = lambda r: services.keylist_entry_add(user=province_user, key_list_id=key_list.pk,  # noqa: E731
                                               project_id=project.pk).pk
    _one_ok_one_refused(at_once([add, add]), "project")
    assert KeyProjectEntry.objects.filter(key_list=key_list, project=project).count() == 1
