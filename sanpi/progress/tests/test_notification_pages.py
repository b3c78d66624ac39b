import datetime as dt
import io

import pytest
from django.core.management import call_command

from sanpi.api.models import ApiToken
from sanpi.progress.models import Notification
from sanpi.progress.tests.factories import reminder_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(enterprise_org, enterprise_user, zone_user):
    return reminder_world(enterprise_org)


def test_reminders_show_in_the_header_and_the_list_and_lead_to_the_reports(setup, client, zone_user):
    client.force_login(zone_user)
    assert 'data-testid="unread-badge"' not in client.get("/progress/notifications/").content.decode()
    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    page = client.get("/progress/notifications/").content.decode()
    assert '<span class="badge text-bg-warning" data-testid="unread-badge">1</span>' in page
    assert "辖区内 1 个项目逾期未报：安图三期。" in page and "未读 1" in page
    note = Notification.objects.get(user=zone_user)
    response = client.post(f"/progress/notifications/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/progress/reports/?year=2024&month=6"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="unread-badge"' not in client.get("/").content.decode()


def test_another_users_notification_cannot_be_marked(setup, client, zone_user, enterprise_user):
    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    client.force_login(zone_user)
    foreign = Notification.objects.get(user=enterprise_user)
    assert client.post(f"/progress/notifications/{foreign.pk}/read/").status_code == 404
    assert client.post("/progress/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=zone_user, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_token_page_creates_shows_the_key_once_lists_and_revokes(client, zone_user, enterprise_user):
    client.force_login(zone_user)
    assert 'href="/account/tokens/"' in client.get("/").content.decode()
    created = client.post("/account/tokens/", {"name": "统计系统对接"}).content.decode()
    token = ApiToken.objects.get(user=zone_user)
    assert 'data-testid="new-key"' in created and token.prefix in created
    listed = client.get("/account/tokens/").content.decode()
    assert "统计系统对接" in listed and 'data-testid="new-key"' not in listed
    assert "令牌名称不能为空。" in client.post("/account/tokens/", {"name": " "}).content.decode()
    client.force_login(enterprise_user)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(zone_user)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert dt.date.today() >= token.revoked_at.date()
