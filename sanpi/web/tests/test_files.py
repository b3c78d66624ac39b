"""Findings 1 and 2 of issue 10: uploads are judged by content, stored under random names and
downloaded only through views that apply the owning record's access rule."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from sanpi.ingest.models import ImportJob
from sanpi.progress import services as progress
from sanpi.progress.models import Problem
from sanpi.progress.tests.factories import make_plan
from sanpi.projects.models import Project, StageEvent
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
SCRIPT = b"<html><script>fetch('/api/v1/tokens',{method:'POST'})</script></html>"
RANDOM = re.compile(r"/[0-9a-f]{32}\.[a-z]+$")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def project(enterprise_org):
    p = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org, stages=[("signed", dt.date(2023, 5, 1))])
    make_plan(p, 2024, "12000")
    return p


def _started(project) -> int:
    """Reports are filed for started projects: mark the fixture's project started (test shortcut)."""
    Project.objects.filter(pk=project.pk).update(stage="started", started_on=dt.date(2024, 1, 2))
    return project.pk


def _png(size=(8, 8), extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "gray").save(buffer, "PNG")
    return buffer.getvalue() + extra


def _gif_with_html() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "gray").save(buffer, "GIF")
    return buffer.getvalue() + SCRIPT


def _advance(client, project, upload):
    return client.post(f"/projects/{project.pk}/stage/", {"stage": "started", "occurred_on": "2024-01-15",
                                                          "evidence": upload})


def _resolved_problem(zone_user, project, evidence):
    problem = progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", description="用地指标",
                                     responsible_department="自然资源局", deadline="2024-03-31",
                                     raised_at="2024-01-15")
    return progress.problem_resolve(user=zone_user, problem_id=problem.pk, closure_evidence=evidence,
                                    resolved_at="2024-03-20")


# finding 1: stored XSS through uploads

def test_html_evidence_is_refused_by_content_whatever_its_name(client, zone_user, project):
    client.force_login(zone_user)
    for name in ("x.html", "x.pdf", "x.svg"):
        response = _advance(client, project, SimpleUploadedFile(name, SCRIPT, "application/pdf"))
        assert response.status_code == 200
        assert "不支持该文件类型" in response.content.decode()
    assert not StageEvent.objects.filter(project=project, stage="started").exists()


def test_gif_with_html_appended_is_refused_as_photo(project, enterprise_user):
    report = progress.report_save_draft(user=enterprise_user, project_id=_started(project), year=2024, month=1,
                                        month_completed_wan="10")
    with pytest.raises(ValidationError) as exc:
        progress.report_photo_add(user=enterprise_user, report_id=report.pk,
                                  image=SimpleUploadedFile("x.html", _gif_with_html(), "image/gif"))
    assert "JPEG、PNG 或 WebP" in exc.value.message_dict["image"][0]


def test_svg_closure_evidence_is_refused(project, zone_user):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError) as exc:
        _resolved_problem(zone_user, project, SimpleUploadedFile("x.svg", svg, "image/svg+xml"))
    assert "网页、SVG、脚本等文件不能上传" in exc.value.message_dict["closure_evidence"][0]


def test_pixel_bomb_png_gets_a_field_error_not_a_500(project, enterprise_user, settings):
    settings.SANPI_IMAGE_MAX_PIXELS = 10_000
    report = progress.report_save_draft(user=enterprise_user, project_id=_started(project), year=2024, month=1,
                                        month_completed_wan="10")
    with pytest.raises(ValidationError) as exc:
        progress.report_photo_add(user=enterprise_user, report_id=report.pk,
                                  image=SimpleUploadedFile("bomb.png", _png((200, 200)), "image/png"))
    assert "图片像素过多" in exc.value.message_dict["image"][0]


def test_accepted_image_with_trailing_html_is_served_inert(client, project, enterprise_user, zone_user):
    report = progress.report_save_draft(user=enterprise_user, project_id=_started(project), year=2024, month=1,
                                        month_completed_wan="10")
    photo = progress.report_photo_add(user=enterprise_user, report_id=report.pk,
                                      image=SimpleUploadedFile("x.html", _png(extra=SCRIPT), "text/html"))
    assert RANDOM.search(photo.image.name) and photo.image.name.endswith(".png")
    client.force_login(zone_user)
    response = client.get(f"/files/photos/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Disposition"].startswith("inline")


# finding 2: no file downloads without the owner's access rule

