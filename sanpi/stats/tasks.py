"""The stats app's queue tasks (found by `sanpi run_huey`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .selectors import dashboard_figures, dashboard_refresh_all


@db_periodic_task(crontab(minute="*/5"))
def stats_refresh_task() -> int:
    """Every scope's dashboard figures, recomputed every 5 minutes (was a cron line)."""
    return len(dashboard_refresh_all(today=timezone.localdate()))


@db_task()
def stats_scope_refresh_task(user_id: int, day: str) -> None:
    """One scope's figures, recomputed after a reader found its snapshot old (selectors._queue_refresh)."""
    import datetime as dt

    from sanpi.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).select_related("region").first()
    if user is not None:
        dashboard_figures(user=user, today=dt.date.fromisoformat(day), refresh=True)
