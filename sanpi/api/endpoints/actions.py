"""The actions the pages had and the API lacked: photo uploads (multipart), report lock and
correction, problem escalation (提醒函/交办函/督办函) and resolution (销号, with evidence). Thin: each
endpoint calls one service of sanpi.progress, which checks access first (a foreign id is the same 404
as a missing one, before any upload is read)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from sanpi.progress import services
from sanpi.progress.models import ProblemEscalation

from ..errors import ERRORS
from ..schemas import PathId, Text
from .progress import ProblemOut, ReportOut, problem_out, report_out

router = Router(tags=["月度调度"])
Level = Literal[tuple(ProblemEscalation.Level.values)]


class PhotoOut(Schema):
    id: int
    report: int
    caption: str
    taken_at: dt.datetime | None = Field(description="拍摄时间（照片 EXIF）")
    latitude: str | None = Field(description="纬度（照片 EXIF）")
    longitude: str | None
    url: str


class Correction(Schema):
    reason: Text(300) = Field(description="更正原因（必填）")
    month_completed_wan: str | None = Field(None, description="本月完成投资（万元）")
    ytd_completed_wan: str | None = None
    since_start_completed_wan: str | None = None
    progress_text: Text(2000) | None = None
    milestones: Text(2000) | None = None
    problems_text: Text(2000) | None = None
    next_steps: Text(2000) | None = None


class EscalationIn(Schema):
    level: Level = Field(description="reminder 提醒函 / assignment 交办函 / supervision 督办函")
    recipient: Text(100) | None = Field(None, description="主送单位，默认为责任单位")


class EscalationOut(Schema):
    id: int
    problem: int
    level: str
    level_label: str
    number: str = Field(description="文号")
    issued_at: dt.datetime
    letter_url: str = Field(description="函件 .docx（同一访问规则）")


def _file_url(name: str, default: str, pk: int) -> str:
    """The access-checked download of a stored file (web/views/files.py), when the pages are mounted."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return default


def _required(upload, field: str, label: str):
    if upload is None:
        raise ValidationError({field: [f"请上传{label}。"]})
    return upload


@router.post("/reports/{report_id}/photos", response={201: PhotoOut, **ERRORS},
             summary="上传形象进度照片（multipart/form-data）")
def report_photo_add(request, report_id: PathId, image: File[UploadedFile] = None, caption: Form[str] = ""):
    services.access_report(user=request.auth, report_id=report_id)  # 404 before the upload is read
    photo = services.report_photo_add(user=request.auth, report_id=report_id,
                                      image=_required(image, "image", "照片（JPEG、PNG 或 WebP）"), caption=caption)
    return 201, {"id": photo.pk, "report": photo.report_id, "caption": photo.caption, "taken_at": photo.taken_at,
                 "latitude": None if photo.latitude is None else str(photo.latitude),
                 "longitude": None if photo.longitude is None else str(photo.longitude),
                 "url": _file_url("web:file_photo", f"/files/photos/{photo.pk}/", photo.pk)}


@router.post("/reports/{report_id}/lock", response={200: ReportOut, **ERRORS}, summary="锁定月报（已审核）")
def report_lock(request, report_id: PathId):
    return report_out(services.report_lock(user=request.auth, report_id=report_id))


@router.post("/reports/{report_id}/correct", response={200: ReportOut, **ERRORS},
             summary="更正已锁定的月报（生成新版本，原版本保留）")
def report_correct(request, report_id: PathId, payload: Correction):
    changes = {k: v for k, v in payload.dict().items() if k != "reason" and v is not None}
    return report_out(services.report_correct(user=request.auth, report_id=report_id, reason=payload.reason,
                                              **changes))


@router.post("/problems/{problem_id}/escalate", response={201: EscalationOut, **ERRORS},
             summary="发函督促（提醒函、交办函、督办函）")
def problem_escalate(request, problem_id: PathId, payload: EscalationIn):
    letter = services.problem_escalate(user=request.auth, problem_id=problem_id, level=payload.level,
                                       recipient=payload.recipient)
    return 201, {"id": letter.pk, "problem": letter.problem_id, "level": letter.level,
                 "level_label": letter.get_level_display(), "number": letter.number, "issued_at": letter.issued_at,
                 "letter_url": _file_url("web:file_letter", f"/files/letters/{letter.pk}/", letter.pk)}


@router.post("/problems/{problem_id}/resolve", response={200: ProblemOut, **ERRORS},
             summary="销号（multipart/form-data：销号说明和/或佐证文件）")
def problem_resolve(request, problem_id: PathId, closure_note: Form[str] = "",
                    closure_evidence: File[UploadedFile] = None):
    problem = services.problem_resolve(user=request.auth, problem_id=problem_id, closure_note=closure_note,
                                       closure_evidence=closure_evidence)
    return problem_out(problem, letters=problem.escalations.count())
