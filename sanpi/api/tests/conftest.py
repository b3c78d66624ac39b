import datetime as dt
import json

import pytest
from django.test import Client

from sanpi.api.services import token_create
from sanpi.testing import make_org, make_project

SIGNED = [("signed", dt.date(2024, 1, 5))]


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """The API's own URLconf, so that its tests do not depend on the pages of other apps; and a
    fast password hasher (the fixtures' users would otherwise cost ~1 s each to create)."""
    settings.ROOT_URLCONF = "sanpi.api.tests.urls"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Api:
    """A client speaking JSON to /api/v1 with a user's token (or none, for the anonymous public)."""

    def __init__(self, user=None):
        self.user = user
        headers = {}
        if user is not None:
            self.key = token_create(user=user, name="测试").key
            headers["Authorization"] = f"Bearer {self.key}"
        self.client = Client(headers=headers)

    def _send(self, method, path, body=None, **params):
        url = f"/api/v1{path}"
        if method == "get":
            return self.client.get(url, params)
        data = json.dumps(body if body is not None else {}, ensure_ascii=False, default=str)
        return getattr(self.client, method)(url, data=data, content_type="application/json")

    def get(self, path, **params):
        return self._send("get", path, **params)

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def api():
    return Api


@pytest.fixture
def world(db, enterprise_user, enterprise_org, zone_user, city_user, province_user):
    """For each role: (user, a project it may see, a project of a region or owner it may not)."""
    other_org = make_org("经开区另一家企业有限公司", region="410171")
    enterprise_own = make_project("本企业项目甲", region="410171", owner=enterprise_org, stages=SIGNED)
    zone_own = make_project("经开区他企项目乙", region="410171", owner=other_org, stages=SIGNED)
    gaoxin = make_project("高新区项目丙", region="410172", stages=SIGNED)
    kaifeng = make_project("开封市项目丁", region="410202", stages=SIGNED)
    wuhan = make_project("武汉市项目戊", region="420102", stages=SIGNED)
    return {
        "enterprise": (enterprise_user, enterprise_own, zone_own),
        "zone": (zone_user, zone_own, gaoxin),
        "city": (city_user, gaoxin, kaifeng),
        "province": (province_user, kaifeng, wuhan),
    }


def assert_no_leak(response, foreign) -> None:
    """Nothing of the foreign project is in the response: not its name, not its record."""
    text = response.content.decode()
    assert foreign.name not in text
    if response["Content-Type"].startswith("application/json"):
        assert foreign.id not in _project_ids(json.loads(text))


def _project_ids(data) -> set:
    """Ids of every object in the response that looks like a project (has a name and a stage)."""
    found = set()
    if isinstance(data, dict):
        if "stage" in data and "name" in data and "id" in data:
            found.add(data["id"])
        for value in data.values():
            found |= _project_ids(value)
    elif isinstance(data, list):
        for value in data:
            found |= _project_ids(value)
    return found
