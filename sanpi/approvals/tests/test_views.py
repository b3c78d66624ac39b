import datetime as dt

import pytest

from sanpi.accounts.models import User
from sanpi.activities import services as activity_services
from sanpi.approvals.models import ApprovalItem, ApprovalKind
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def test_project_page_shows_the_checklist_and_an_item_is_updated(client):
    user = make_user(role=User.Role.ZONE)
    project = make_project(management_category="government")
    client.force_login(user)
    response = client.post(f"/approvals/projects/{project.pk}/create/")
    assert response.status_code == 302
    assert ApprovalItem.objects.filter(project=project).count() == 9
    item = ApprovalItem.objects.get(project=project, kind__code="lixiang")
    response = client.post(f"/approvals/items/{item.pk}/edit/", {
        "status": "done", "required": "on", "done_on": "2024-02-03", "document_number": "郑发改〔2024〕3号"})
    assert response.status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "前期手续（办结 1/9 项）" in page
    assert "立项（项目建议书批复）</strong> 已办结 2024-02-03" in page
    response = client.post(f"/approvals/items/{item.pk}/edit/", {"status": "done", "required": "on"})
    assert "状态为“已办结”时须填写实际办结日期。" in response.content.decode()


def test_starting_list_entry_warns_when_the_permit_is_missing():
    province = make_user(role=User.Role.PROVINCE, region="410000")
    period = activity_services.period_create(user=province, number=11, held_on=dt.date(2024, 1, 2),
                                             host_region="410000", status="open")
    project = make_project(stages=[("started", dt.date(2023, 12, 20))])
    entry = activity_services.entry_add(user=province, period_id=period.pk, batch="started", project_id=project.pk)
    assert entry.warning == "注意：该项目施工许可未登记，请核实开工条件。"


def test_the_report_form_lists_open_items_to_update(client):
    from django.urls import reverse

    from sanpi.accounts.models import Organisation

    org = Organisation.objects.create(name="填报测试企业有限公司", region_id="410171")
    enterprise = make_user(role=User.Role.ENTERPRISE, organisation=org)
    project = make_project(owner=org, stages=[("started", dt.date(2023, 12, 20))])
    services_user = make_user(role=User.Role.ZONE)
    from sanpi.approvals import services

    services.approval_checklist_create(user=services_user, project_id=project.pk, year=2024)
    permit = ApprovalItem.objects.get(project=project, kind__code="shigong")
    client.force_login(enterprise)
    page = client.get(f"{reverse('progress:report_new')}?project={project.pk}&year=2024&month=1").content.decode()
    assert "本月同时更新前期手续（未办结 7 项）" in page
    assert f"/approvals/items/{permit.pk}/edit/" in page
    response = client.post(f"/approvals/items/{permit.pk}/edit/", {"status": "done", "required": "on",
                                                                   "done_on": "2023-12-10"})
    assert response.status_code == 302
    permit.refresh_from_db()
    assert (permit.status, permit.history.latest().history_user) == ("done", enterprise)


def test_admin_pages_of_the_catalogue_items_and_funding(client, admin_user):
    client.force_login(admin_user)
    for path in ("/admin/approvals/approvalkind/", "/admin/approvals/approvalitem/", "/admin/funding/fundingline/",
                 f"/admin/approvals/approvalkind/{ApprovalKind.objects.first().pk}/change/"):
        assert client.get(path).status_code == 200, path
