"""Regions (scoped) and reference data × role."""

import pytest

ROLES = {
    # role: (own region, a region below it, a foreign region)
    "enterprise": ("410171", None, "410172"),
    "zone": ("410171", None, "410172"),
    "city": ("410100", "410171", "410200"),
    "province": ("410000", "410100", "420000"),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_regions(api, world, role):
    own, below, foreign = ROLES[role]
    client = api(world[role][0])
    assert client.get(f"/regions/{own}").json()["code"] == own
    response = client.get(f"/regions/{foreign}")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    listed = client.get("/regions").json()
    codes = {r["code"] for r in listed}
    assert own in codes
    assert foreign not in codes
    if below:
        assert below in codes
        assert below in {r["code"] for r in client.get("/regions", parent=own).json()}
    assert client.get("/regions", parent=foreign).json() == []


def test_anonymous_gets_nothing(api, db):
    client = api()
    for path in ("/regions", "/regions/410000", "/industries", "/categories"):
        assert client.get(path).status_code == 401


@pytest.mark.parametrize("role", list(ROLES))
def test_reference_data_for_everyone(api, world, role):
    client = api(world[role][0])
    industries = client.get("/industries").json()
    assert {"code": "C", "name": "制造业", "kind": "section", "parent": None} in industries
    assert next(i for i in industries if i["code"] == "39")["parent"] == "C"
    categories = client.get("/categories", scheme="domain", year=2025).json()
    assert [c["name"] for c in categories] == ["创新驱动能力提升", "基础设施建设", "新型基础设施建设", "产业转型发展",
                                               "绿色低碳转型", "民生社会事业改善"]
    assert client.get("/categories", year=1999).status_code == 422
