"""Reads of the ingest app: a user's import jobs and their live progress."""

from django.db.models import QuerySet

from sanpi.accounts.access import access_export_job, access_import_job
from sanpi.core.beats import beat_read

from .models import ExportJob, ImportJob


def import_job_list(*, user, limit: int | None = 20) -> QuerySet:
    """The user's own import jobs, newest first (`limit=None`: all of them, for a paged list)."""
    qs = ImportJob.objects.filter(user=user).order_by("-id")
    return qs if limit is None else qs[:limit]


# The decision lives in accounts.access; the name stays for the pages and services that use it.
import_job_get = access_import_job


def beat_name(job_id: int, attempt: int) -> str:
    return f"import:{job_id}:{attempt}"


def import_job_progress(*, job: ImportJob) -> tuple[int, int]:
    """(done, total) of a running step from its worker's last beat (any app server sees it: the beats
    live in the queue's shared storage), else the row's figures."""
    if job.running and (beat := beat_read(beat_name(job.pk, job.attempt))):
        return beat["done"], beat["total"] or job.total
    return job.done, job.total


def export_beat_name(job_id: int) -> str:
    return f"export:{job_id}"




# The decision lives in accounts.access, as for import jobs.
export_job_get = access_export_job


def export_job_progress(*, job: ExportJob) -> int:
    if job.running and (beat := beat_read(export_beat_name(job.pk))):
        return beat["done"]
    return job.done
