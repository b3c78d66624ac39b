"""Import jobs: an uploaded workbook, previewed then applied in a background thread.

The page starts the work and polls the job row. A preview writes its progress to the job row as
it goes; an apply runs in one transaction, so its progress is kept in this process (LIVE) until
it commits — a poll served by this process shows it, the row gets the final figures.
"""

import datetime as dt
import threading
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections, transaction

from sanpi.accounts.access import can_edit_ledger
from sanpi.core.errors import Conflict, DomainError, Forbidden

from ..exports import rows_export
from ..models import ImportJob
from ..selectors import import_job_get
from .ledger import ImportResult, ledger_import

RUN_IN_THREAD = True  # tests set False to run the work in the request
LIVE: dict[int, tuple[int, int]] = {}
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")


def import_job_create(*, user, upload, kind: str = ImportJob.Kind.LEDGER, month: dt.date | None = None) -> ImportJob:
    """Store an uploaded workbook and start its preview."""
    if kind == ImportJob.Kind.LEDGER and not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以导入项目台账。")
    name = Path(getattr(upload, "name", "") or "").name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": ["请上传 .xlsx、.xls 或 .csv 文件。"]})
    job = ImportJob(user=user, kind=kind, original_name=name[:200], month=month)
    job.file.save(name, upload, save=False)
    job.save()
    _spawn(job.pk, apply=False, valid_only=False)
    job.refresh_from_db()
    return job


def import_job_apply(*, user, job_id: int, valid_only: bool = False) -> ImportJob:
    """Apply a previewed job: all-or-nothing, or the valid rows only."""
    job = import_job_get(user=user, job_id=job_id)
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
            status=ImportJob.Status.APPLYING, done=0,
            mode=ImportJob.Mode.VALID_ONLY if valid_only else ImportJob.Mode.ALL)
    if not claimed:
        raise Conflict("该导入任务不在“预览完成”状态，不能导入（可能已导入或正在处理）。")
    _spawn(job.pk, apply=True, valid_only=valid_only)
    job.refresh_from_db()
    return job


def _spawn(job_id: int, *, apply: bool, valid_only: bool) -> None:
    if not RUN_IN_THREAD:
        import_job_run(job_id=job_id, apply=apply, valid_only=valid_only)
        return

    def target() -> None:
        close_old_connections()
        try:
            import_job_run(job_id=job_id, apply=apply, valid_only=valid_only)
        finally:
            connections.close_all()

    threading.Thread(target=target, name=f"import-job-{job_id}", daemon=True).start()


def import_job_run(*, job_id: int, apply: bool, valid_only: bool) -> ImportJob:
    """Do a job's preview or apply now (the thread's body; the command line calls it directly)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if not apply:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWING)

    def progress(done: int, total: int) -> None:
        LIVE[job.pk] = (done, total)
        if not apply:  # outside any transaction: visible to the polling page at once
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = _run(job, apply=apply, valid_only=valid_only, progress=progress)
    except ValidationError as exc:
        messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
        _finish(job, status=ImportJob.Status.FAILED, message="；".join(messages))
    except DomainError as exc:
        _finish(job, status=ImportJob.Status.FAILED, message=exc.message)
    except Exception as exc:  # the page must show that the job stopped, not spin forever
        _finish(job, status=ImportJob.Status.FAILED, message=f"处理失败：{exc.__class__.__name__}: {exc}")
        if not RUN_IN_THREAD:
            raise
    else:
        if not apply:
            status = ImportJob.Status.PREVIEWED
        else:
            status = ImportJob.Status.REJECTED if result.rejected else ImportJob.Status.APPLIED
        _finish(job, status=status, result=result)
    finally:
        LIVE.pop(job.pk, None)
    job.refresh_from_db()
    return job


def _run(job: ImportJob, *, apply: bool, valid_only: bool, progress) -> ImportResult:
    if job.kind == ImportJob.Kind.REPORTS:
        from .reports import reports_import

        return reports_import(user=job.user, path=job.file.path, month=job.month, apply=apply,
                              valid_only=valid_only, progress=progress)
    # An apply writes only where the project is still at the version its preview saw.
    pinned = (job.result or {}).get("versions") if apply else None
    return ledger_import(user=job.user, path=job.file.path, apply=apply, valid_only=valid_only, progress=progress,
                         source=job.original_name, pinned=pinned)


def _finish(job: ImportJob, *, status: str, result: ImportResult | None = None, message: str = "") -> None:
    job.status = status
    job.message = message
    if result is not None:
        job.result = result.to_json()
        job.total = job.done = result.total
        job.created_count, job.updated_count = result.created, result.updated
        job.unchanged_count, job.error_count = result.unchanged, result.errors
        if result.rejected:
            job.message = f"有 {result.errors} 行存在错误，按“全部导入”方式未写入任何数据。"
        if result.error_rows:
            job.error_file.save(f"错误行-{job.pk}.xlsx", ContentFile(error_workbook_bytes(result)), save=False)
    job.save()


def error_workbook_bytes(result: ImportResult) -> bytes:
    import io

    buffer = io.BytesIO()
    rows_export(target=buffer, title="未导入的行（修改后可重新导入；最后一列为错误原因）", headers=result.header,
                rows=(cells for _, cells, _ in result.error_rows), extra_header="错误原因",
                extra=(f"第{line}行：{reason}" for line, _, reason in result.error_rows))
    return buffer.getvalue()
