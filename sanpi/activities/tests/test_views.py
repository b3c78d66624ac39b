import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sanpi.activities import services
from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def period(province_user):
    period = services.period_create(user=province_user, number=11, held_on=D(2024, 1, 2), host_region="410000",
                                    status="open")
    for region, batch, amount in (("410171", "signed", 50000), ("410173", "started", 149000000),
                                  ("410172", "signed", 70000)):
        project = make_project(f"{region}{batch}项目", region=region, total_investment_wan=Decimal(amount),
                               stages=[("signed", D(2023, 6, 1))])
        ListEntry.objects.create(period=period, batch=batch, project=project, region_id=region,
                                 declared_total_investment_wan=Decimal(amount))
    return period


def test_period_list_and_detail(client, province_user, period):
    client.force_login(province_user)
    page = client.get(reverse("activities:period_list"))
    assert page.status_code == 200
    # amounts under the "（亿元）" headers are bare numbers: 1.49万亿元 is written 14900-odd, no unit
    assert "第11期" in page.content.decode() and re.search(r'<td class="text-end">149\d\d(\.\d+)?</td>',
                                                           page.content.decode())
    assert "亿元</td>" not in page.content.decode()
    detail = client.get(reverse("activities:period_detail", args=[period.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "2 个 · 12亿元" in html and "1 个 · 1.49万亿元" in html
    assert "410171signed项目" in html and 'id="close-period"' in html and "chart-data" in html
    started = client.get(reverse("activities:period_detail", args=[period.pk]) + "?batch=started")
    assert "410173started项目" in started.content.decode()


def test_zone_user_sees_only_its_entries_and_no_close_button(client, zone_user, other_zone_user, period):
    client.force_login(zone_user)
    html = client.get(reverse("activities:period_detail", args=[period.pk])).content.decode()
    assert "410171signed项目" in html and "410172signed项目" not in html
    assert 'id="close-period"' not in html
    response = client.post(reverse("activities:period_close", args=[period.pk]))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.status == "open"


def test_close_and_carry_over_by_post(client, province_user, period):
    client.force_login(province_user)
    assert client.get(reverse("activities:period_close", args=[period.pk])).status_code == 405
    response = client.post(reverse("activities:period_carry_over", args=[period.pk]), follow=True)
    assert "结转完成：新增投产一批项目 0 个。" in response.content.decode()
    response = client.post(reverse("activities:period_close", args=[period.pk]), follow=True)
    assert "本期已关闭，统计数据已冻结（第1版）。" in response.content.decode()
    period.refresh_from_db()
    assert period.status == "closed" and period.snapshots.count() == 1
    response = client.post(reverse("activities:period_close", args=[period.pk]), follow=True)
    assert "河南省第11期已关闭" in response.content.decode()


def test_entry_add_form_shows_the_threshold_warning(client, zone_user, period):
    client.force_login(zone_user)
    project = make_project("小项目", region="410171", total_investment_wan=Decimal(5000),
                           stages=[("signed", D(2023, 12, 1))])
    url = reverse("activities:entry_add", args=[period.pk])
    html = client.post(url, {"batch": "signed", "project_id": project.pk}, follow=True).content.decode()
    assert "总投资0.5亿元低于该类项目列入门槛1亿元；如确需列入，请填写理由。" in html
    html = client.post(url, {"batch": "signed", "project_id": project.pk, "threshold_override_reason": "补链项目"},
                       follow=True).content.decode()
    assert "已列入：小项目。" in html
    assert ListEntry.objects.get(project=project).threshold_override_reason == "补链项目"


def test_bulletin_text_and_docx(client, province_user, period):
    client.force_login(province_user)
    html = client.get(reverse("activities:period_bulletin", args=[period.pk])).content.decode()
    assert "河南省第十一期“三个一批”项目建设活动情况通报" in html
    assert "“签约一批”项目2个，总投资12亿元；“开工一批”项目1个，总投资1.49万亿元；“投产一批”项目0个，总投资0亿元。" in html
    response = client.get(reverse("activities:period_bulletin_docx", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from docx import Document

    doc = Document(io.BytesIO(response.content))
    assert [p.text for p in doc.paragraphs[:4]] == ["河南省重点项目办", "第十一期", "",
                                                    "河南省第十一期“三个一批”项目建设活动情况通报"]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["地区", "签约（个）", "签约（亿元）"]
    last = [c.text for c in table.rows[-1].cells]
    assert last == ["合计", "2", "12.00", "1", "14900.00", "0", "0.00"]


def test_hidden_period_is_404(client, other_zone_user, province_user):
    city = Period.objects.create(number=2, held_on=D(2024, 1, 5), level="city", host_region_id="410300")
    client.force_login(other_zone_user)  # 郑州高新区 does not see 洛阳's periods
    assert client.get(reverse("activities:period_detail", args=[city.pk])).status_code == 404
    assert client.get(reverse("activities:period_bulletin_docx", args=[city.pk])).status_code == 404


def test_key_lists(client, zone_user):
    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, batch=1,
                                             name="2024年河南省第一批重点建设项目名单")
    KeyProjectEntry.objects.create(key_list=key_list, project=make_project("中兴5G微基站和智慧杆塔集成项目"),
                                   declared_total_investment_wan=Decimal(610000))
    client.force_login(zone_user)
    html = client.get(reverse("activities:keylist_list")).content.decode()
    assert "2024年河南省第一批重点建设项目名单" in html and "61亿元" in html
    html = client.get(reverse("activities:keylist_detail", args=[key_list.pk])).content.decode()
    assert "中兴5G微基站和智慧杆塔集成项目" in html and "610000" in html
