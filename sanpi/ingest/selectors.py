"""Reads of the ingest app: a user's import jobs and their live progress."""

from django.db.models import QuerySet

from sanpi.accounts.access import access_import_job

from .models import ImportJob


def import_job_list(*, user, limit: int = 20) -> QuerySet:
    return ImportJob.objects.filter(user=user).order_by("-id")[:limit]


# The decision lives in accounts.access; the name stays for the pages and services that use it.
import_job_get = access_import_job


def import_job_progress(*, job: ImportJob) -> tuple[int, int]:
    """(done, total): the running apply's in-process figures when this process runs it, else the row's."""
    from .services.jobs import LIVE

    return LIVE.get(job.pk, (job.done, job.total))
