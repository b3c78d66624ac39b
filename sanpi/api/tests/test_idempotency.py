"""Idempotency-Key on API writes: a retry gets the first answer; a reused key with another body is
refused; duplicates at the same instant write once; expired keys are purged."""

import datetime as dt
import http.client
import json
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanpi.api.models import IdempotencyKey
from sanpi.api.services import idempotency_keys_purge, token_create
from sanpi.progress.models import MonthlyReport, Problem
from sanpi.projects.models import AnnualPlan, Project
from sanpi.testing import at_once, make_project

DRAFT = {"year": 2024, "month": 3, "month_completed_wan": "1200.50", "progress_text": "主体封顶"}
PROBLEM = {"kind": "land", "description": "用地指标未落实", "responsible_department": "自然资源局",
           "deadline": (dt.date.today() + dt.timedelta(days=60)).isoformat()}


@pytest.fixture
def project(db, enterprise_org):
    p = make_project("幂等测试项目", owner=enterprise_org, stages=[("signed", dt.date(2024, 1, 5)),
                                                                     ("started", dt.date(2024, 3, 1))])
    AnnualPlan.objects.create(project=p, year=2024, planned_investment_wan=Decimal("24000"))
    return p


def _post(client, path, body, key):
    return client.client.post(f"/api/v1{path}", data=json.dumps(body, ensure_ascii=False),
                              content_type="application/json", headers={"Idempotency-Key": key})


@pytest.mark.django_db
def test_same_key_same_body_returns_the_first_response_and_writes_once(api, project, enterprise_user):
    client = api(enterprise_user)
    path = f"/projects/{project.pk}/problems"
    first = _post(client, path, PROBLEM, "k-1")
    again = _post(client, path, PROBLEM, "k-1")
    assert first.status_code == again.status_code
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Problem.objects.filter(project=project).count() == 1  # without the key: two problems
    other = _post(client, path, PROBLEM, "k-2")
    assert json.loads(other.content)["id"] != json.loads(first.content)["id"]


@pytest.mark.django_db
def test_same_key_different_body_is_422_in_chinese(api, project, enterprise_user):
    client = api(enterprise_user)
    _post(client, f"/projects/{project.pk}/reports", DRAFT, "k-1")
    response = _post(client, f"/projects/{project.pk}/reports", {**DRAFT, "month_completed_wan": "1"}, "k-1")
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["code"] == "idempotency_key_reused" and "幂等键" in body["message"]
    assert MonthlyReport.objects.get(project=project).month_completed_wan == Decimal("1200.50")


@pytest.mark.django_db
def test_errors_are_replayed_too_and_keys_belong_to_their_user(api, project, enterprise_user, zone_user):
    client = api(enterprise_user)
    bad = _post(client, f"/projects/{project.pk}/reports", {**DRAFT, "month_completed_wan": "-5"}, "k-1")
    assert bad.status_code == 422
    assert _post(client, f"/projects/{project.pk}/reports", {**DRAFT, "month_completed_wan": "-5"},
                 "k-1").content == bad.content
    # Another user with the same key is another key.
    assert _post(api(zone_user), f"/projects/{project.pk}/reports", DRAFT, "k-1").status_code == 201


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_new_again_and_purged(api, project, enterprise_user):
    client = api(enterprise_user)
    _post(client, f"/projects/{project.pk}/problems", PROBLEM, "k-old")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert not _post(client, f"/projects/{project.pk}/problems", PROBLEM, "k-old").has_header("Idempotent-Replayed")
    assert Problem.objects.filter(project=project).count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert idempotency_keys_purge() == 1
    assert not IdempotencyKey.objects.exists()
    call_command("idempotency_purge", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_an_invalid_key_is_refused_and_reads_ignore_it(api, project, enterprise_user):
    client = api(enterprise_user)
    assert _post(client, f"/projects/{project.pk}/problems", PROBLEM, "x" * 201).status_code == 422
    assert not Problem.objects.exists()
    read = client.client.get(f"/api/v1/projects/{project.pk}", headers={"Idempotency-Key": "k"})
    assert read.status_code == 200 and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_openapi_names_the_header_on_every_write(api):
    schema = api().client.get("/api/v1/openapi.json").json()
    writes = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()
              if method in ("post", "put", "patch", "delete")]
    assert writes
    for path, method, op in writes:
        assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op.get("parameters", [])), \
            (method, path)
    for ops in schema["paths"].values():
        if "get" in ops:
            assert not any(p["name"] == "Idempotency-Key" for p in ops["get"].get("parameters", []))


@pytest.mark.django_db(transaction=True)
def test_duplicates_at_the_same_instant_write_once(live_server, reference_data, enterprise_org, enterprise_user):
    """Through the running server: two POSTs with one key at once, 20 times over — one problem each,
    both answered alike (the second waits for the first's answer)."""
    key = token_create(user=enterprise_user, name="幂等").key
    projects = [make_project(f"幂等并发{i}", owner=enterprise_org) for i in range(20)]
    url = urlparse(live_server.url)

    def post(r):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        conn.request("POST", f"/api/v1/projects/{projects[r].pk}/problems", body=json.dumps(PROBLEM),
                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                              "Idempotency-Key": f"dup-{r}"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, body

    for a, b in at_once([post, post], rounds=20):
        assert a[0] == b[0] == 201, (a, b)
        assert a[1] == b[1]
    assert Problem.objects.filter(project__in=projects).count() == 20
    assert Project.objects.filter(pk__in=[p.pk for p in projects]).count() == 20
