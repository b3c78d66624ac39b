"""Pages of /ingest/: upload → preview → apply (with htmx progress), exports. Bulletin extraction: extract_views."""

import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sanpi.accounts.access import can_edit_ledger
from sanpi.core.downloads import file_response, protect
from sanpi.core.errors import Conflict, DomainError, Forbidden, NotFound
from sanpi.web.listing import page_of, sort_from

from . import exports
from .models import ImportJob
from .selectors import (
    export_job_get,
    export_job_progress,
    import_job_get,
    import_job_list,
    import_job_progress,
)
from .services import export_jobs, jobs

JOB_SORTS = {"name": "original_name", "kind": "kind", "status": "status", "created_count": "created_count",
             "updated_count": "updated_count", "error_count": "error_count", "created": "created_at"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for ms in exc.message_dict.values() for m in ms]
    return exc.messages


def _domain(exc: DomainError):
    """NotFound and Forbidden are pages of their own (sanpi.core.middleware); others a message."""
    if isinstance(exc, (NotFound, Forbidden)):
        raise exc


def _workbook_response(write, filename: str) -> FileResponse:
    """Write a workbook into a temporary file (constant memory) and send it."""
    handle = tempfile.TemporaryFile()
    write(handle)
    handle.seek(0)
    return protect(FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX))


def _last_month() -> dt.date:
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@login_required
def home(request):
    """The 导入导出 section's home: each tool the role may use, and the user's recent imports."""
    from sanpi.accounts.access import is_global
    from sanpi.accounts.models import User
    from sanpi.activities.selectors import period_list

    user = request.user
    can_edit = can_edit_ledger(user)
    is_enterprise = not is_global(user) and user.role == User.Role.ENTERPRISE
    return render(request, "ingest/home.html", {
        "can_edit": can_edit,
        # the monthly workbook is for whoever fills in reports: the offices and the enterprise
        "can_report": can_edit or is_enterprise,
        # period lists are the offices' and leaders' business; the enterprise's menu hides them
        "periods": [] if is_enterprise else list(period_list(user=user)[:5]),
        "month": f"{_last_month():%Y-%m}",
        "jobs": import_job_list(user=user, limit=10),
    })


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    kind = request.POST.get("kind") or request.GET.get("kind") or ImportJob.Kind.LEDGER
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的工作簿文件。")
        else:
            try:
                month = _month(request.POST.get("month")) if kind == ImportJob.Kind.REPORTS else None
                job = jobs.import_job_create(user=request.user, upload=upload, kind=kind, month=month)
            except ValidationError as exc:
                for message in _errors(exc):
                    messages.error(request, message)
            except DomainError as exc:
                _domain(exc)
                messages.error(request, exc.message)
            else:
                return redirect("ingest:import_preview", job_id=job.pk)
    sort = sort_from(request.GET, JOB_SORTS, "-created")
    return render(request, "ingest/upload.html", {
        "jobs": page_of(sort.order(import_job_list(user=request.user, limit=None)), request.GET), "sort": sort.key,
        "kind": kind, "can_edit": can_edit_ledger(request.user),
        "month": f"{_last_month():%Y-%m}",
    })


def _month(text: str | None) -> dt.date:
    try:
        return dt.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        raise ValidationError({"month": ["请选择月份（YYYY-MM）。"]}) from None


@login_required
def import_preview(request, job_id: int):
    job = import_job_get(user=request.user, job_id=job_id)
    job = jobs.import_job_check(job=job)  # a job whose worker died shows as failed, with a retry
    done, total = import_job_progress(job=job)
    context = {"job": job, "done": done, "total": total,
               "percent": int(done * 100 / total) if total else 0, "result": job.result}
    if request.headers.get("HX-Request"):
        if not job.running:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"  # the full page shows the finished preview
            return response
        return render(request, "ingest/_progress.html", context)
    return render(request, "ingest/preview.html", context)


@login_required
@require_POST
def import_apply(request, job_id: int):
    valid_only = request.POST.get("mode") == ImportJob.Mode.VALID_ONLY
    try:
        jobs.import_job_apply(user=request.user, job_id=job_id, valid_only=valid_only)
    except Conflict as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        _domain(exc)
        messages.error(request, exc.message)
    return redirect("ingest:import_preview", job_id=job_id)


