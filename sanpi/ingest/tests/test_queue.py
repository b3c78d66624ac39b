"""Import jobs on the real queue: a consumer process runs them, and one killed mid-apply is detected."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from sanpi.ingest.models import ImportJob
from sanpi.ingest.selectors import import_job_progress
from sanpi.ingest.services import jobs
from sanpi.projects.models import Project
from sanpi.testing_processes import consumer, real_queue, wait_for

from .books import write_ledger

ROWS = 2500  # three chunks of the bulk writer: the kill lands between two of them


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def big_workbook(path, rows=ROWS):
    return write_ledger(path, [[i, f"队列测试项目{i:05d}", None, "郑州队列测试有限公司", None, "郑州经开区", "1.5"]
                               for i in range(1, rows + 1)])


def upload(path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.mark.django_db(transaction=True)
def test_killed_worker_fails_the_job_within_a_minute_leaves_the_database_unchanged_and_retry_applies(
        reference_data, zone_user, client, media, settings, tmp_path):
    # Previewed here (immediate mode): the apply is what the consumer runs.
    job = jobs.import_job_create(user=zone_user, upload=upload(big_workbook(tmp_path / "大台账.xlsx")))
    assert (job.status, job.created_count, job.error_count) == ("previewed", ROWS, 0)
    before = Project.objects.count()
    client.force_login(zone_user)
    settings.JOB_STALE_SECONDS = 10  # the default (45 s) plus a poll also stays within the minute

    with real_queue(tmp_path):
        worker = consumer(tmp_path / "consumer.log", SANPI_IMPORT_TEST_DELAY="4")
        try:
            client.post(reverse("ingest:import_apply", args=[job.pk]), {"mode": "all"})
            job.refresh_from_db()
            assert job.status == "applying"
            # The worker's progress reaches this process through the queue's storage.
            wait_for(lambda: import_job_progress(job=ImportJob.objects.get(pk=job.pk))[0] >= 1000, timeout=90,
                     what="the first chunk written")
            assert Project.objects.count() == before  # written, not committed
            worker.kill()
            killed = time.monotonic()
        finally:
            worker.stop()

        def failed() -> bool:  # the page poll is what notices
            page = client.get(reverse("ingest:import_preview", args=[job.pk]), HTTP_HX_REQUEST="true")
            return page.status_code == 204 and ImportJob.objects.get(pk=job.pk).status == "failed"

        wait_for(failed, timeout=60, every=1, what="the job marked failed")
        assert time.monotonic() - killed < 60
        job.refresh_from_db()
        assert "后台处理程序已中断" in job.message and "未写入任何数据" in job.message
        assert Project.objects.count() == before
        assert not Project.objects.filter(name__startswith="队列测试项目").exists()
        page = client.get(reverse("ingest:import_preview", args=[job.pk])).content.decode()
        assert 'data-testid="retry-form"' in page

        # Retry: queued again; a healthy consumer applies it all.
        client.post(reverse("ingest:import_retry", args=[job.pk]))
        assert ImportJob.objects.get(pk=job.pk).status == "applying"
        worker = consumer(tmp_path / "consumer2.log")
        try:
            wait_for(lambda: ImportJob.objects.get(pk=job.pk).status not in ("applying",), timeout=180, every=1,
                     what="the retried apply")
        finally:
            worker.stop()
    job.refresh_from_db()
    assert (job.status, job.attempt, job.created_count) == ("applied", 3, ROWS), worker.output()[-2000:]
    assert Project.objects.count() == before + ROWS


@pytest.mark.django_db
def test_a_queued_job_is_not_failed_before_a_worker_starts_it(zone_user, settings, media, tmp_path):
    job = jobs.import_job_create(user=zone_user, upload=upload(big_workbook(tmp_path / "小.xlsx", rows=3)))
    ImportJob.objects.filter(pk=job.pk).update(status="applying", phase="apply", attempt=2, started_at=None)
    job.refresh_from_db()
    settings.JOB_STALE_SECONDS = 0
    assert jobs.import_job_check(job=job).status == "applying"
    job.started_at = job.heartbeat_at = job.created_at
    job.save()
    time.sleep(0.01)
    assert jobs.import_job_check(job=job).status == "failed"
    retried = jobs.import_job_retry(user=zone_user, job_id=job.pk)  # runs at once in immediate mode
    assert (retried.status, retried.attempt, retried.created_count) == ("applied", 3, 3)


@pytest.mark.django_db
def test_a_late_worker_of_an_abandoned_attempt_writes_nothing(zone_user, media, tmp_path):
    job = jobs.import_job_create(user=zone_user, upload=upload(big_workbook(tmp_path / "小.xlsx", rows=3)))
    ImportJob.objects.filter(pk=job.pk).update(status="applying", phase="apply", attempt=5)
    assert jobs.import_job_run(job_id=job.pk, attempt=4, apply=True, valid_only=False) is None
    assert (ImportJob.objects.get(pk=job.pk).status, Project.objects.filter(name__startswith="队列").count()) == (
        "applying", 0)


@pytest.mark.django_db
def test_command_line_import_leaves_an_import_job(zone_user, media, tmp_path):
    from django.core.management import call_command

    path = big_workbook(tmp_path / "命令行.xlsx", rows=2)
    call_command("import", str(path), "--user", zone_user.username, "--apply")
    job = ImportJob.objects.get()
    assert (job.via, job.status, job.phase, job.created_count, job.user) == ("cli", "applied", "apply", 2, zone_user)
    assert job.file.read() == path.read_bytes()


@pytest.mark.django_db
def test_a_large_ledger_export_is_written_by_the_queue_and_downloaded_by_its_owner(
        client, zone_user, other_zone_user, media, settings):
    import io

    from python_calamine import CalamineWorkbook

    from sanpi.ingest.models import ExportJob
    from sanpi.testing import make_project

    for i in range(3):
        make_project(f"导出项目{i}", region="410171")
    settings.EXPORT_QUEUE_ROWS = 2
    client.force_login(zone_user)
    response = client.get(reverse("ingest:export_ledger"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ingest:export_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert job.status == "done" and 'data-testid="download"' in page  # immediate mode: already written
    download = client.get(reverse("ingest:export_job_file", args=[job.pk]))
    rows = CalamineWorkbook.from_object(io.BytesIO(b"".join(download.streaming_content))).get_sheet_by_index(0)
    assert sum(1 for row in rows.to_python() if any(str(c).startswith("导出项目") for c in row)) == 3
    client.force_login(other_zone_user)
    assert client.get(reverse("ingest:export_job_file", args=[job.pk])).status_code == 404
    assert client.get(reverse("ingest:export_job", args=[job.pk])).status_code == 404

    settings.EXPORT_QUEUE_ROWS = 20000  # a small ledger is still streamed by the request
    client.force_login(zone_user)
    assert client.get(reverse("ingest:export_ledger"))["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.django_db
def test_an_export_whose_worker_died_is_failed_when_read(zone_user, settings):
    from django.utils import timezone

    from sanpi.ingest.models import ExportJob
    from sanpi.ingest.services.export_jobs import export_job_check

    job = ExportJob.objects.create(user=zone_user, status="running", total=10,
                                   started_at=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1))
    assert export_job_check(job=job).status == "failed"


@pytest.mark.django_db
def test_an_apply_superseded_by_a_retry_while_it_ran_rolls_back(zone_user, media, tmp_path, monkeypatch):
    job = jobs.import_job_create(user=zone_user, upload=upload(big_workbook(tmp_path / "小.xlsx", rows=3)))
    ImportJob.objects.filter(pk=job.pk).update(status="applying", phase="apply", attempt=2)
    real = jobs._run

    def run_then_get_retried(job, **kwargs):
        result = real(job, **kwargs)
        # Meanwhile the page found this worker silent, failed the job and the user retried it (here in
        # the same transaction, so undone with it below; in life another connection commits it).
        ImportJob.objects.filter(pk=job.pk).update(status="applying", attempt=3)
        return result

    monkeypatch.setattr(jobs, "_run", run_then_get_retried)
    assert jobs.import_job_run(job_id=job.pk, attempt=2, apply=True, valid_only=False) is None
    assert not Project.objects.filter(name__startswith="队列测试项目").exists()
    assert ImportJob.objects.get(pk=job.pk).status == "applying"  # never "applied" by the superseded worker


@pytest.mark.django_db
def test_a_queued_ledger_export_carries_the_same_checklist_sheets_as_the_streamed_one(client, zone_user, media,
                                                                                       settings):
    import io

    from python_calamine import CalamineWorkbook

    from sanpi.approvals.services import approval_checklist_create
    from sanpi.funding.services import funding_line_create, funding_month_set
    from sanpi.ingest.models import ExportJob
    from sanpi.testing import make_project

    year = dt.date.today().year
    for i in range(3):
        project = make_project(f"导出项目{i}", region="410171", management_category="enterprise")
        approval_checklist_create(user=zone_user, project_id=project.pk, year=year)
        line = funding_line_create(user=zone_user, project_id=project.pk, year=year, source="central_budget",
                                   allocated_wan=f"{100 * (i + 1)}")
        funding_month_set(user=zone_user, line_id=line.pk, month=1, arrived_wan="50", arrived_on=f"{year}-01-01")  # never after today
    client.force_login(zone_user)

    def sheets(content: bytes) -> dict:
        book = CalamineWorkbook.from_object(io.BytesIO(content))
        # row 0 is the title (it carries the export date, the same in both)
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}

    settings.EXPORT_QUEUE_ROWS = 20000
    streamed = sheets(b"".join(client.get(reverse("ingest:export_ledger")).streaming_content))
    settings.EXPORT_QUEUE_ROWS = 2
    assert client.get(reverse("ingest:export_ledger")).status_code == 302
    job = ExportJob.objects.get()
    queued = sheets(b"".join(client.get(reverse("ingest:export_job_file", args=[job.pk])).streaming_content))
    assert list(queued) == ["项目台账", "前期手续", "资金到位"]
    assert queued == streamed
    assert sum(1 for row in queued["资金到位"] if str(row[2]).startswith("导出项目")) == 3
    assert sum(1 for row in queued["前期手续"] if str(row[2]).startswith("导出项目")) >= 3
