import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from sanpi.accounts.models import User
from sanpi.approvals import selectors, services
from sanpi.approvals.models import ApprovalItem
from sanpi.core.errors import NotFound
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import Light
from sanpi.progress.tests.factories import make_plan
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def test_checklist_follows_the_management_category():
    user = make_user(role=User.Role.ZONE)
    gov = make_project(management_category="government")
    ent = make_project(management_category="enterprise")
    gov_items = services.approval_checklist_create(user=user, project_id=gov.pk, year=2024)
    ent_items = services.approval_checklist_create(user=user, project_id=ent.pk, year=2024)
    assert [i.kind.name for i in gov_items][:3] == ["立项（项目建议书批复）", "可研批复", "初步设计及概算批复"]
    assert [i.kind.name for i in ent_items] == ["核准或备案", "用地预审与选址", "规划许可", "环评", "节能审查", "水土保持",
                                                 "施工许可"]
    assert services.approval_checklist_create(user=user, project_id=ent.pk, year=2024) == []  # idempotent
    assert ApprovalItem.history.filter(project_id=ent.pk).count() == 7


def test_item_update_validates_and_keeps_history():
    user = make_user(role=User.Role.ZONE)
    project = make_project()
    item = services.approval_checklist_create(user=user, project_id=project.pk, year=2024)[0]
    with pytest.raises(ValidationError) as exc:
        services.approval_item_update(user=user, item_id=item.pk, status="done")
    assert exc.value.message_dict == {"done_on": ["状态为“已办结”时须填写实际办结日期。"]}
    services.approval_item_update(user=user, item_id=item.pk, status="done", done_on="2024-03-01",
                                  document_number="郑经开备〔2024〕12号")
    item.refresh_from_db()
    assert (item.status, item.done_on, item.document_number) == ("done", dt.date(2024, 3, 1), "郑经开备〔2024〕12号")
    assert [h.status for h in item.history.order_by("history_date")] == ["not_started", "done"]
    assert item.history.latest().history_user == user


def test_items_of_another_region_are_not_found():
    owner = make_user(role=User.Role.ZONE)
    project = make_project()
    item = services.approval_checklist_create(user=owner, project_id=project.pk, year=2024)[0]
    stranger = make_user(role=User.Role.CITY, region="410300")
    with pytest.raises(NotFound):
        services.approval_item_update(user=stranger, item_id=item.pk, status="in_progress")
    with pytest.raises(NotFound):
        services.approval_checklist_create(user=stranger, project_id=project.pk)


def test_start_warning_for_a_missing_construction_permit():
    user = make_user(role=User.Role.ZONE)
    project = make_project()
    assert selectors.start_warning(project=project) == "注意：该项目施工许可未登记，请核实开工条件。"
    services.approval_checklist_create(user=user, project_id=project.pk, year=2024)
    assert selectors.start_warning(project=project) == "注意：该项目施工许可未启动，请核实开工条件。"
    permit = ApprovalItem.objects.get(project=project, kind__code="shigong")
    services.approval_item_update(user=user, item_id=permit.pk, status="done", done_on="2024-01-05")
    assert selectors.start_warning(project=project) == ""


def test_the_month_light_cites_the_overdue_item():
    user = make_user(role=User.Role.ZONE)
    project = make_project(planned_start_date=dt.date(2024, 9, 1))
    make_plan(project, 2024, "12000")
    items = services.approval_checklist_create(user=user, project_id=project.pk, year=2024)
    for item in items:
        services.approval_item_update(user=user, item_id=item.pk, status="done", done_on="2024-02-01")
    eia = ApprovalItem.objects.get(project=project, kind__code="huanping")
    services.approval_item_update(user=user, item_id=eia.pk, status="in_progress", done_on=None,
                                  planned_on="2024-04-10")
    evaluate_month(year=2024, month=5, as_of=dt.date(2024, 6, 30))
    light = Light.objects.get(project=project, month=5, dimension="approval_overdue")
    assert light.colour == "red"
    assert light.reason == ("环评共 1 项手续超过计划办结日期未办结，最久为环评（计划 2024-04-10，逾期 51 天；办结 6/7 项） → 红灯")
    assert light.figures["days_overdue"] == 51 and light.figures["required"] == 7
    assert D(light.figures["done"]) == 6


