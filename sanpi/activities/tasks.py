"""The activities app's queue tasks (found by `sanpi run_huey`)."""

from huey.contrib.djhuey import db_task

from sanpi.accounts.models import User

from . import services


@db_task()
def period_close_task(user_id: int, period_id: int) -> int:
    """Close a period and freeze its statistics (queued by services.period_close_request)."""
    return services.period_close(user=User.objects.get(pk=user_id), period_id=period_id).pk
