"""The ingest app's queue tasks (found by `sanpi run_huey`): import steps and the dead-worker check."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import export_jobs, jobs


@db_task()
def import_job_task(job_id: int, attempt: int, apply: bool, valid_only: bool) -> None:
    jobs.import_job_run(job_id=job_id, attempt=attempt, apply=apply, valid_only=valid_only)


@db_task()
def export_job_task(job_id: int) -> None:
    export_jobs.export_job_run(job_id=job_id)


@db_periodic_task(crontab(minute="*"))
def import_jobs_check_task() -> int:
    """Fail jobs whose worker died, even when nobody is looking at their page."""
    return jobs.import_jobs_check_all()
