"""Import of N ledger rows through the task queue: `.venv/bin/python bench/queue_import.py --rows 10000`.

Uses its own SQLite database and queue file in var/bench-queue (recreated on every run), or
DATABASE_URL when set (an empty database of your own: it is flushed) — with REDIS_URL the queue is
Redis. Starts a real consumer (`sanpi run_huey`), uploads the workbook as the web page does
(`import_job_create`), waits for the preview, applies it (`import_job_apply`) and waits again, polling
as the page does (the job row, and the worker's beats for the live figures). Prints, for each step:
the time from queueing to the job row's final state, the worker's own time (started_at → finished),
and how many distinct progress figures a poller saw; and the same preview run directly in this
process, for the queue's overhead.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench-queue"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_environment() -> dict[str, str]:
    if "DATABASE_URL" not in os.environ:
        VAR.mkdir(parents=True, exist_ok=True)
        for name in ("sanpi.sqlite3", "sanpi.sqlite3-wal", "sanpi.sqlite3-shm", "huey.sqlite3", "huey.sqlite3-wal",
                     "huey.sqlite3-shm"):
            (VAR / name).unlink(missing_ok=True)
    os.environ["SANPI_VAR_DIR"] = str(VAR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("SANPI_HUEY_IMMEDIATE", None)
    return dict(os.environ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    env = setup_environment()
    VAR.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    import excel
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from sanpi.accounts.models import User
    from sanpi.ingest.models import ImportJob
    from sanpi.ingest.selectors import import_job_progress
    from sanpi.ingest.services import jobs
    from sanpi.ingest.services.ledger import ledger_import

    call_command("migrate", verbosity=0)
    if connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    user = User.objects.create_superuser("bench", "bench@example.invalid", "bench12345")
    workbook = VAR / "queue-ledger.xlsx"
    excel.step_write(args.rows, workbook)
    HUEY.flush()
    queue = "Redis" if settings.REDIS_URL else f"SQLite ({HUEY.storage_kwargs.get('filename')})"
    print(f"{args.rows} rows, database {connection.vendor}, queue {queue}", flush=True)

    log = (VAR / "consumer.log").open("wb")
    consumer = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "run_huey", "--no-periodic", "-w", "1"],
                                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        # The consumer's start-up (Django, task discovery) is not the import's time.
        deadline = time.monotonic() + 120
        while b"consumer started" not in (VAR / "consumer.log").read_bytes():
            if time.monotonic() > deadline or consumer.poll() is not None:
                raise SystemExit("the consumer did not start; see " + str(VAR / "consumer.log"))
            time.sleep(0.2)

        def wait(job_id: int, running: tuple[str, ...]) -> tuple[float, set[int], ImportJob]:
            started = time.perf_counter()
            seen: set[int] = set()
            while True:
                job = ImportJob.objects.get(pk=job_id)
                if job.status not in running:
                    return time.perf_counter() - started, seen, job
                seen.add(import_job_progress(job=job)[0])
                time.sleep(0.25)

        from django.utils import timezone

        t0 = time.perf_counter()
        job = jobs.import_job_create(user=user, upload=SimpleUploadedFile(workbook.name, workbook.read_bytes()))
        upload_s = time.perf_counter() - t0
        seconds, seen, job = wait(job.pk, ("uploaded", "previewing"))
        worker = (job.heartbeat_at - job.started_at).total_seconds()
        pickup = (job.started_at - job.created_at).total_seconds()
        print(f"preview  {upload_s + seconds:7.2f} s queued→previewed (upload {upload_s:.2f} s, picked up after "
              f"{pickup:.2f} s, worker {worker:.2f} s)"
              f"  progress figures seen {sorted(seen)}  → {job.status}: {job.created_count} new, "
              f"{job.error_count} errors", flush=True)

        t0 = time.perf_counter()
        result = ledger_import(user=user, path=workbook, apply=False, source=workbook.name)
        print(f"direct   {time.perf_counter() - t0:7.2f} s the same preview in this process, no queue "
              f"({result.created} new)", flush=True)

        t0, queued = time.perf_counter(), timezone.now()
        jobs.import_job_apply(user=user, job_id=job.pk)
        seconds, seen, job = wait(job.pk, ("applying",))
        worker = (job.heartbeat_at - job.started_at).total_seconds()
        pickup = (job.started_at - queued).total_seconds()
        print(f"apply    {time.perf_counter() - t0:7.2f} s queued→applied (picked up after {pickup:.2f} s, "
              f"worker {worker:.2f} s)"
              f"  progress figures seen {sorted(seen)}  → {job.status}: {job.created_count} created", flush=True)
    finally:
        consumer.terminate()
        consumer.wait(30)
        log.close()



if __name__ == "__main__":
    main()
