import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sanpi.accounts.models import User
from sanpi.core.errors import NotFound
from sanpi.funding import selectors, services
from sanpi.funding.models import FundingLine
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import Light
from sanpi.progress.tests.factories import make_plan
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def test_a_bond_line_needs_its_batch_and_keeps_history():
    user = make_user(role=User.Role.ZONE)
    project = make_project()
    with pytest.raises(ValidationError) as exc:
        services.funding_line_create(user=user, project_id=project.pk, year=2024, source="special_bond",
                                     allocated_wan="8000")
    assert exc.value.message_dict == {"bond_batch": ["地方政府专项债券须填写发行批次（如“2024年第一批”）。"]}
    line = services.funding_line_create(user=user, project_id=project.pk, year=2024, source="special_bond",
                                        allocated_wan="8000", bond_batch="2024年第一批", bond_issued_on="2024-03-10")
    with pytest.raises(ValidationError):
        services.funding_line_create(user=user, project_id=project.pk, year=2024, source="special_bond",
                                     allocated_wan="1", bond_batch="2024年第一批")
    services.funding_month_set(user=user, line_id=line.pk, month=3, arrived_wan="5000", arrived_on="2024-03-15")
    with pytest.raises(ValidationError) as exc:
        services.funding_month_set(user=user, line_id=line.pk, month=4, paid_wan="6000")
    assert exc.value.message_dict == {"paid_wan": ["累计支付 6000 万元不能超过累计到位 5000 万元。"]}
    services.funding_month_set(user=user, line_id=line.pk, month=4, paid_wan="1200", paid_on="2024-04-20")
    [read] = selectors.funding_lines(project=project, year=2024, month=6)
    assert (read.arrived, read.paid) == (5000, 1200)
    assert FundingLine.history.filter(id=line.pk).count() == 1
    assert line.months.get(month=4).history.count() == 1


def test_another_regions_line_is_not_found():
    user = make_user(role=User.Role.ZONE)
    line = services.funding_line_create(user=user, project_id=make_project().pk, year=2024, source="bank_loan",
                                        allocated_wan="100")
    with pytest.raises(NotFound):
        services.funding_month_set(user=make_user(role=User.Role.CITY, region="410300"), line_id=line.pk, month=1,
                                   arrived_wan="1")


def test_the_month_light_cites_the_amounts():
    user = make_user(role=User.Role.ZONE)
    project = make_project(stages=[("started", dt.date(2023, 5, 1))], in_statistics=True)
    make_plan(project, 2024, "12000")
    line = services.funding_line_create(user=user, project_id=project.pk, year=2024, source="special_bond",
                                        allocated_wan="8000", bond_batch="2024年第一批")
    services.funding_month_set(user=user, line_id=line.pk, month=3, arrived_wan="5000", arrived_on="2024-03-15")
    services.funding_month_set(user=user, line_id=line.pk, month=5, paid_wan="1200", paid_on="2024-05-20")
    bank = services.funding_line_create(user=user, project_id=project.pk, year=2024, source="bank_loan",
                                        allocated_wan="3000")
    services.funding_month_set(user=user, line_id=bank.pk, month=2, arrived_wan="3000", arrived_on="2024-02-01")
    evaluate_month(year=2024, month=6, as_of=dt.date(2024, 7, 31))
    light = Light.objects.get(project=project, month=6, dimension="funds_lag")
    assert light.colour == "yellow"
    assert light.reason == ("地方政府专项债券（2024年第一批）于 2024-03-15 到位 5000 万元，至 2024-06-30 仅支付 1200 万元"
                            "（24.0%），已 107 天；政府性资金累计到位 5000 万元，已支付 1200 万元（24.0%） → 黄灯")


def test_a_month_or_a_date_after_today_is_refused_singly_and_in_bulk(monkeypatch):
    """到位 and 支付 are what happened: a month not yet come, or a date after today, is refused (nothing saved)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2024, 6, 10))
    user = make_user(role=User.Role.ZONE)
    line = services.funding_line_create(user=user, project_id=make_project().pk, year=2024, source="bank_loan",
                                        allocated_wan="100")
    with pytest.raises(ValidationError) as exc:
        services.funding_month_set(user=user, line_id=line.pk, month=7, arrived_wan="10")
    assert exc.value.message_dict == {"month": ["2024年7月尚未到来，不能填报该月的到位与支付（计划金额请填在“计划/下达金额”）。"]}
    with pytest.raises(ValidationError) as exc:
        services.funding_month_set(user=user, line_id=line.pk, month=6, arrived_wan="10", arrived_on="2024-06-20")
    assert exc.value.message_dict == {"arrived_on": ["到位日期 2024-06-20 晚于今天，请填写实际到位或支付的日期。"]}
    refused = services.funding_months_set(user=user, entries=[(line.pk, 7, None, {"arrived_wan": "10"}),
                                                              (line.pk, 6, None, {"arrived_wan": "10"})])
    assert list(refused) == [0] and "尚未到来" in refused[0].messages[0]
    assert list(line.months.values_list("month", flat=True)) == [6]
