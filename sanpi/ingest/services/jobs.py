"""Import jobs: an uploaded workbook, previewed then applied by the task queue's consumer.

The web process stores the upload, writes the job row and enqueues a task (ingest/tasks.py); a
consumer (`sanpi run_huey`) runs `import_job_run`. A running step beats (sanpi/core/beats.py) with its
progress; the preview also writes its figures to the job row as it goes, and the apply — one
transaction, which on SQLite holds the only write lock — writes the row's final state in that same
transaction, so "applied" and the data commit together. A step that started but gave no sign of life
for JOB_STALE_SECONDS is marked failed when read (`import_job_check`, also a periodic task); its
transaction was rolled back with its worker, and the page offers a retry.
"""

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from sanpi.accounts.access import can_edit_ledger
from sanpi.core.beats import beat_read, beating
from sanpi.core.errors import Conflict, DomainError, Forbidden
from sanpi.core.uploads import WORKBOOK, check_upload, random_name

from ..exports import rows_export
from ..guard import WorkbookRefused, check_workbook
from ..models import ImportJob
from ..selectors import beat_name, import_job_get
from .ledger import ImportResult, ledger_import

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")
RUNNING = (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWING, ImportJob.Status.APPLYING)


def import_job_create(*, user, upload, kind: str = ImportJob.Kind.LEDGER, month: dt.date | None = None) -> ImportJob:
    """Store an uploaded workbook and queue its preview."""
    if kind == ImportJob.Kind.LEDGER and not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以导入项目台账。")
    name = Path(getattr(upload, "name", "") or "").name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": ["请上传 .xlsx、.xls 或 .csv 文件。"]})
    try:  # size, zip totals and sheet dimensions before anything parses it
        check_workbook(upload, name=name)
    except WorkbookRefused as exc:
        raise ValidationError({"file": [exc.reason]}) from None
    check_upload(upload, purpose=WORKBOOK, field="file")  # by content: stored as the type it really is
    job = ImportJob(user=user, kind=kind, original_name=name[:200], month=month, attempt=1)
    job.file.save(upload.name, upload, save=False)
    job.save()
    _enqueue(job.pk, attempt=1, apply=False, valid_only=False)
    job.refresh_from_db()
    return job


def import_job_apply(*, user, job_id: int, valid_only: bool = False) -> ImportJob:
    """Queue the application of a previewed job: all-or-nothing, or the valid rows only."""
    job = import_job_get(user=user, job_id=job_id)
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.APPLYING, phase=ImportJob.Phase.APPLY, done=0, attempt=F("attempt") + 1,
        started_at=None, heartbeat_at=None, message="",
        mode=ImportJob.Mode.VALID_ONLY if valid_only else ImportJob.Mode.ALL)
    if not claimed:
        raise Conflict("该导入任务不在“预览完成”状态，不能导入（可能已导入或正在处理）。")
    job.refresh_from_db()
    _enqueue(job.pk, attempt=job.attempt, apply=True, valid_only=valid_only)
    job.refresh_from_db()
    return job


def import_job_retry(*, user, job_id: int) -> ImportJob:
    """Queue a failed job's step again (its preview, or its apply in the mode chosen before)."""
    job = import_job_get(user=user, job_id=job_id)
    apply = job.phase == ImportJob.Phase.APPLY
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED, attempt=job.attempt).update(
        status=ImportJob.Status.APPLYING if apply else ImportJob.Status.UPLOADED, attempt=F("attempt") + 1,
        done=0, started_at=None, heartbeat_at=None, message="")
    if not claimed:
        raise Conflict("只有失败的导入任务可以重试。")
    job.refresh_from_db()
    _enqueue(job.pk, attempt=job.attempt, apply=apply, valid_only=job.mode == ImportJob.Mode.VALID_ONLY)
    job.refresh_from_db()
    return job


def _enqueue(job_id: int, *, attempt: int, apply: bool, valid_only: bool) -> None:
    from ..tasks import import_job_task

    import_job_task(job_id, attempt, apply, valid_only)


def import_job_check(*, job: ImportJob, now: dt.datetime | None = None) -> ImportJob:
    """Mark the job failed when its worker stopped giving signs of life (killed, machine lost).

    A job waiting in the queue (not started) is left alone: the consumer may be busy with another.
    """
    if not job.running or job.started_at is None:
        return job
    now = now or timezone.now()
    last = job.heartbeat_at or job.started_at
    if beat := beat_read(beat_name(job.pk, job.attempt)):
        last = max(last, dt.datetime.fromtimestamp(beat["at"], tz=dt.UTC))
    if (now - last).total_seconds() <= settings.JOB_STALE_SECONDS:
        return job
    message = (f"后台处理程序已中断（超过 {settings.JOB_STALE_SECONDS} 秒没有响应）。"
               + ("本次导入未写入任何数据。" if job.phase == ImportJob.Phase.APPLY else "") + "可以点击“重试”。")
    ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, status__in=RUNNING).update(
        status=ImportJob.Status.FAILED, message=message)
    job.refresh_from_db()
    return job


def import_jobs_check_all() -> int:
    """import_job_check over every started running job (the periodic task); how many were failed."""
    failed = 0
    for job in ImportJob.objects.filter(status__in=RUNNING, started_at__isnull=False):
        failed += import_job_check(job=job).status == ImportJob.Status.FAILED
    return failed


