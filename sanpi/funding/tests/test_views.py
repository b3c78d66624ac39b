"""The funding forms on the project page: register a line, edit it (version checked), record a month."""

from decimal import Decimal

import pytest

from sanpi.accounts.models import User
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.testing import make_org, make_project, make_user

pytestmark = pytest.mark.django_db


def test_an_office_registers_a_line_and_records_months_from_the_project_page(client):
    office = make_user(role=User.Role.ZONE)
    project = make_project()
    client.force_login(office)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/funding/projects/{project.pk}/lines/new/"' in page
    missing = client.post(f"/funding/projects/{project.pk}/lines/new/", {"year": "2024", "source": "special_bond",
                                                                         "allocated_wan": "8000"})
    assert "地方政府专项债券须填写发行批次" in missing.content.decode()
    created = client.post(f"/funding/projects/{project.pk}/lines/new/", {
        "year": "2024", "source": "special_bond", "allocated_wan": "8000", "bond_batch": "2024年第一批",
        "bond_issued_on": "2024-03-10"})
    line = FundingLine.objects.get(project=project)
    assert created.status_code == 302 and created["Location"] == f"/funding/lines/{line.pk}/"
    month = client.post(f"/funding/lines/{line.pk}/months/3/", {"version": "0", "arrived_wan": "5000",
                                                                "arrived_on": "2024-03-15"})
    assert month.status_code == 302
    too_much = client.post(f"/funding/lines/{line.pk}/months/4/", {"version": "0", "paid_wan": "6000"})
    assert "累计支付 6000 万元不能超过累计到位 5000 万元。" in too_much.content.decode()
    edit = client.get(f"/funding/lines/{line.pk}/").content.decode()
    assert "累计到位 5000 万元" in edit and f'href="/funding/lines/{line.pk}/months/3/">修改' in edit

    # two offices open the same line; the second save is refused instead of overwriting the first
    line.refresh_from_db()
    first = client.post(f"/funding/lines/{line.pk}/", {"version": line.version, "allocated_wan": "9000"})
    assert first.status_code == 302
    second = client.post(f"/funding/lines/{line.pk}/", {"version": line.version, "allocated_wan": "7000"})
    assert "该记录已被他人修改" in second.content.decode()
    line.refresh_from_db()
    assert (line.allocated_wan, line.version, line.history.count()) == (Decimal("9000"), 2, 2)
    stale = client.post(f"/funding/lines/{line.pk}/months/3/", {"version": "0", "arrived_wan": "1"})
    assert "该记录已被他人修改" in stale.content.decode()
    assert FundingMonth.objects.get(line=line, month=3).arrived_wan == Decimal("5000")


def test_the_enterprise_records_months_but_not_lines(client):
    org = make_org("测试建设单位")
    project = make_project(owner=org)
    office = make_user(role=User.Role.ZONE)
    client.force_login(office)
    client.post(f"/funding/projects/{project.pk}/lines/new/", {"year": "2024", "source": "bank_loan",
                                                               "allocated_wan": "100"})
    line = FundingLine.objects.get(project=project)
    client.force_login(make_user(role=User.Role.ENTERPRISE, organisation=org))
    assert client.get(f"/funding/projects/{project.pk}/lines/new/").status_code == 403
    assert client.get(f"/funding/lines/{line.pk}/").status_code == 403
    saved = client.post(f"/funding/lines/{line.pk}/months/2/", {"version": "0", "arrived_wan": "100",
                                                                "arrived_on": "2024-02-05"})
    assert saved.status_code == 302 and saved["Location"] == f"/projects/{project.pk}/"
    assert FundingMonth.objects.get(line=line).history.latest().history_user.role == User.Role.ENTERPRISE
