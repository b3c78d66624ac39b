"""待办 and the overdue reminder count the same projects, for every demo office and enterprise user."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.accounts.models import User
from sanpi.progress import demo
from sanpi.progress.models import Notification
from sanpi.progress.selectors import todo_for
from sanpi.progress.services.reminders import reminders_send
from sanpi.projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=60)
        demo.build()
        yield
        reset_database_baseline()


def test_todo_and_reminders_agree_for_each_demo_user(built):
    today = timezone.localdate()
    after_due = today.replace(day=9)  # last month's reports are overdue (due the 5th)
    reminders_send(today=after_due)
    notes = dict(Notification.objects.filter(kind="overdue").values_list("user_id", "text"))
    checked = 0
    # offices with a region and enterprise users (the superuser "admin" is no office: it gets no reminder)
    for user in User.objects.filter(role__in=["zone", "enterprise"], is_active=True, is_superuser=False):
        count = todo_for(user=user, today=after_due)["to_file"].count()
        text = notes.get(user.pk)
        if count == 0:
            assert text is None, (user.username, text)
            continue
        assert text is not None, (user.username, user.role, user.region_id, count)
        told = int(re.search(r"(\d+) 个项目", text).group(1))
        assert told == count, (user.username, told, count)
        checked += 1
    assert checked >= 2
    zone = User.objects.get(username="jingkai")
    assert zone.pk in notes and todo_for(user=zone, today=after_due)["to_file"].count() > 0
    assert dt.date(after_due.year, after_due.month, 1) <= after_due