def import_job_run(*, job_id: int, attempt: int, apply: bool, valid_only: bool) -> ImportJob | None:
    """Run a job's step now (the task's body). Returns None when this attempt is no longer current."""
    now = timezone.now()
    expected = ImportJob.Status.APPLYING if apply else ImportJob.Status.UPLOADED
    started = ImportJob.objects.filter(pk=job_id, attempt=attempt, status=expected).update(
        status=ImportJob.Status.APPLYING if apply else ImportJob.Status.PREVIEWING,
        phase=ImportJob.Phase.APPLY if apply else ImportJob.Phase.PREVIEW, started_at=now, heartbeat_at=now,
        updated_at=now)
    if not started:
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    current = ImportJob.objects.filter(pk=job_id, attempt=attempt)
    delay = settings.IMPORT_TEST_DELAY

    with beating(beat_name(job_id, attempt)) as beat:
        def progress(done: int, total: int) -> None:
            beat.progress(done, total)
            if not apply:  # no transaction is open: the row can show it at once
                try:
                    current.update(done=done, total=total, heartbeat_at=timezone.now())
                except OperationalError:  # SQLite busy with another job's apply: the beat carries it
                    pass
            if delay:
                time.sleep(delay)

        try:
            if apply:
                # The final state commits with the data: a worker dying in between cannot leave
                # "applying" over applied data, or "applied" over rolled-back data.
                with transaction.atomic():
                    result = _run(job, apply=True, valid_only=valid_only, progress=progress)
                    status = ImportJob.Status.REJECTED if result.rejected else ImportJob.Status.APPLIED
                    if not _finish(job, attempt=attempt, status=status, result=result):
                        # Given up on and retried meanwhile: the retry writes the data, not this worker.
                        raise _Superseded()
            else:
                result = _run(job, apply=False, valid_only=False, progress=progress)
                _finish(job, attempt=attempt, status=ImportJob.Status.PREVIEWED, result=result)
        except _Superseded:
            return None
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
            _finish(job, attempt=attempt, status=ImportJob.Status.FAILED, message="；".join(messages))
        except DomainError as exc:
            _finish(job, attempt=attempt, status=ImportJob.Status.FAILED, message=exc.message)
        except Exception as exc:  # the page must show that the job stopped, not spin forever
            _finish(job, attempt=attempt, status=ImportJob.Status.FAILED,
                    message=f"处理失败：{exc.__class__.__name__}: {exc}。可以点击“重试”。")
            raise
    job.refresh_from_db()
    return job


class _Superseded(Exception):
    pass


def _run(job: ImportJob, *, apply: bool, valid_only: bool, progress) -> ImportResult:
    if job.kind == ImportJob.Kind.REPORTS:
        from .reports import reports_import

        return reports_import(user=job.user, path=job.file.path, month=job.month, apply=apply,
                              valid_only=valid_only, progress=progress)
    # An apply writes only where the project is still at the version its preview saw.
    pinned = (job.result or {}).get("versions") if apply else None
    checklist_pinned = (job.result or {}).get("checklist_versions") if apply else None
    return ledger_import(user=job.user, path=job.file.path, apply=apply, valid_only=valid_only, progress=progress,
                         source=job.original_name, pinned=pinned, checklist_pinned=checklist_pinned)


def _finish(job: ImportJob, *, attempt: int, status: str, result: ImportResult | None = None,
            message: str = "") -> int:
    now = timezone.now()
    fields = {"status": status, "message": message, "heartbeat_at": now, "updated_at": now}
    if result is not None:
        fields.update(result=result.to_json(), total=result.total, done=result.total,
                      created_count=result.created, updated_count=result.updated,
                      unchanged_count=result.unchanged, error_count=result.errors)
        if result.rejected:
            fields["message"] = f"有 {result.errors} 行存在错误，按“全部导入”方式未写入任何数据。"
        if result.error_rows:
            name = job.error_file.storage.save(f"imports/errors/{random_name('.xlsx')}",
                                               ContentFile(error_workbook_bytes(result)))
            fields["error_file"] = name
    # Only the current attempt may write: a worker given up on (marked failed, then retried) must not
    # overwrite the retry's state. 0 when superseded.
    return ImportJob.objects.filter(pk=job.pk, attempt=attempt).update(**fields)


def import_job_record(*, user, path: Path, result: ImportResult, apply: bool, valid_only: bool) -> ImportJob:
    """The audit row of a command-line import: the file, who ran it, the outcome."""
    if not apply:
        status = ImportJob.Status.PREVIEWED
    else:
        status = ImportJob.Status.REJECTED if result.rejected else ImportJob.Status.APPLIED
    now = timezone.now()
    job = ImportJob(user=user, kind=ImportJob.Kind.LEDGER, original_name=path.name[:200], via=ImportJob.Via.CLI,
                    phase=ImportJob.Phase.APPLY if apply else ImportJob.Phase.PREVIEW, attempt=1,
                    started_at=now, heartbeat_at=now,
                    mode=ImportJob.Mode.VALID_ONLY if valid_only else ImportJob.Mode.ALL)
    with path.open("rb") as handle:
        job.file.save(path.name, ContentFile(handle.read()), save=False)
    job.save()
    _finish(job, attempt=1, status=status, result=result)
    job.refresh_from_db()
    return job


def error_workbook_bytes(result: ImportResult) -> bytes:
    import io

    buffer = io.BytesIO()
    rows_export(target=buffer, title="未导入的行（修改后可重新导入；最后一列为错误原因）", headers=result.header,
                rows=(cells for _, cells, _ in result.error_rows), extra_header="错误原因",
                extra=(f"第{line}行：{reason}" for line, _, reason in result.error_rows))
    return buffer.getvalue()
