import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from sanpi.progress.models import Notification

from .factories import make_reports, reminder_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(enterprise_org, enterprise_user, zone_user):
    return reminder_world(enterprise_org)

def test_before_the_due_date_filers_are_reminded_once(setup, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("reminders", "--today", "2024-07-03", stdout=out)
    assert out.getvalue().strip() == "已发送站内通知 2 条、邮件 1 封。"
    note = Notification.objects.get(user__username="enterprise_t")
    assert (note.kind, note.year, note.month) == ("due_soon", 2024, 6)
    assert note.text == "2024年6月月报将于 2024-07-05 截止，您单位尚有 1 个项目未报送：安图三期。"
    assert note.link == "/progress/reports/?year=2024&month=6"
    assert [m.to for m in mail.outbox] == [["enterprise_t@example.invalid"]]
    message = mail.outbox[0]
    assert message.subject == "【三批】2024年6月月报即将到期：1 个项目（截止 2024-07-05）"
    assert "安图三期" in message.body and "2024-07-05" in message.body
    assert "http://127.0.0.1:8000/progress/reports/?year=2024&month=6" in message.body
    call_command("reminders", "--today", "2024-07-04", stdout=io.StringIO())
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1


def test_after_the_due_date_filers_and_the_zone_are_told(setup):
    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    texts = dict(Notification.objects.values_list("user__username", "text"))
    assert texts["enterprise_t"] == "2024年6月月报已于 2024-07-05 截止，您单位尚有 1 个项目未报送：安图三期，请尽快填报。"
    assert texts["jingkai_t"] == "2024年6月月报已截止（2024-07-05），辖区内 1 个项目逾期未报：安图三期。"


def test_todo_and_the_reminder_count_the_same_projects(setup, zone_user, enterprise_user, client):
    from sanpi.progress.selectors import todo_for

    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    for user in (zone_user, enterprise_user):
        todo = todo_for(user=user, today=dt.date(2024, 7, 8))
        note = Notification.objects.get(user=user)
        assert [p.name for p in todo["to_file"]] == ["安图三期"]
        assert f" {todo['to_file'].count()} 个项目" in note.text


def test_nothing_is_sent_when_every_report_is_in(setup):
    missing, filed = setup
    make_reports(missing, 2024, ["1"] * 5)
    call_command("reminders", "--today", "2024-06-20", stdout=io.StringIO())
    assert not Notification.objects.exists()