def test_many_items_at_once_with_the_same_checks_as_one():
    from sanpi.core.errors import Conflict, Forbidden, NotFound

    user = make_user(role=User.Role.ZONE)
    project = make_project(management_category="enterprise")
    services.approval_checklist_create(user=user, project_id=project.pk, year=2024)
    a, b, c = ApprovalItem.objects.filter(project=project).order_by("kind__sort")[:3]
    foreign = make_project(region="410302")
    services.approval_checklist_create(user=make_user(role=User.Role.CITY, region="410300"), project_id=foreign.pk,
                                       year=2024)
    other = ApprovalItem.objects.filter(project=foreign).first()
    refused = services.approval_items_update(user=user, changes=[
        (a.pk, a.version, {"status": "done", "done_on": "2024-02-01", "document_number": "豫发改〔2024〕1号"}),
        (b.pk, a.version + 5, {"note": "晚了"}),
        (c.pk, None, {"status": "done"}),
        (other.pk, None, {"note": "不是我的"}),
    ])
    assert {pk: type(e) for pk, e in refused.items()} == {b.pk: Conflict, c.pk: ValidationError, other.pk: NotFound}
    assert refused[c.pk].message_dict == {"done_on": ["状态为“已办结”时须填写实际办结日期。"]}
    a.refresh_from_db()
    assert (a.status, a.document_number, a.version) == ("done", "豫发改〔2024〕1号", 2)
    assert a.history.latest().history_user == user and a.history.count() == 2
    assert ApprovalItem.objects.get(pk=b.pk).note == "" and ApprovalItem.objects.get(pk=other.pk).note == ""
    with pytest.raises(Forbidden):
        services.approval_items_update(user=make_user(role=User.Role.LEADER), changes=[(a.pk, None, {"note": "x"})])


def test_items_added_together_keep_the_one_item_rules_and_their_history():
    from sanpi.approvals.models import ApprovalKind
    from sanpi.core.errors import Forbidden

    user = make_user(role=User.Role.ZONE)
    mine = make_project(management_category="government")
    elsewhere = make_project(region="410300", management_category="government")
    keyan = ApprovalKind.objects.get(code="keyan", region__isnull=True).pk
    lixiang = ApprovalKind.objects.get(code="lixiang", region__isnull=True).pk
    services.approval_items_add(user=user, adds=[(mine.pk, lixiang, {})], year=2024)
    made, refused = services.approval_items_add(user=user, year=2024, adds=[
        (mine.pk, keyan, {"status": "in_progress", "planned_on": "2024-09-30"}),
        (mine.pk, lixiang, {}),  # already on the checklist
        (elsewhere.pk, keyan, {}),  # not in the user's region: unknown
        (mine.pk, keyan, {}),  # the same item twice in one call
        (mine.pk, ApprovalKind.objects.get(code="hezhun_beian", region__isnull=True).pk, {}),  # enterprise only
    ])
    assert [type(refused.get(i)).__name__ for i in range(5)] == [
        "NoneType", "ValidationError", "NotFound", "ValidationError", "ValidationError"]
    assert refused[1].message_dict == {"kind": ["该项目已有此项前期手续，请修改原记录。"]}
    assert "不在该项目适用的前期手续目录中" in refused[4].message_dict["kind"][0]
    item = ApprovalItem.objects.get(project=mine, kind_id=keyan)
    assert made[0].pk == item.pk and (item.status, item.planned_on) == ("in_progress", dt.date(2024, 9, 30))
    assert [(h.history_type, h.history_user) for h in item.history.all()] == [("+", user)]
    with pytest.raises(Forbidden):
        services.approval_items_add(user=make_user(role=User.Role.ENTERPRISE), adds=[(mine.pk, keyan, {})])
