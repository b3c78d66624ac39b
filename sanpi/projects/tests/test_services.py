import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from sanpi.core.errors import Conflict
from sanpi.projects import selectors, services
from sanpi.projects.models import Project, StageEvent
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


def fields(**extra):
    return {"name": "年产10万吨锂电池正极材料项目", "region": "410171", "total_investment_wan": "125000.50", **extra}


def test_create_keeps_money_exact(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("125000.50")
    assert isinstance(project.total_investment_wan, Decimal)


def test_sums_are_exact_decimals(zone_user):
    for amount in ("0.10", "0.20", "1234567890.33"):
        make_project(total_investment_wan=Decimal(amount))
    total = Project.objects.aggregate(s=Sum("total_investment_wan"))["s"]
    assert total == Decimal("1234567890.63")
    assert isinstance(total, Decimal)


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ({"code": "2401-410171-04"}, "code", "项目代码格式应为"),
        ({"total_investment_wan": "-5"}, "total_investment_wan", "总投资（万元）不能为负数"),
        ({"total_investment_wan": "一百"}, "total_investment_wan", "总投资（万元）应为数字"),
        ({"land_mu": "-1"}, "land_mu", "占地（亩）不能为负数"),
        ({"planned_start_date": "2024-02-30"}, "planned_start_date", "不是有效日期"),
        ({"planned_start_date": "2024-05-01", "planned_production_date": "2024-01-01"},
         "planned_production_date", "不能早于计划开工日期"),
        ({"name": "  "}, "name", "项目名称不能为空"),
        ({"region": "999999"}, "region", "不存在"),
        ({"in_statistics": True, "total_investment_wan": "300"}, "in_statistics", "500万元以下"),
        ({"latitude": "95"}, "latitude", "-90 到 90"),
    ],
)
def test_bad_input_refused_naming_the_field_and_nothing_saved(zone_user, bad, field, message):
    before = Project.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.project_create(user=zone_user, fields=fields(**bad))
    assert message in " ".join(exc.value.message_dict[field])
    assert Project.objects.count() == before


def test_project_code_unique_when_present(zone_user):
    first = services.project_create(user=zone_user, fields=fields(code="2401-410171-04-01-123456"))
    services.project_create(user=zone_user, fields=fields(name="无代码项目一"))
    services.project_create(user=zone_user, fields=fields(name="无代码项目二"))  # many without a code
    for confirm in (False, True):  # a taken 项目代码 is refused even when the caller confirms
        with pytest.raises(services.DuplicateProject) as exc:
            services.project_create(user=zone_user, fields=fields(name="重复", code="2401-410171-04-01-123456"),
                                    confirm_duplicate=confirm)
        assert exc.value.by_code and [p.pk for p in exc.value.existing] == [first.pk]
    with pytest.raises(ValidationError) as exc:  # an edit that takes another's code: a field error
        services.project_update(user=zone_user, project_id=Project.objects.get(name="无代码项目一").pk, version=1,
                                fields={"code": "2401-410171-04-01-123456"})
    assert "已被另一个项目使用" in exc.value.message_dict["code"][0]


