"""Every link of the navigation bar works for every role; the 导入导出 home, the favicon, the API docs link
and the admin's Chinese section names."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.templatetags.static import static

from sanpi.activities.models import Period
from sanpi.ingest.models import ImportJob
from sanpi.testing import make_user

pytestmark = pytest.mark.django_db

ROLES = ("province_user", "city_user", "zone_user", "enterprise_user", "leader_user")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def leader_user(db):
    return make_user("leader_t", role="leader", region="410100")


class _Links(HTMLParser):
    """The href of every <a> inside the page's <nav> elements."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self.depth += 1
        elif tag == "a" and self.depth and (href := dict(attrs).get("href")):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "nav":
            self.depth -= 1


def nav_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    # same origin only: a path, not a scheme or a protocol-relative address
    return [href for href in parser.links if href.startswith("/") and not href.startswith("//")]


@pytest.mark.parametrize("role", ROLES)
def test_every_navigation_link_answers(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    landing = client.get("/", follow=True)
    assert landing.status_code == 200
    links = nav_links(landing.content.decode())
    assert "/projects/" in links and "/api/v1/docs" in links  # the parser found the bar
    for href in links:
        response = client.get(href)
        assert response.status_code not in (404, 500), (role, href, response.status_code)
        assert response.status_code < 500, (role, href, response.status_code)


@pytest.fixture
def period(db):
    return Period.objects.create(number=11, held_on="2026-10-18", level=Period.Level.PROVINCE, host_region_id="410000")


def test_ingest_home_for_an_office_links_every_tool(client, zone_user, period):
    job = ImportJob.objects.create(user=zone_user, original_name="台账-十月.xlsx",
                                   file="imports/t.xlsx")
    client.force_login(zone_user)
    response = client.get("/ingest/")
    assert response.status_code == 200
    html = response.content.decode()
    for href in ("/ingest/import/", "/ingest/export/ledger.xlsx", "/ingest/export/reports.xlsx",
                 "/ingest/import/?kind=reports", "/ingest/extract/", f"/ingest/export/period/{period.pk}.xlsx",
                 f"/ingest/import/{job.pk}/"):
        assert f'href="{href}"' in html or f'action="{href}"' in html, href
    assert 'name="month"' in html  # the monthly workbook is asked for a month
    assert "台账-十月.xlsx" in html


def test_ingest_home_for_the_enterprise_shows_only_its_tools(client, enterprise_user, period):
    client.force_login(enterprise_user)
    html = client.get("/ingest/").content.decode()
    assert 'action="/ingest/export/reports.xlsx"' in html  # it fills in monthly reports
    assert 'href="/ingest/export/ledger.xlsx"' in html
    assert 'href="/ingest/import/"' not in html  # the ledger is the offices'
    assert "/ingest/extract/" not in html
    assert "/ingest/export/period/" not in html  # its menu hides 三个一批


def test_ingest_home_for_a_leader_has_no_report_workbook(client, leader_user, period):
    client.force_login(leader_user)
    html = client.get("/ingest/").content.decode()
    assert "/ingest/export/reports.xlsx" not in html
    assert 'href="/ingest/import/"' not in html
    assert f"/ingest/export/period/{period.pk}.xlsx" in html


def test_ingest_home_needs_sign_in(client):
    response = client.get("/ingest/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_favicon_is_served_from_static(client, zone_user):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("web/favicon.svg")
    icon = finders.find("web/favicon.svg")
    assert icon and open(icon, encoding="utf-8").read().startswith("<svg")
    client.force_login(zone_user)
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', html)


def test_api_docs_are_linked_from_every_page(client, enterprise_user):
    client.force_login(enterprise_user)
    html = client.get("/projects/").content.decode()
    assert 'href="/api/v1/docs"' in html
    assert client.get("/api/v1/docs").status_code == 200


APP_NAMES = {"accounts": "区划与账号", "projects": "项目台账", "activities": "三个一批", "progress": "月度调度与预警",
             "stats": "统计", "ingest": "导入导出", "api": "接口与令牌", "web": "网页", "documents": "公文模板"}


def test_admin_sections_are_named_in_chinese(client, admin_user):
    for label, name in APP_NAMES.items():
        assert apps.get_app_config(label).verbose_name == name
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    for label in ("accounts", "projects", "activities", "progress"):
        assert APP_NAMES[label] in html
    for english in ("Activities", "Progress", "Ingest"):
        assert f">{english}<" not in html


@pytest.mark.parametrize("role, start", [("enterprise_user", "/todo/"), ("leader_user", "/progress/leader/"),
                                         ("zone_user", "/"), ("province_user", "/")])
def test_each_role_starts_on_its_own_page(client, request, role, start):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/start/")
    assert response.status_code == 302 and response["Location"] == start
