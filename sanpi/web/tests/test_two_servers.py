"""Two app servers (gunicorn) and one consumer sharing PostgreSQL and Redis, as deployed.

An import started through one server shows its progress and its result through the other, and the
dashboard figures one server computed are what the other serves (the cache is shared). Runs when the
tests run on PostgreSQL with a reachable REDIS_URL (CI's PostgreSQL run sets both).
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from sanpi.ingest.models import ImportJob
from sanpi.ingest.tests.books import write_ledger
from sanpi.stats.models import DashboardSnapshot
from sanpi.testing import make_project
from sanpi.testing_processes import (
    app_server,
    consumer,
    free_port,
    real_queue,
    redis_reachable,
    wait_for,
    wait_for_port,
)

ROWS = 2500


def _skip_reason() -> str | None:
    if connection.vendor != "postgresql":
        return "needs DATABASE_URL=postgres://… (several processes share one database; CI's PostgreSQL run)"
    if not settings.REDIS_URL:
        return "needs REDIS_URL (queue and cache shared through Redis; CI's PostgreSQL run sets it)"
    if not redis_reachable(settings.REDIS_URL):
        return f"Redis at REDIS_URL={settings.REDIS_URL} is not reachable"
    return None


@pytest.fixture
def deployment(reference_data, settings, tmp_path):
    if reason := _skip_reason():
        pytest.skip(reason)
    settings.MEDIA_ROOT = tmp_path / "media"
    processes = []
    with real_queue(tmp_path):
        ports = [free_port(), free_port()]
        processes.append(consumer(tmp_path / "consumer.log", SANPI_IMPORT_TEST_DELAY="2"))
        for index, port in enumerate(ports):
            processes.append(app_server(tmp_path / f"server{index}.log", port))
        try:
            for port in ports:
                wait_for_port(port)
            yield [f"http://127.0.0.1:{port}" for port in ports]
        finally:
            for process in processes:
                process.stop()


def count(html: str) -> int:
    return int(re.search(r'data-testid="total-count">(\d+) 个', html)[1])


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_share_jobs_progress_and_the_dashboard_cache(deployment, zone_user, client, tmp_path):
    import requests
    from django.core.cache import cache

    a, b = deployment
    for i in range(3):
        make_project(f"已有项目{i}", region="410171")
    client.force_login(zone_user)
    http = requests.Session()
    http.cookies.set("sessionid", client.cookies["sessionid"].value)

    # The dashboard: computed by A, served by B from the shared cache even after the stored snapshot
    # is gone and the ledger has changed.
    assert count(http.get(a + "/").text) == 3
    DashboardSnapshot.objects.all().delete()
    make_project("新登记项目", region="410171")
    assert count(http.get(b + "/").text) == 3
    assert cache.get(f"dashboard:region:410171:{timezone.localdate():%Y%m%d}") is not None
    cache.delete(f"dashboard:region:410171:{timezone.localdate():%Y%m%d}")
    assert count(http.get(b + "/").text) == 4

    # An import uploaded through A …
    path = write_ledger(tmp_path / "台账.xlsx", [[i, f"双服务器项目{i:05d}", None, "郑州双服务器有限公司", None,
                                                 "郑州经开区", "1.5"] for i in range(1, ROWS + 1)])
    http.get(a + "/ingest/import/")
    with path.open("rb") as handle:
        response = http.post(a + "/ingest/import/", data={"kind": "ledger", "csrfmiddlewaretoken": http.cookies["csrftoken"]},
                             files={"file": (path.name, handle)}, headers={"Referer": a + "/ingest/import/"},
                             allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    job_url = response.headers["Location"]
    job = ImportJob.objects.get()

    # … shows its progress through B (the worker's beats are in Redis) …
    def progress_through_b() -> int:
        fragment = http.get(b + job_url, headers={"HX-Request": "true"})
        if fragment.status_code != 200:
            return 0
        done = re.search(r"已处理 <strong>(\d+)</strong>", fragment.text)
        return int(done[1]) if done else 0

    assert 0 < wait_for(progress_through_b, timeout=90, every=0.3, what="progress through B") < ROWS
    # … and its result through B.
    wait_for(lambda: http.get(b + job_url, headers={"HX-Request": "true"}).status_code == 204, timeout=120,
             what="the preview finished")
    page = http.get(b + job_url).text
    assert "预览完成" in page and 'data-testid="apply-form"' in page
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("previewed", ROWS)

    # Applied through B, finished as seen through A.
    http.post(b + job_url + "apply/", data={"mode": "all", "csrfmiddlewaretoken": http.cookies["csrftoken"]},
              headers={"Referer": b + job_url}, allow_redirects=False)
    wait_for(lambda: "已导入" in re.search(r'data-testid="status">(.*?)<', http.get(a + job_url).text)[1],
             timeout=180, every=1, what="the apply seen through A")
    assert ImportJob.objects.get().status == "applied"
