"""Create paths of the ledger with the same request twice at the same instant: the second gets the
same answer the check before the insert gives, never a constraint violation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sanpi.accounts.models import Organisation
from sanpi.projects import services
from sanpi.projects.models import AnnualPlan, Project, StageEvent
from sanpi.projects.services import DuplicateProject
from sanpi.testing import at_once

pytestmark = pytest.mark.django_db(transaction=True)
CODE = "2401-410171-04-01-123456"


def _one_ok_one_refused(results, field):
    [(a, b)] = results
    ok = [x for x in (a, b) if not isinstance(x, Exception)]
    refused = [x for x in (a, b) if isinstance(x, Exception)]
    assert len(ok) == 1 and len(refused) == 1, (a, b)
    # The second either meets the unique constraint (a field error) or, when the first has committed
    # before one of its checks, the duplicate check itself (DuplicateProject, a 409 naming the project:
    # by its code, or by its name when the first committed between the code and the name check).
    if isinstance(refused[0], DuplicateProject):
        assert [p.pk for p in refused[0].existing] == [ok[0]], (refused[0], ok)
        return
    assert isinstance(refused[0], ValidationError) and field in refused[0].message_dict, refused[0]


def test_the_same_project_code_registered_twice_at_once(reference_data, zone_user):
    call = lambda r: services.project_create(  # noqa: E731
        user=zone_user, fields={"name": "锂电池正极材料项目", "region": "410171", "code": CODE}).pk
    _one_ok_one_refused(at_once([call, call]), "code")
    assert Project.objects.filter(code=CODE).count() == 1


def test_the_same_uscc_registered_twice_at_once(reference_data):
    call = lambda r: services.organisation_create(name="某公司", region="410171", uscc="91350100M000100Y43").pk  # noqa: E731
    _one_ok_one_refused(at_once([call, call]), "uscc")
    assert Organisation.objects.filter(uscc="91350100M000100Y43").count() == 1


def test_one_stage_event_corrected_twice_at_once(reference_data, zone_user):
    project = services.project_create(user=zone_user, fields={"name": "更正测试项目", "region": "410171"})
    services.stage_advance(user=zone_user, project_id=project.pk, stage="signed", occurred_on=dt.date(2023, 3, 1))
    started = services.stage_advance(user=zone_user, project_id=project.pk, stage="started",
                                     occurred_on=dt.date(2023, 9, 1))
    call = lambda r: services.stage_correct(  # noqa: E731
        user=zone_user, event_id=started.pk, stage="started", occurred_on=dt.date(2023, 10, 8), reason="以桩基为准").pk
    _one_ok_one_refused(at_once([call, call]), "event")
    assert StageEvent.objects.filter(project=project, superseded=False).count() == 2


def test_the_same_annual_plan_set_twice_at_once(reference_data, zone_user):
    project = services.project_create(user=zone_user, fields={"name": "计划测试项目", "region": "410171"})
    call = lambda r: services.annual_plan_set(  # noqa: E731
        user=zone_user, project_id=project.pk, year=2024, planned_investment_wan="5000").pk
    [(a, b)] = at_once([call, call])
    assert a == b, (a, b)
    assert AnnualPlan.objects.filter(project=project, year=2024).count() == 1
