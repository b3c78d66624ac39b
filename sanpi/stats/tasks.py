"""The stats app's queue tasks (found by `sanpi run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .selectors import dashboard_refresh_all


@db_periodic_task(crontab(minute="*/5"))
def stats_refresh_task() -> int:
    """Every scope's dashboard figures, recomputed every 5 minutes (was a cron line)."""
    return len(dashboard_refresh_all(today=timezone.localdate()))
