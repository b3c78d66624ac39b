import io

import pytest
from django.core import mail
from django.core.management import call_command

from sanpi.progress.models import Notification
from sanpi.testing import make_project, make_user

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(enterprise_org, enterprise_user, zone_user):
    missing = make_project(owner=enterprise_org)
    make_plan(missing, 2024)
    filed = make_project(owner=enterprise_org)
    make_plan(filed, 2024)
    make_reports(filed, 2024, ["1"] * 6)
    quiet = make_user("no_mail", role="enterprise", organisation=enterprise_org)
    quiet.email = ""
    quiet.save()
    return missing, filed


def test_before_the_due_date_filers_are_reminded_once(setup, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("reminders", "--today", "2024-07-03", stdout=out)
    assert out.getvalue().strip() == "已发送站内通知 2 条、邮件 1 封。"
    note = Notification.objects.get(user__username="enterprise_t")
    assert (note.kind, note.year, note.month) == ("due_soon", 2024, 6)
    assert note.text == "2024年6月月报将于 2024-07-05 截止，您单位尚有 1 个项目未报送。"
    assert [m.to for m in mail.outbox] == [["enterprise_t@example.invalid"]]
    call_command("reminders", "--today", "2024-07-04", stdout=io.StringIO())
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1


def test_after_the_due_date_filers_and_the_zone_are_told(setup):
    call_command("reminders", "--today", "2024-07-08", stdout=io.StringIO())
    texts = dict(Notification.objects.values_list("user__username", "text"))
    assert texts["enterprise_t"] == "2024年6月月报已于 2024-07-05 截止，您单位尚有 1 个项目未报送，请尽快填报。"
    assert texts["jingkai_t"] == "2024年6月月报已截止（2024-07-05），辖区内 1 个项目逾期未报。"


def test_nothing_is_sent_when_every_report_is_in(setup):
    missing, filed = setup
    make_reports(missing, 2024, ["1"] * 5)
    call_command("reminders", "--today", "2024-06-20", stdout=io.StringIO())
    assert not Notification.objects.exists()
