"""Large ledger exports, written by the task queue's consumer instead of inside a web request.

A ledger of EXPORT_QUEUE_ROWS projects or fewer is still streamed by the request (seconds); above
that the page queues an ExportJob and polls it. The worker beats as an import does; a started export
whose beats stopped for JOB_STALE_SECONDS is failed when its page is read (export again to retry).
"""

import datetime as dt
import tempfile

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from sanpi.core.beats import beat_read, beating

from ..exports import ledger_export, list_export
from ..models import ExportJob
from ..selectors import export_beat_name


def ledger_projects(*, user, params: QueryDict):
    """The projects the project list shows for `params` (its query string); None without the statistics
    app (the export then filters as the plain project list does)."""
    try:
        from sanpi.stats.ledger import LedgerQuery, ledger_queryset
    except ImportError:
        return None
    return ledger_queryset(user=user, query=LedgerQuery.from_params(params))


def ledger_workbook(*, user, params: QueryDict, target, projects=None, progress=None) -> int:
    """The ledger workbook of the list page's `params`, with its 前期手续 and 资金到位 sheets: the one
    function the streamed download and the queued export both write, so they cannot drift apart.
    `projects`: ledger_projects' answer when the caller already has it. Returns the projects written."""
    if projects is None:
        projects = ledger_projects(user=user, params=params)
    filters = {k: v for k, v in params.items() if v}
    return ledger_export(user=user, target=target, filters=filters, projects=projects, progress=progress,
                         extras=True)


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


def export_job_create(*, user, params: QueryDict, total: int, spec=None) -> ExportJob:
    """Queue the export the list page's `params` describe (`total` rows): the ledger, or the list
    `spec` (a sanpi.web.lists.ListSpec) names."""
    from ..tasks import export_job_task

    named = {"kind": spec.name, "title": spec.title} if spec is not None else {}
    job = ExportJob.objects.create(user=user, params={k: params.getlist(k) for k in params}, total=total, **named)
    export_job_task(job.pk)
    job.refresh_from_db()
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the workbook (the task's body); None when the job is no longer queued."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=now, updated_at=now):
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        with beating(export_beat_name(job.pk)) as beat, tempfile.TemporaryFile() as handle:
            progress = lambda done: beat.progress(done, job.total)  # noqa: E731
            if job.kind == "ledger":
                count = ledger_workbook(user=job.user, params=_query(job.params), target=handle,
                                        progress=progress)
            else:
                from sanpi.web.lists import SPECS

                count = list_export(spec=SPECS[job.kind], user=job.user, params=_query(job.params), target=handle,
                                    progress=progress)
            handle.seek(0)
            job.file.save(job.filename, File(handle), save=False)
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, updated_at=timezone.now(),
                                                  message=f"导出失败：{exc.__class__.__name__}，请重新导出。")
        raise
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, file=job.file.name, done=count,
                                              total=count, updated_at=timezone.now())
    job.refresh_from_db()
    return job


def export_job_check(*, job: ExportJob, now: dt.datetime | None = None) -> ExportJob:
    """Fail a started export whose worker stopped beating (see import_job_check)."""
    if job.status != ExportJob.Status.RUNNING or job.started_at is None:
        return job
    last = job.started_at
    if beat := beat_read(export_beat_name(job.pk)):
        last = max(last, dt.datetime.fromtimestamp(beat["at"], tz=dt.UTC))
    if ((now or timezone.now()) - last).total_seconds() > settings.JOB_STALE_SECONDS:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.FAILED, message="后台处理程序已中断，请重新导出。")
        job.refresh_from_db()
    return job