def test_evidence_downloads_only_through_the_project_rule(client, zone_user, other_zone_user, project):
    client.force_login(zone_user)
    assert _advance(client, project, SimpleUploadedFile("施工许可证.pdf", b"%PDF-1.4 test")).status_code == 302
    event = StageEvent.objects.get(project=project, stage="started")
    assert RANDOM.search(event.evidence.name) and "施工许可证" not in event.evidence.name
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/files/evidence/{event.pk}/" in detail and "/media/" not in detail
    response = client.get(f"/files/evidence/{event.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(other_zone_user)
    assert client.get(f"/files/evidence/{event.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/files/evidence/{event.pk}/").status_code == 302  # to sign-in
    media = client.get("/media/" + event.evidence.name)
    assert media.status_code == 404


def test_api_links_evidence_to_the_download_view(client, zone_user, project):
    client.force_login(zone_user)
    _advance(client, project, SimpleUploadedFile("x.pdf", b"%PDF-1.4 test"))
    event = StageEvent.objects.get(project=project, stage="started")
    body = client.get(f"/api/v1/projects/{project.pk}/stage-events").content.decode()
    assert f"/files/evidence/{event.pk}/" in body and "/media/" not in body


def test_closure_evidence_and_letters_follow_the_problem_rule(client, zone_user, other_zone_user, project):
    problem = progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", description="用地指标",
                                     responsible_department="自然资源局", deadline="2024-03-31",
                                     raised_at="2024-01-15")
    letter = progress.problem_escalate(user=zone_user, problem_id=problem.pk, level="supervision")
    assert RANDOM.search(letter.letter.name) and "督办" not in letter.letter.name
    progress.problem_resolve(user=zone_user, problem_id=problem.pk, resolved_at="2024-03-20",
                             closure_evidence=SimpleUploadedFile("批复.jpg", _jpeg()))
    problem = Problem.objects.get(pk=problem.pk)
    client.force_login(zone_user)
    page = client.get(f"/progress/problems/{problem.pk}/").content.decode()
    assert f"/files/letters/{letter.pk}/" in page and f"/files/closure/{problem.pk}/" in page
    response = client.get(f"/files/letters/{letter.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.get(f"/files/closure/{problem.pk}/")["Content-Type"] == "image/jpeg"
    client.force_login(other_zone_user)
    assert client.get(f"/files/letters/{letter.pk}/").status_code == 404
    assert client.get(f"/files/closure/{problem.pk}/").status_code == 404


def test_uploaded_workbook_downloads_only_for_its_owner(client, zone_user, other_zone_user, monkeypatch):

    client.force_login(zone_user)
    upload = SimpleUploadedFile("台账.csv", "项目名称,总投资（万元）,建设地点\n甲,100,410171\n".encode())
    client.post("/ingest/import/", {"kind": "ledger", "file": upload})
    job = ImportJob.objects.get()
    assert RANDOM.search(job.file.name) and "台账" not in job.file.name
    assert client.get(f"/files/imports/{job.pk}/").status_code == 200
    client.force_login(other_zone_user)
    assert client.get(f"/files/imports/{job.pk}/").status_code == 404


@override_settings(DEBUG=False)
def test_no_media_url_answers_anonymously(client, zone_user, project):
    client.force_login(zone_user)
    _advance(client, project, SimpleUploadedFile("x.pdf", b"%PDF-1.4 test"))
    event = StageEvent.objects.get(project=project, stage="started")
    client.logout()
    for path in ("/media/" + event.evidence.name, "/media/letters/1/督办20241号.docx",
                 "/media/imports/errors/错误行-1.xlsx"):
        assert client.get(path).status_code == 404


@override_settings(SANPI_X_ACCEL_REDIRECT=True, SANPI_X_ACCEL_PREFIX="/protected-media/")
def test_x_accel_redirect_hands_the_file_to_the_web_server_after_the_check(client, zone_user, project):
    client.force_login(zone_user)
    _advance(client, project, SimpleUploadedFile("x.pdf", b"%PDF-1.4 test"))
    event = StageEvent.objects.get(project=project, stage="started")
    response = client.get(f"/files/evidence/{event.pk}/")
    assert response["X-Accel-Redirect"] == "/protected-media/" + event.evidence.name
    assert response.content == b"" and response["X-Content-Type-Options"] == "nosniff"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(buffer, "JPEG")
    return buffer.getvalue()
