"""Tokens: created and revoked by their user or an administrator; only the hash is stored."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from sanpi.api.models import ApiToken
from sanpi.api.services import token_authenticate, token_create, token_revoke
from sanpi.core.errors import NotFound


def test_key_is_shown_once_and_stored_hashed(zone_user):
    new = token_create(user=zone_user, name="市平台对接")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(new.key.encode()).hexdigest()
    assert new.key not in {token.key_hash, token.prefix, token.name}
    assert (token.prefix, token.name) == (new.key[:12], "市平台对接")
    assert token_authenticate(key=new.key).user == zone_user
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_and_inactive_user_no_longer_authenticate(api, zone_user):
    client = api(zone_user)
    assert client.get("/projects").status_code == 200
    token_revoke(user=zone_user, token_id=ApiToken.objects.get().pk)
    assert client.get("/projects").status_code == 401
    other = api(zone_user)
    zone_user.is_active = False
    zone_user.save()
    assert other.get("/projects").status_code == 401


@pytest.mark.parametrize("role", ["enterprise", "zone", "city", "province"])
def test_api_create_list_revoke_own_only(api, world, role):
    user = world[role][0]
    others = [world[r][0] for r in world if r != role]
    for other in others:
        token_create(user=other, name=f"{other.username}的令牌")
    client = api(user)
    response = client.post("/tokens", {"name": "新令牌"})
    assert response.status_code == 201
    created = response.json()
    assert (created["user"], created["name"], created["key"][:6]) == (user.username, "新令牌", "sanpi_")
    listed = client.get("/tokens", all="true").json()
    assert sorted(t["name"] for t in listed) == ["新令牌", "测试"]
    assert all(t["user"] == user.username for t in listed)
    assert "key" not in listed[0]
    foreign = ApiToken.objects.filter(user=others[0]).first()
    assert client.delete(f"/tokens/{foreign.pk}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
    response = client.post("/tokens", {"name": "替别人建", "username": others[0].username})
    assert response.status_code == 404
    response = client.delete(f"/tokens/{created['id']}")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None


def test_anonymous_cannot_touch_tokens(api, zone_user):
    token = token_create(user=zone_user, name="x").token
    client = api()
    assert client.get("/tokens").status_code == 401
    assert client.post("/tokens", {"name": "x"}).status_code == 401
    assert client.delete(f"/tokens/{token.pk}").status_code == 401


def test_administrator_creates_and_revokes_for_others(api, admin_user, zone_user):
    client = api(admin_user)
    response = client.post("/tokens", {"name": "代建", "username": zone_user.username})
    assert (response.status_code, response.json()["user"]) == (201, zone_user.username)
    assert token_authenticate(key=response.json()["key"]).user == zone_user
    assert client.delete(f"/tokens/{response.json()['id']}").status_code == 200
    assert len(client.get("/tokens", all="true").json()) == 2  # the admin's own and zone_user's


def test_session_auth_works_for_the_browser(client, zone_user):
    client.force_login(zone_user)
    response = client.post("/api/v1/tokens", data={"name": "浏览器创建"}, content_type="application/json")
    assert response.status_code == 201
    assert client.get("/api/v1/tokens").json()[0]["name"] == "浏览器创建"


def test_token_name_required_and_owner_rules(zone_user, other_zone_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        token_create(user=zone_user, name="  ")
    assert info.value.message_dict == {"name": ["令牌名称不能为空。"]}
    with pytest.raises(NotFound):
        token_create(user=zone_user, name="x", owner=other_zone_user)
    assert not ApiToken.objects.exists()


def test_management_command(zone_user):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", zone_user.username, "--name", "统计局对接", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert token_authenticate(key=key).user == zone_user
    token = ApiToken.objects.get()
    out = io.StringIO()
    call_command("token", "list", stdout=out)
    assert out.getvalue().startswith(f"#{token.pk}\t{zone_user.username}\t统计局对接\t")
    call_command("token", "revoke", str(token.pk), stdout=io.StringIO())
    assert token_authenticate(key=key) is None
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        call_command("token", "create", "nobody", "--name", "x", stdout=io.StringIO())
    with pytest.raises(CommandError, match="令牌名称不能为空"):
        call_command("token", "create", zone_user.username, "--name", " ", stdout=io.StringIO(), stderr=io.StringIO())
