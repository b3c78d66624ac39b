"""Periodic work of the API app, run by the task queue's consumer (`sanpi run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import idempotency_keys_purge


@db_periodic_task(crontab(minute="17"))
def idempotency_keys_purge_task() -> int:
    """Hourly: Idempotency-Key records past their 24 hours (an expired key is ignored on use anyway)."""
    return idempotency_keys_purge()
