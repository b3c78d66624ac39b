"""Finding 6 (sign-in): unlimited password guessing and weak new passwords.

Before: 50 wrong passwords were answered normally and the 51st, right one signed in; `12345678` was
accepted as a new password.
"""

import pytest
from django.core.management import call_command

from sanpi.testing import make_user

PASSWORD = "demo12345"
LOCKED = "登录已暂时锁定"


def sign_in(client, username, password, path="/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


@pytest.fixture
def jingkai(db):
    return make_user("jingkai", role="zone", region="410171")


def test_51_wrong_passwords_then_the_right_one_is_refused(client, jingkai, settings):
    statuses = [sign_in(client, "jingkai", f"wrong{i}").status_code for i in range(51)]
    # Form errors (200) until the limit, then the lockout page (429) for every further attempt.
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT:]) == {429}

    response = sign_in(client, "jingkai", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text and "10 次" in text and "30 分钟" in text and "联系系统管理员解锁" in text
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not signed in


def test_the_admin_login_is_locked_too(client, jingkai):
    for i in range(10):
        sign_in(client, "jingkai", f"wrong{i}", path="/admin/login/")
    response = sign_in(client, "jingkai", PASSWORD, path="/admin/login/")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_the_command_unlocks_a_username(client, jingkai):
    for i in range(12):
        sign_in(client, "jingkai", f"wrong{i}")
    assert sign_in(client, "jingkai", PASSWORD).status_code == 429
    call_command("axes_reset_username", "jingkai", stdout=None)
    response = sign_in(client, "jingkai", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/start/")  # the role's start page


def test_an_administrator_unlocks_in_the_admin(client, jingkai, admin_user):
    from axes.models import AccessAttempt

    for i in range(10):
        sign_in(client, "jingkai", f"wrong{i}")
    assert sign_in(client, "jingkai", PASSWORD).status_code == 429

    admin = type(client)()
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "jingkai" in listing.content.decode()
    assert "登录失败记录（删除即解锁）" in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.filter(username="jingkai").values_list("pk", flat=True)]
    response = admin.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids,
                                                          "post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, "jingkai", PASSWORD).status_code == 302


def test_one_address_guessing_many_usernames_is_locked_and_others_are_not(client, jingkai):
    for i in range(10):
        sign_in(client, f"guess{i}", "demo12345")  # password spraying: one try per username
    # The address is locked, even for a real user's right password...
    assert sign_in(client, "jingkai", PASSWORD).status_code == 429
    # ...while the same user from another address is not.
    other = type(client)(REMOTE_ADDR="10.1.2.3")
    assert sign_in(other, "jingkai", PASSWORD).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, jingkai, settings):
    settings.BEHIND_PROXY = True
    for i in range(10):
        # A client cannot dodge the per-address count by forging the left part of X-Forwarded-For.
        sign_in(client, f"guess{i}", "x", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 203.0.113.7")
    assert sign_in(client, "jingkai", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert sign_in(client, "jingkai", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


@pytest.mark.parametrize(("password", "message"), [
    ("12345678", "密码太短，至少需要 10 个字符。"),
    ("1234567890", "密码只包含数字。"),
    ("password123", "这个密码太常见了。"),
    ("jingkai12345", "密码跟 用户名 太相似了。"),
])
def test_weak_new_passwords_are_refused_in_chinese(client, jingkai, password, message):
    client.force_login(jingkai)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": password,
                                          "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    jingkai.refresh_from_db()
    assert jingkai.check_password(PASSWORD)


def test_a_strong_new_password_is_accepted(client, jingkai):
    client.force_login(jingkai)
    new = "河南项目调度-春分2026"
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    jingkai.refresh_from_db()
    assert jingkai.check_password(new)


def test_the_admin_validates_passwords_it_sets(client, jingkai, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{jingkai.pk}/password/",
                           {"password1": "12345678", "password2": "12345678", "usable_password": "true"})
    assert response.status_code == 200 and "密码太短，至少需要 10 个字符。" in response.content.decode()
    jingkai.refresh_from_db()
    assert jingkai.check_password(PASSWORD)
