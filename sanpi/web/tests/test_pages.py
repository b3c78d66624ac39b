"""Every page of the web app, by role: status codes, scope, and what the page must say."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from sanpi.projects.models import Project
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def ledger(enterprise_org):
    return {
        "own": make_project("经开区生物医药产业园", region="410171", owner=enterprise_org,
                            total_investment_wan=Decimal("190000"),
                            stages=[("signed", dt.date(2023, 2, 10)), ("started", dt.date(2023, 10, 18))]),
        "gaoxin": make_project("高新区智能装备项目", region="410172", total_investment_wan=Decimal("50000"),
                               stages=[("signed", dt.date(2023, 3, 1))]),
        "kaifeng": make_project("开封文旅综合体", region="410205", total_investment_wan=Decimal("1200000")),
    }


def unmasked(html: str) -> str:
    """The page without its CSRF token, which Django masks differently on every response."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    for url in ("/", "/projects/", "/todo/", "/projects/1/", "/projects/new/", "/password/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
    page = client.get("/login/")
    assert page.status_code == 200
    assert "登录三批项目调度平台" in page.content.decode()


def test_login_with_wrong_password_says_so_in_chinese(client, zone_user):
    response = client.post("/login/", {"username": "jingkai_t", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    response = client.post("/login/", {"username": "jingkai_t", "password": "demo12345"})
    assert response.status_code == 302 and response["Location"] == "/start/"  # the role's start page


def test_logout_is_a_post(client, zone_user):
    login(client, zone_user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_password_change(client, zone_user):
    login(client, zone_user)
    response = client.post("/password/", {"old_password": "demo12345", "new_password1": "short",
                                          "new_password2": "short"})
    assert response.status_code == 200
    assert "密码太短" in response.content.decode()
    response = client.post("/password/", {"old_password": "demo12345", "new_password1": "new-pass-2024",
                                          "new_password2": "new-pass-2024"})
    assert response.status_code == 302
    zone_user.refresh_from_db()
    assert zone_user.check_password("new-pass-2024")


@pytest.mark.parametrize("role_fixture, visible, hidden", [
    ("zone_user", ["驾驶舱", "项目台账", "三个一批", "月报", "红黄绿灯", "协调事项", "导入导出", "待办"], []),
    ("province_user", ["驾驶舱", "项目台账", "三个一批", "红黄绿灯", "导入导出"], []),
    ("enterprise_user", ["驾驶舱", "项目台账", "月报", "红黄绿灯", "协调事项", "待办"], ["三个一批", "导入导出"]),
])
def test_navigation_by_role(client, request, role_fixture, visible, hidden):
    user = request.getfixturevalue(role_fixture)
    html = login(client, user).get("/").content.decode()
    nav = html[html.index('id="nav"'):html.index("</nav>")]
    for label in visible:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav
    assert user.region.name in nav and user.role_label in nav


@pytest.mark.parametrize("role_fixture", ["admin_user", "province_user", "city_user", "zone_user",
                                          "other_zone_user", "enterprise_user"])
def test_every_page_opens_for_every_role(client, request, ledger, role_fixture):
    login(client, request.getfixturevalue(role_fixture))
    for url in ("/", "/projects/", "/projects/?stage=started&sort=-investment", "/projects/totals/", "/todo/",
                "/password/"):
        assert client.get(url).status_code == 200, url


def test_project_list_is_scoped(client, ledger, zone_user, city_user, province_user, enterprise_user):
    def names(user, query=""):
        html = login(client, user).get("/projects/" + query).content.decode()
        return {name for name in ("经开区生物医药产业园", "高新区智能装备项目", "开封文旅综合体") if name in html}

    assert names(zone_user) == {"经开区生物医药产业园"}
    assert names(city_user) == {"经开区生物医药产业园", "高新区智能装备项目"}
    assert names(province_user) == {"经开区生物医药产业园", "高新区智能装备项目", "开封文旅综合体"}
    assert names(province_user, "?region=410100") == {"经开区生物医药产业园", "高新区智能装备项目"}
    assert names(province_user, "?stage=signed") == {"高新区智能装备项目"}
    assert names(province_user, "?q=开封") == {"开封文旅综合体"}
    assert names(enterprise_user) == {"经开区生物医药产业园"}
    assert names(zone_user, "?region=410172") == set()


def test_project_list_totals_and_pages(client, province_user):
    for i in range(45):
        make_project(f"批量项目{i:02d}", region="410171", total_investment_wan=Decimal(100 + i))
    login(client, province_user)
    first = client.get("/projects/?q=批量项目&sort=name").content.decode()
    assert "批量项目00" in first and "批量项目19" in first and "批量项目20" not in first
    assert "下一页" in first and "上一页" not in first
    third = client.get("/projects/?q=批量项目&sort=name&page=3").content.decode()
    assert "批量项目40" in third and "批量项目44" in third and "下一页" not in third
    assert "第 41—45 个" in third
    totals = client.get("/projects/totals/?q=批量项目").content.decode()
    # 100 + 101 + … + 144 = 5490 万元
    assert "共 <strong>45</strong> 个项目" in totals and "5490万元" in totals and "0.55亿元" in totals


def test_htmx_request_gets_only_the_results(client, ledger, province_user):
    login(client, province_user)
    response = client.get("/projects/?stage=signed", headers={"HX-Request": "true", "HX-Target": "results"})
    html = response.content.decode()
    assert "<nav class=\"navbar" not in html
    assert "高新区智能装备项目" in html and "开封文旅综合体" not in html


def test_foreign_zone_project_is_the_same_404_as_a_missing_id(client, ledger, zone_user):
    login(client, zone_user)
    missing = Project.objects.order_by("-id").first().pk + 1000
    foreign = client.get(f"/projects/{ledger['gaoxin'].pk}/")
    absent = client.get(f"/projects/{missing}/")
    assert foreign.status_code == absent.status_code == 404
    assert unmasked(foreign.content.decode()) == unmasked(absent.content.decode())
    assert "记录不存在，或您无权访问。" in foreign.content.decode()
    for suffix in ("edit/", "stage/"):
        assert client.get(f"/projects/{ledger['gaoxin'].pk}/{suffix}").status_code == 404
        assert client.post(f"/projects/{ledger['gaoxin'].pk}/{suffix}", {"name": "改名"}).status_code == 404
    assert Project.objects.get(pk=ledger["gaoxin"].pk).name == "高新区智能装备项目"


def test_project_page_shows_figures_and_timeline(client, ledger, zone_user):
    html = login(client, zone_user).get(f"/projects/{ledger['own'].pk}/").content.decode()
    assert "经开区生物医药产业园" in html
    assert "总投资（万元）" in html and "190000" in html and "19亿元" in html
    assert "2023-02-10" in html and "2023-10-18" in html
    assert "编辑项目" in html and "推进阶段" in html


def test_enterprise_reads_its_project_but_cannot_edit(client, ledger, enterprise_user):
    login(client, enterprise_user)
    page = client.get(f"/projects/{ledger['own'].pk}/")
    assert page.status_code == 200 and "编辑项目" not in page.content.decode()
    assert client.get(f"/projects/{ledger['own'].pk}/edit/").status_code == 403
    assert client.get("/projects/new/").status_code == 403
    assert client.get(f"/projects/{ledger['gaoxin'].pk}/").status_code == 404
