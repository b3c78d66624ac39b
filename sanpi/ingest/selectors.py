"""Reads of the ingest app: a user's import jobs and their live progress."""

from django.db.models import QuerySet

from sanpi.core.errors import NotFound

from .models import ImportJob


def import_job_list(*, user, limit: int = 20) -> QuerySet:
    return ImportJob.objects.filter(user=user).order_by("-id")[:limit]


def import_job_get(*, user, job_id) -> ImportJob:
    """The job if it is the user's own (a superuser sees every job); NotFound otherwise."""
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    job = ImportJob.objects.filter(pk=pk).select_related("user").first()
    if job is None or (job.user_id != user.pk and not user.is_superuser):
        raise NotFound()
    return job


def import_job_progress(*, job: ImportJob) -> tuple[int, int]:
    """(done, total): the running apply's in-process figures when this process runs it, else the row's."""
    from .services.jobs import LIVE

    return LIVE.get(job.pk, (job.done, job.total))
