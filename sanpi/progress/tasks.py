"""The progress app's queue tasks (found by `sanpi run_huey`): what the README's cron lines did."""

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .evaluation import evaluate_month
from .services import reminders_send


def last_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


@db_periodic_task(crontab(hour="6", minute="0"))
def reminders_task() -> dict:
    """Monthly-report reminders, daily at 06:00."""
    return reminders_send(today=timezone.localdate())


@db_task()
def alerts_evaluate_task(year: int, month: int) -> dict:
    result = evaluate_month(year=year, month=month)
    return {k: result[k] for k in ("projects", "red", "yellow", "green")}


@db_periodic_task(crontab(day="6", hour="2", minute="0"))
def alerts_monthly_task() -> dict:
    """Last month's lights, on the 6th at 02:00 (reports are due on the 5th)."""
    year, month = last_month(timezone.localdate())
    return alerts_evaluate_task.call_local(year, month)