def test_database_constraints_back_the_rules():
    project = make_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(total_investment_wan=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(code="not-a-code")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(started_on=dt.date(2024, 5, 1), produced_on=dt.date(2024, 1, 1))


def test_history_records_who_when_old_and_new(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    services.project_update(user=zone_user, project_id=project.pk, version=project.version,
                            fields={"total_investment_wan": "130000", "land_mu": "88.5"})
    changes = selectors.project_history(project=project)
    by_field = {c["field"]: c for c in changes}
    # values as the ledger writes them (the page's 修改记录 and the API's history show these)
    assert by_field["总投资（万元）"]["old"] == "125000.5"
    assert by_field["总投资（万元）"]["new"] == "130000"
    assert by_field["总投资（万元）"]["who"] == zone_user
    assert by_field["占地（亩）"]["old"] == "" and by_field["占地（亩）"]["new"] == "88.5"
    assert changes[-1]["field"] == "（创建）"


def test_stale_version_refused_never_overwrites(zone_user, city_user):
    project = services.project_create(user=zone_user, fields=fields())
    start_version = project.version
    services.project_update(user=city_user, project_id=project.pk, version=start_version, fields={"land_mu": "10"})
    with pytest.raises(Conflict):
        services.project_update(user=zone_user, project_id=project.pk, version=start_version,
                                fields={"land_mu": "20"})
    project.refresh_from_db()
    assert project.land_mu == Decimal("10.00")


def test_stage_events_derive_current_stage_and_dates(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    services.stage_advance(user=zone_user, project_id=project.pk, stage="signed", occurred_on=dt.date(2023, 3, 1))
    services.stage_advance(user=zone_user, project_id=project.pk, stage="started", occurred_on=dt.date(2023, 9, 1))
    project.refresh_from_db()
    assert (project.stage, project.signed_on, project.started_on) == ("started", dt.date(2023, 3, 1), dt.date(2023, 9, 1))
    event = StageEvent.objects.get(project=project, stage="started")
    assert event.recorded_by == zone_user


def test_stage_rules_refused_with_field(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    services.stage_advance(user=zone_user, project_id=project.pk, stage="signed", occurred_on=dt.date(2023, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.stage_advance(user=zone_user, project_id=project.pk, stage="producing", occurred_on=dt.date(2023, 4, 1))
    assert "不能变更为“投产”" in exc.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as exc:
        services.stage_advance(user=zone_user, project_id=project.pk, stage="started", occurred_on=dt.date(2023, 1, 1))
    assert "日期不能倒退" in exc.value.message_dict["occurred_on"][0]
    assert StageEvent.objects.filter(project=project).count() == 1


def test_correction_keeps_old_event_and_reason(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    services.stage_advance(user=zone_user, project_id=project.pk, stage="signed", occurred_on=dt.date(2023, 3, 1))
    started = services.stage_advance(user=zone_user, project_id=project.pk, stage="started",
                                     occurred_on=dt.date(2023, 9, 1))
    with pytest.raises(ValidationError) as exc:
        services.stage_correct(user=zone_user, event_id=started.pk, stage="started",
                               occurred_on=dt.date(2023, 10, 1), reason="")
    assert "更正原因" in exc.value.message_dict["reason"][0]
    new = services.stage_correct(user=zone_user, event_id=started.pk, stage="started",
                                 occurred_on=dt.date(2023, 10, 8), reason="以桩基施工日期为准")
    started.refresh_from_db()
    project.refresh_from_db()
    assert started.superseded and started.occurred_on == dt.date(2023, 9, 1)
    assert new.corrects == started and new.reason == "以桩基施工日期为准"
    assert project.started_on == dt.date(2023, 10, 8)


def test_annual_plan_set_replaces_per_year(zone_user):
    project = services.project_create(user=zone_user, fields=fields())
    services.annual_plan_set(user=zone_user, project_id=project.pk, year=2024, planned_investment_wan="30000")
    plan = services.annual_plan_set(user=zone_user, project_id=project.pk, year=2024, planned_investment_wan="35000")
    assert project.annual_plans.count() == 1 and plan.planned_investment_wan == Decimal("35000")
    with pytest.raises(ValidationError):
        services.annual_plan_set(user=zone_user, project_id=project.pk, year=2024, planned_investment_wan="-1")


def test_organisation_uscc_checked():
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(name="某公司", region="410171", uscc="91350100M000100Y44")
    assert "校验位不正确" in exc.value.message_dict["uscc"][0]
    org = services.organisation_create(name="某公司", region="410171", uscc="91350100m000100y43")
    assert org.uscc == "91350100M000100Y43"


def test_database_sums_of_cents_are_exact_at_scale():
    """Decimal sums in the database equal Python's exact Decimal sum (SQLite included: MoneyField)."""
    import random

    rng = random.Random(5)
    amounts = [Decimal(rng.randint(0, 10**9)) / 100 for _ in range(3000)]
    Project.objects.bulk_create(
        [Project(name=f"p{i}", region_id="410171", total_investment_wan=a) for i, a in enumerate(amounts)]
    )
    assert Project.objects.aggregate(s=Sum("total_investment_wan"))["s"] == sum(amounts)
    assert Project.objects.filter(total_investment_wan__gte=Decimal("5000000.01")).count() == sum(
        1 for a in amounts if a >= Decimal("5000000.01"))
    first = Project.objects.order_by("id").first()
    assert first.total_investment_wan == amounts[0]
