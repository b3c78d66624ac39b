"""Cursor pagination: complete, no duplicates, stable under inserts, and opaque cursors checked."""

import pytest

from sanpi.api.pagination import cursor_decode, cursor_encode
from sanpi.testing import make_project


def walk(client, **params):
    seen, pages, cursor = [], 0, None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        body = client.get("/projects", **query).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            return seen, pages


def test_walk_is_complete_in_order(api, zone_user):
    ids = [make_project(region="410171").id for _ in range(23)]
    make_project(region="410172")  # outside the zone
    seen, pages = walk(api(zone_user), limit=5)
    assert seen == sorted(ids, reverse=True)
    assert pages == 5


def test_walk_is_stable_under_inserts(api, zone_user):
    ids = [make_project(region="410171").id for _ in range(12)]
    client = api(zone_user)
    first = client.get("/projects", limit=4).json()
    assert [i["id"] for i in first["items"]] == sorted(ids, reverse=True)[:4]
    # Rows created during the walk neither appear in it nor shift it.
    new = [make_project(region="410171").id for _ in range(5)]
    seen, cursor = [i["id"] for i in first["items"]], first["next_cursor"]
    while cursor:
        body = client.get("/projects", limit=4, cursor=cursor).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if len(seen) == 8:
            new.append(make_project(region="410171").id)
    assert seen == sorted(ids, reverse=True)
    assert not set(new) & set(seen)
    # A new walk sees them all, first.
    assert walk(client, limit=50)[0] == sorted(ids + new, reverse=True)


def test_last_page_has_no_cursor(api, zone_user):
    make_project(region="410171")
    body = api(zone_user).get("/projects", limit=1).json()
    assert (len(body["items"]), body["next_cursor"]) == (1, None)


def test_cursor_round_trip():
    assert cursor_decode(cursor_encode(12345)) == 12345


@pytest.mark.parametrize("bad", ["garbage", "eyJ2IjoxfQ", "e30", "!!!!", "eyJ2IjoxLCJiZWZvcmUiOi0xfQ", "W10"])
def test_bad_cursor_is_422(api, zone_user, bad):
    response = api(zone_user).get("/projects", cursor=bad)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid", ["cursor"])
    assert body["message"] == "分页游标无效：请使用上一页响应中的 next_cursor。"
