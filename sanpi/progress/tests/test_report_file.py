"""Saving a report from the form is one action: draft, photos and submit in one transaction. A failure
anywhere in the middle leaves nothing — no report, no step, no photo row, no photo file."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sanpi.progress import services
from sanpi.progress.models import MonthlyReport, ReportPhoto, ReportStep
from sanpi.progress.services import reports
from sanpi.testing import make_project

from .factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(enterprise_org):
    p = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org, stages=[("started", dt.date(2024, 1, 8))])
    make_plan(p, 2024, "12000")
    return p


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _jpeg(name="site.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def _nothing_left(project, media):
    assert not MonthlyReport.objects.filter(project=project).exists()
    assert not ReportStep.objects.exists() and not ReportPhoto.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_bad_photo_after_the_draft_fields_leaves_nothing(project, enterprise_user, media):
    with pytest.raises(ValidationError) as exc:
        services.report_file(user=enterprise_user, project_id=project.pk, year=2024, month=1,
                             month_completed_wan="1000", submit=True,
                             photos=[_jpeg(), SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")])
    assert "image" in exc.value.message_dict
    _nothing_left(project, media)


def test_a_failing_submit_after_draft_and_photos_leaves_nothing(project, enterprise_user, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("报送时数据库断开")

    monkeypatch.setattr(reports, "_submit", broken)
    with pytest.raises(RuntimeError):
        services.report_file(user=enterprise_user, project_id=project.pk, year=2024, month=1,
                             month_completed_wan="1000", submit=True, photos=[_jpeg()])
    _nothing_left(project, media)


def test_the_whole_action_succeeds_in_one_call(project, enterprise_user, media):
    report = services.report_file(user=enterprise_user, project_id=project.pk, year=2024, month=1,
                                  month_completed_wan="1000", submit=True, photos=[_jpeg(), _jpeg("b.jpg")])
    assert report.status == "submitted" and report.photos.count() == 2
    assert list(report.steps.values_list("action", flat=True)) == ["save", "submit"]


def test_the_form_with_a_bad_photo_saves_nothing(client, project, enterprise_user, media):
    client.force_login(enterprise_user)
    url = reverse("progress:report_new") + f"?project={project.pk}&year=2024&month=1"
    response = client.post(url, {"month_completed_wan": "1000", "submit": "1",
                                 "photos": [_jpeg(), SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")]})
    assert response.status_code == 400
    assert "不支持该文件类型" in response.content.decode()
    _nothing_left(project, media)
