import io

import pytest
from django.core.management import call_command

from sanpi.progress.models import Notification
from sanpi.progress.tests.factories import reminder_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(enterprise_org, enterprise_user, zone_user):
    return reminder_world(enterprise_org)


def test_notifications_appear_in_the_api_and_can_be_marked_read(setup, zone_user, enterprise_user, api):
    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    client = api(zone_user)
    body = client.get("/notifications").json()
    assert body["unread"] == 1 and [n["kind"] for n in body["items"]] == ["overdue"]
    note = body["items"][0]
    assert note["link"] == "/progress/reports/?year=2024&month=6" and "安图三期" in note["text"]
    foreign = Notification.objects.get(user=enterprise_user)
    assert client.post(f"/notifications/{foreign.pk}/read").status_code == 404
    assert client.post(f"/notifications/{note['id']}/read").json()["read_at"] is not None
    assert client.get("/notifications").json()["unread"] == 0
    assert client.get("/notifications", unread_only="true").json()["items"] == []
    assert api(enterprise_user).post("/notifications/read-all").json() == {"marked": 1, "unread": 0}

