"""The API's actions added for issue #16: multipart photo upload, report lock and correction, problem
escalation and resolution with evidence — own objects work, foreign ones are the same 404."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from PIL import Image

from sanpi.progress.models import MonthlyReport, Problem, ReportPhoto
from sanpi.projects.models import AnnualPlan, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _jpeg() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 120, 60)).save(data, "JPEG")
    data.seek(0)
    data.name = "现场.jpg"
    return data


def test_photo_upload_lock_and_correction(api, world, media):
    user, own, foreign = world["zone"]
    AnnualPlan.objects.create(project=own, year=2024, planned_investment_wan=Decimal(24000))
    # reports are accepted only for started projects (started in February, as make_project writes stages)
    Project.objects.filter(pk=own.pk).update(stage="started", started_on=dt.date(2024, 3, 1))
    client = api(user)
    report = client.post(f"/projects/{own.id}/reports", {"year": 2024, "month": 3, "month_completed_wan": "100"}).json()
    response = client.client.post(f"/api/v1/reports/{report['id']}/photos", {"image": _jpeg(), "caption": "主体施工"})
    assert response.status_code == 201, response.content
    assert response.json()["caption"] == "主体施工" and ReportPhoto.objects.filter(report_id=report["id"]).count() == 1
    refused = client.client.post(f"/api/v1/reports/{report['id']}/photos", {"caption": "没有文件"})
    assert refused.status_code == 422 and "请上传照片" in refused.content.decode()
    html = client.client.post(f"/api/v1/reports/{report['id']}/photos",
                              {"image": io.BytesIO(b"<html><script>x</script></html>")})
    assert html.status_code == 422

    assert client.post(f"/reports/{report['id']}/submit").json()["status"] == "submitted"
    assert client.post(f"/reports/{report['id']}/approve").json()["status"] == "approved"
    assert client.post(f"/reports/{report['id']}/lock").json()["status"] == "locked"
    missing_reason = client.post(f"/reports/{report['id']}/correct", {"reason": " ", "month_completed_wan": "120"})
    assert missing_reason.status_code == 422
    corrected = client.post(f"/reports/{report['id']}/correct", {"reason": "口径更正", "month_completed_wan": "120"})
    assert corrected.status_code == 200 and corrected.json()["version"] == 2
    assert corrected.json()["month_completed_wan"] == "120"
    assert MonthlyReport.objects.filter(project=own, year=2024, month=3).count() == 2


def test_escalation_and_resolution_with_evidence(api, world, media):
    user, own, foreign = world["zone"]
    client = api(user)
    problem = client.post(f"/projects/{own.id}/problems", {
        "kind": "land", "description": "用地指标未落实", "responsible_department": "自然资源局",
        "deadline": "2027-03-31"}).json()
    letter = client.post(f"/problems/{problem['id']}/escalate", {"level": "supervision"})
    assert letter.status_code == 201 and letter.json()["number"].startswith("督办〔")
    assert letter.json()["letter_url"] == f"/files/letters/{letter.json()['id']}/"
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf.name = "销号佐证.pdf"
    resolved = client.client.post(f"/api/v1/problems/{problem['id']}/resolve",
                                  {"closure_note": "已落实用地指标", "closure_evidence": pdf})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved" and resolved.json()["letters"] == 1
    assert Problem.objects.get(pk=problem["id"]).closure_evidence.name.endswith(".pdf")


@pytest.mark.parametrize("path", ["/reports/{r}/photos", "/reports/{r}/lock", "/reports/{r}/correct",
                                  "/problems/{p}/escalate", "/problems/{p}/resolve"])
def test_foreign_objects_are_the_same_404(api, world, path):
    user, own, foreign = world["zone"]
    report = MonthlyReport.objects.create(project=foreign, year=2024, month=3, month_completed_wan=1,
                                          ytd_completed_wan=1, since_start_completed_wan=1, status="approved")
    problem = Problem.objects.create(project=foreign, kind="land", description="x", responsible_department="y",
                                     deadline="2024-03-31", raised_at="2024-01-15")
    client = api(user)
    a = client.post(path.format(r=report.pk, p=problem.pk), {"reason": "x", "level": "reminder"})
    b = client.post(path.format(r=987654321, p=987654321), {"reason": "x", "level": "reminder"})
    assert a.status_code == b.status_code == 404 and a.json() == b.json()
