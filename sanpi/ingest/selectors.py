"""Reads of the ingest app: a user's import jobs and their live progress."""

from django.db.models import QuerySet

from sanpi.core.beats import beat_read
from sanpi.core.errors import NotFound

from .models import ExportJob, ImportJob


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


def export_job_get(*, user, job_id) -> ExportJob:
    """The user's own export job (NotFound otherwise, as for import jobs)."""
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    job = ExportJob.objects.filter(pk=pk).first()
    if job is None or (job.user_id != user.pk and not user.is_superuser):
        raise NotFound()
    return job


def export_job_progress(*, job: ExportJob) -> int:
    if job.running and (beat := beat_read(export_beat_name(job.pk))):
        return beat["done"]
    return job.done
