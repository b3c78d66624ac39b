"""The queue's tasks: what runs when (the periodic ones replace the README's cron lines), and work a
page hands to the queue instead of doing it in the request."""

import datetime as dt

import pytest
from django.urls import reverse

from sanpi.activities import services as activity_services
from sanpi.activities.models import Period
from sanpi.activities.tasks import period_close_task
from sanpi.ingest.tasks import import_jobs_check_task
from sanpi.progress.models import EvaluationRun
from sanpi.progress.tasks import alerts_monthly_task, last_month, reminders_task
from sanpi.stats.models import DashboardSnapshot
from sanpi.stats.tasks import stats_refresh_task
from sanpi.testing_processes import real_queue

pytestmark = pytest.mark.django_db


def at(*args) -> dt.datetime:
    return dt.datetime(*args)


def due(task, when: dt.datetime) -> bool:
    return task.s().validate_datetime(when)


def test_periodic_schedules():
    assert due(stats_refresh_task, at(2026, 12, 1, 9, 35))
    assert not due(stats_refresh_task, at(2026, 12, 1, 9, 36))
    assert due(reminders_task, at(2026, 12, 1, 6, 0))
    assert not due(reminders_task, at(2026, 12, 1, 7, 0))
    assert due(alerts_monthly_task, at(2026, 12, 6, 2, 0))
    assert not due(alerts_monthly_task, at(2026, 12, 5, 2, 0))
    assert due(import_jobs_check_task, at(2026, 12, 5, 2, 17))
    assert last_month(dt.date(2026, 1, 6)) == (2025, 12)


def test_periodic_bodies_do_their_work(province_user):
    assert stats_refresh_task.call_local() >= 1
    assert DashboardSnapshot.objects.filter(scope="region:410000").exists()
    assert set(reminders_task.call_local()) >= {"notifications", "emails"}
    result = alerts_monthly_task.call_local()
    year, month = last_month(dt.date.today())
    assert EvaluationRun.objects.filter(year=year, month=month).exists() and "red" in result


def test_closing_a_period_from_the_page_is_queued_not_done_in_the_request(client, province_user, tmp_path):
    period = activity_services.period_create(user=province_user, number=12, held_on=dt.date(2024, 4, 2),
                                             host_region="410000", status="open")
    client.force_login(province_user)
    with real_queue(tmp_path) as huey:  # no consumer: the task waits in the queue
        page = client.post(reverse("activities:period_close", args=[period.pk]), follow=True).content.decode()
        assert "正在关闭本期并冻结统计数据" in page
        assert Period.objects.get(pk=period.pk).status == "open" and huey.pending_count() == 1
        task = huey.dequeue()
        assert task.name.endswith("period_close_task")
        period_close_task.call_local(*task.args)  # what the consumer runs (without its connection reset)
    period.refresh_from_db()
    assert period.status == "closed" and period.snapshots.count() == 1


def test_demo_serves_with_the_consumer_beside_it_and_stops_it_with_the_server(monkeypatch):
    from sanpi.projects.management.commands import demo as demo_command

    started = []

    class FakeConsumer:
        pid = 4242
        terminated = False

        def __init__(self, args):
            self.args = args
            started.append(self)

        def terminate(self):
            self.terminated = True

        def wait(self, timeout):
            return 0

    def fake_call(name, *args, **kwargs):
        if name == "runserver":
            assert started and not started[0].terminated  # the consumer runs while the server does
            raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setattr(demo_command.subprocess, "Popen", FakeConsumer)
    monkeypatch.setattr(demo_command, "call_command", fake_call)
    monkeypatch.setattr(demo_command.demo, "build", lambda **kwargs: None)
    monkeypatch.setattr(demo_command, "DEMO_APPS", [])
    with pytest.raises(KeyboardInterrupt):
        demo_command.Command().handle(no_serve=False, addr="127.0.0.1:8000")
    assert started[0].args[-1] == "run_huey" and started[0].terminated
