"""Monthly reports: draft → submitted → approved (or returned with a reason) → locked; corrections
after the lock are new versions. Every step is kept as a ReportStep row. This module files reports
(draft, submit, photos); the checks are in report_checks.py, review and correction in report_review.py,
all importable from here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanpi.accounts.access import access_project, access_report
from sanpi.core.errors import Forbidden
from sanpi.core.uploads import PHOTO, check_upload
from sanpi.projects.models import Project

from ..models import MonthlyReport, ReportPhoto, ReportStep
from ..photos import read_exif
from .report_checks import (  # noqa: F401 (the checks stay importable from here)
    MONEY_FIELDS,
    TEXT_FIELDS,
    _check_month,
    _check_open,
    _locked_message,
    _step,
    _texts,
    _validated,
    report_month_check,
)
from .report_review import report_approve, report_correct, report_lock, report_return  # noqa: F401
from .reporting_months import (  # noqa: F401 (the month services stay importable from here)
    report_due_date,
    reporting_month_lock,
    reporting_month_locked,
    reporting_month_set_due,
    require_reviewer,
)

Status = MonthlyReport.Status
Action = ReportStep.Action
COUNTED = (Status.SUBMITTED, Status.APPROVED, Status.LOCKED)  # figures that count in evaluation


def _on_behalf(report: MonthlyReport, user) -> str:
    """A report saved or sent by an office is filed on the enterprise's behalf: say who for whom."""
    if getattr(user, "role", None) in (None, "enterprise") or not getattr(user, "pk", None):
        return ""
    owner = report.project.owner.name if report.project.owner_id else "项目单位"
    return f"{user.get_role_display()}（{user.get_full_name() or user.username}）代{owner}填报"



def _lock_project(*, user, project_id: Any):
    """The project (access-checked), locked for this transaction. Reports of a month are created under
    this lock: the report row may not exist yet, and locking a missing row locks nothing, so without it
    two identical requests both insert and the second meets `report_one_current_per_month`."""
    project = access_project(user=user, project_id=project_id, need="report")
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True))
    return project


def _draft(*, user, project, year: Any, month: Any, values: dict, texts: dict,
           resubmission: bool = False) -> tuple[MonthlyReport, bool]:
    """Write the draft of (year, month) under the project lock. Returns (report, repeated): `repeated`
    when `resubmission` is asked and the month's report was already submitted with exactly these
    figures and texts — the same action arriving twice (double-click, retry), answered alike."""
    year, month = _check_month(year, month)
    current = MonthlyReport.objects.filter(project=project, year=year, month=month, is_current=True).first()
    if current is not None and not current.editable and not resubmission:
        raise Forbidden(_locked_message(current))
    if current is None:
        _check_open(project=project, year=year, month=month)
    figures, pace = _validated(project=project, year=year, month=month, values=values, current=current,
                               exclude_id=current.pk if current else None)
    texts = _texts({k: texts.get(k) or "" for k in TEXT_FIELDS})
    if current is not None and not current.editable:
        same = all(getattr(current, name) == value for name, value in {**figures, **texts}.items())
        if resubmission and same and current.status == Status.SUBMITTED:
            return current, True
        raise Forbidden(_locked_message(current))
    if current is not None and figures["month_completed_wan"] != current.month_completed_wan:
        later = MonthlyReport.objects.filter(project=project, year=year, month__gt=month, is_current=True)
        if later.exists():
            raise ValidationError({"month_completed_wan": [
                "本年后续月份已填报，修改本月完成投资会使其累计数不一致，请联系项目办在锁定后更正。"]})
    report = current or MonthlyReport(project=project, year=year, month=month,
                                      created_by=user if user.pk else None)
    from_status = report.status if current else ""
    for name, value in {**figures, **texts}.items():
        setattr(report, name, value)
    report.pace_flag, report.pace_reason = bool(pace), (pace or "")[:300]
    report.status = Status.DRAFT if report.status != Status.RETURNED else Status.RETURNED
    report.save()
    report.created_now = current is None  # told under the project lock: the API answers 201 for it
    _step(report, Action.SAVE, from_status, user, reason=_on_behalf(report, user))
    return report, False


