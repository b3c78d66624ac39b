"""Finding 6 (API side): tokens never expired, survived a password change, and nothing limited their rate
(429 was mapped but never produced)."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sanpi.api.models import ApiToken
from sanpi.api.services import token_create


def test_a_token_expires_after_the_configured_days(api, zone_user, settings):
    settings.API_TOKEN_DAYS = 7
    client = api(zone_user)
    token = ApiToken.objects.get()
    assert abs((token.expires_at - token.created_at) - dt.timedelta(days=7)) < dt.timedelta(seconds=1)
    assert client.get("/projects").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/projects")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_default_lifetime_is_90_days_and_shown(api, zone_user):
    client = api(zone_user)
    token = ApiToken.objects.get()
    assert abs((token.expires_at - token.created_at) - dt.timedelta(days=90)) < dt.timedelta(seconds=1)
    listed = client.get("/tokens").json()[0]
    assert abs(dt.datetime.fromisoformat(listed["expires_at"]) - token.expires_at) < dt.timedelta(milliseconds=1)
    out = io.StringIO()
    call_command("token", "list", stdout=out)
    assert f"有效至 {timezone.localtime(token.expires_at):%Y-%m-%d}" in out.getvalue()


def test_a_password_change_revokes_the_users_tokens(api, zone_user):
    client = api(zone_user)
    assert client.get("/projects").status_code == 200
    zone_user.set_password("河南项目调度-春分2026")
    zone_user.save()
    assert client.get("/projects").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    # A token made after the change works.
    assert api(zone_user).get("/projects").status_code == 200


def test_changing_the_password_on_the_page_revokes_tokens(api, zone_user, settings):
    settings.ROOT_URLCONF = "config.urls"  # the page lives outside the API's test URLconf
    client = api(zone_user)
    web = Client()
    web.force_login(zone_user)
    new = "河南项目调度-春分2026"
    response = web.post("/password/", {"old_password": "demo12345", "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get("/projects").status_code == 401


def test_deactivating_a_user_revokes_their_tokens_for_good(api, zone_user):
    client = api(zone_user)
    zone_user.is_active = False
    zone_user.save()
    assert ApiToken.objects.get().revoked_at is not None  # at once, not only at the next use
    zone_user.is_active = True
    zone_user.save()
    assert client.get("/projects").status_code == 401


def test_each_token_is_throttled_with_a_chinese_429(api, zone_user, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE = "3/min"
    client = api(zone_user)
    assert [client.get("/projects").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/projects")
    assert response.status_code == 429
    assert response.json() == {"code": "throttled", "message": "请求过于频繁，请稍后再试。", "fields": {}}
    assert 1 <= int(response["Retry-After"]) <= 60
    # Per token: the same user's other token still has its own allowance.
    assert api(zone_user).get("/projects").status_code == 200
    cache.clear()


def test_a_browser_session_is_throttled_per_user(zone_user, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE = "2/min"
    web = Client()
    web.force_login(zone_user)
    assert [web.get("/api/v1/projects").status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


def test_the_rate_is_read_per_request(api, zone_user, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE = "1/min"
    client = api(zone_user)
    assert [client.get("/projects").status_code for _ in range(2)] == [200, 429]
    settings.API_RATE = "100/min"
    assert client.get("/projects").status_code == 200
    cache.clear()


def test_keys_made_before_the_change_are_bound_to_the_password(zone_user):
    """The migration's rule, applied through the service: the fingerprint is today's password hash."""
    from sanpi.api.services import password_fingerprint

    new = token_create(user=zone_user, name="x")
    assert new.token.password_fingerprint == password_fingerprint(zone_user)


def test_anonymous_calls_count_per_address_and_a_forged_forwarded_for_does_not_help(settings, db):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE = "2/min"
    anonymous = Client()
    statuses = [anonymous.get("/api/v1/ping", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()