@login_required
@require_POST
def import_retry(request, job_id: int):
    try:
        jobs.import_job_retry(user=request.user, job_id=job_id)
    except Conflict as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        _domain(exc)
        messages.error(request, exc.message)
    return redirect("ingest:import_preview", job_id=job_id)


@login_required
def import_errors(request, job_id: int):
    job = import_job_get(user=request.user, job_id=job_id)
    if not job.error_file:
        raise NotFound("该导入任务没有错误行。")
    stem = Path(job.original_name or "导入").stem  # 错误行-filled.xlsx, never 错误行-filled.xlsx.xlsx
    return file_response(job.error_file, filename=f"错误行-{stem}.xlsx")


@login_required
def export_ledger(request):
    """The ledger as the project list shows it: the list page's query string is passed on unchanged."""
    projects = export_jobs.ledger_projects(user=request.user, params=request.GET)
    if projects is not None and (total := projects.count()) > settings.EXPORT_QUEUE_ROWS:
        job = export_jobs.export_job_create(user=request.user, params=request.GET, total=total)
        return redirect("ingest:export_job", job_id=job.pk)
    name = f"项目台账-{timezone.localdate():%Y%m%d}.xlsx"
    return _workbook_response(
        lambda handle: export_jobs.ledger_workbook(user=request.user, params=request.GET, target=handle,
                                                   projects=projects),
        name)


@login_required
def export_list(request, kind: str):
    """The rows a list page shows (its query string passed on unchanged), as a workbook: streamed when
    small, queued with progress above EXPORT_QUEUE_ROWS rows."""
    from sanpi.web.lists import SPECS

    if (spec := SPECS.get(kind)) is None:
        raise NotFound("没有这个列表。")
    _, rows = spec.query(user=request.user, params=request.GET)
    if (total := rows.count()) > settings.EXPORT_QUEUE_ROWS:
        job = export_jobs.export_job_create(user=request.user, params=request.GET, total=total, spec=spec)
        return redirect("ingest:export_job", job_id=job.pk)
    return _workbook_response(
        lambda handle: exports.list_export(spec=spec, user=request.user, params=request.GET, target=handle),
        f"{spec.title}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def export_job(request, job_id: int):
    """A queued large export: its progress while the consumer writes it, then the download."""
    job = export_job_get(user=request.user, job_id=job_id)
    job = export_jobs.export_job_check(job=job)
    context = {"job": job, "done": export_job_progress(job=job)}
    if request.headers.get("HX-Request"):
        if not job.running:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "ingest/_export_progress.html", context)
    return render(request, "ingest/export_job.html", context)


@login_required
def export_job_file(request, job_id: int):
    job = export_job_get(user=request.user, job_id=job_id)
    if job.status != job.Status.DONE or not job.file:
        raise NotFound("导出尚未完成。")
    return file_response(job.file, filename=job.filename)


@login_required
def export_period(request, period_id: int):
    from sanpi.accounts.access import access_period

    period = access_period(user=request.user, period_id=period_id)
    region = request.GET.get("region") or None
    return _workbook_response(
        lambda handle: exports.period_export(user=request.user, period_id=period.pk, target=handle, region=region),
        f"第{period.number}期三个一批清单.xlsx")


@login_required
def export_reports(request):
    from .services.reports import reports_workbook

    try:
        month = _month(request.GET.get("month"))
    except ValidationError:
        month = _last_month()
    return _workbook_response(
        lambda handle: reports_workbook(user=request.user, month=month, target=handle,
                                        region=request.GET.get("region") or None),
        f"月报-{month:%Y-%m}.xlsx")


@login_required
def export_uncounted(request):
    """应统未统 as a workbook: the same rows as the page (the user's scope, optional ?region=)."""
    today = timezone.localdate()
    return _workbook_response(
        lambda handle: exports.uncounted_export(user=request.user, target=handle, as_of=today,
                                                region=request.GET.get("region") or None),
        f"应统未统项目-{today:%Y%m%d}.xlsx")