@transaction.atomic
def report_save_draft(*, user, project_id: int, year: int, month: int, month_completed_wan: Any,
                      ytd_completed_wan: Any = None, since_start_completed_wan: Any = None,
                      progress_text: str = "", milestones: str = "", problems_text: str = "",
                      next_steps: str = "") -> MonthlyReport:
    """Create or change the draft of a project's report for (year, month).

    Blank 自年初累计 / 开工以来累计 are computed from the earlier months; given ones must agree with
    them. Refused (nothing saved) with {field: [中文原因]} on bad figures, Forbidden on a report that
    is submitted, approved or locked. Two identical calls at once: the second waits for the first
    (project lock) and updates the draft it made."""
    project = _lock_project(user=user, project_id=project_id)
    values = {"month_completed_wan": month_completed_wan, "ytd_completed_wan": ytd_completed_wan,
              "since_start_completed_wan": since_start_completed_wan}
    texts = {"progress_text": progress_text, "milestones": milestones, "problems_text": problems_text,
             "next_steps": next_steps}
    return _draft(user=user, project=project, year=year, month=month, values=values, texts=texts)[0]


def report_file(*, user, project_id: int, year: int, month: int, month_completed_wan: Any,
                ytd_completed_wan: Any = None, since_start_completed_wan: Any = None, progress_text: str = "",
                milestones: str = "", problems_text: str = "", next_steps: str = "", photos=(),
                submit: bool = False) -> MonthlyReport:
    """One user action on the report form: save the draft, attach the photos and (with `submit`) send
    it for review, all in one transaction — a bad photo or a refused submit leaves nothing behind,
    not even the photo files already stored.

    The same submission arriving twice (a double-click on 保存并报送, a client retry) returns the
    report the first one submitted, unchanged, instead of an error."""
    stored: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            project = _lock_project(user=user, project_id=project_id)
            values = {"month_completed_wan": month_completed_wan, "ytd_completed_wan": ytd_completed_wan,
                      "since_start_completed_wan": since_start_completed_wan}
            texts = {"progress_text": progress_text, "milestones": milestones, "problems_text": problems_text,
                     "next_steps": next_steps}
            report, repeated = _draft(user=user, project=project, year=year, month=month, values=values,
                                      texts=texts, resubmission=submit)
            if repeated:
                return report
            for image in photos:
                stored.append(_photo_add(report=report, user=user, image=image))
            if submit:
                _submit(report=report, user=user)
            return report
    except BaseException:
        for photo in stored:  # the rows are rolled back; the files were written outside the database
            photo.image.delete(save=False)
        raise


def _submit(*, report: MonthlyReport, user) -> None:
    before = report.status
    report.status = Status.SUBMITTED
    report.submitted_by = user if user.pk else None
    report.submitted_at = timezone.now()
    report.return_reason = ""
    report.save()
    _step(report, Action.SUBMIT, before, user, reason=_on_behalf(report, user))


@transaction.atomic
def report_submit(*, user, report_id: int) -> MonthlyReport:
    """Send a draft (or a returned report) for review: the enterprise or the zone/county office."""
    report = access_report(user=user, report_id=report_id, lock=True)
    access_project(user=user, project_id=report.project_id, need="report")
    if report.status == Status.SUBMITTED:
        return report  # submitted twice (a retry): the same answer, no second step
    if not report.editable:
        raise Forbidden(_locked_message(report))
    _submit(report=report, user=user)
    return report


@transaction.atomic
def report_photo_add(*, user, report_id: int, image, caption: str = "") -> ReportPhoto:
    """Attach a 形象进度 photo to an editable report; time and place are read from its EXIF."""
    report = access_report(user=user, report_id=report_id, lock=True)
    access_project(user=user, project_id=report.project_id, need="report")
    return _photo_add(report=report, user=user, image=image, caption=caption)


def _photo_add(*, report: MonthlyReport, user, image, caption: str = "") -> ReportPhoto:
    if not report.editable:
        raise Forbidden(_locked_message(report))
    check_upload(image, purpose=PHOTO, field="image")
    try:
        exif = read_exif(image)
    except ValueError as exc:
        raise ValidationError({"image": [str(exc)]}) from None
    taken_at = exif["taken_at"]
    if taken_at is not None:
        taken_at = timezone.make_aware(taken_at)
    return ReportPhoto.objects.create(report=report, image=image, caption=(caption or "")[:200], taken_at=taken_at,
                                      latitude=exif["latitude"], longitude=exif["longitude"],
                                      uploaded_by=user if user.pk else None)
