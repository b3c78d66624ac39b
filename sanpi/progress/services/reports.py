"""Monthly reports: draft → submitted → approved (or returned with a reason) → locked; corrections
after the lock are new versions. Every step is kept as a ReportStep row."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from sanpi.accounts.access import access_project, access_report
from sanpi.core.errors import Forbidden
from sanpi.core.inputs import clean_text, parse_decimal
from sanpi.core.uploads import PHOTO, check_upload
from sanpi.projects.models import Project

from .. import rules
from ..evaluation import month_end
from ..models import MonthlyReport, ReportPhoto, ReportStep
from ..photos import read_exif
from .reporting_months import (  # noqa: F401 (the month services stay importable from here)
    report_due_date,
    reporting_month_lock,
    reporting_month_locked,
    reporting_month_set_due,
    require_reviewer,
)

Status = MonthlyReport.Status
Action = ReportStep.Action
MONEY_FIELDS = ("month_completed_wan", "ytd_completed_wan", "since_start_completed_wan")
TEXT_FIELDS = ("progress_text", "milestones", "problems_text", "next_steps")
COUNTED = (Status.SUBMITTED, Status.APPROVED, Status.LOCKED)  # figures that count in evaluation


def _money(value: Any, field: str, errors: dict) -> Decimal | None:
    # Sign is checked by the report rules, which explain a negative month in the report's own words.
    return parse_decimal(value, field=field, label=rules.FIELD_LABEL[field], errors=errors, unit="（万元）",
                         allow_negative=True)


def _texts(texts: dict) -> dict:
    """The report's free texts without control characters, each within the API's 5,000 characters."""
    errors: dict = {}
    clean = {name: clean_text(value, field=name, label=str(MonthlyReport._meta.get_field(name).verbose_name),
                              errors=errors) for name, value in texts.items()}
    if errors:
        raise ValidationError(errors)
    return clean


def _check_month(year: Any, month: Any) -> tuple[int, int]:
    try:
        year, month = int(year), int(month)
    except (TypeError, ValueError):
        raise ValidationError({"month": ["报告期无效，请按 2024-01 的格式填写。"]}) from None
    if not 1 <= month <= 12:
        raise ValidationError({"month": ["月份应在 1 到 12 之间。"]})
    today = timezone.localdate()
    if not 2000 <= year or (year, month) > (today.year, today.month):
        raise ValidationError({"month": [f"不能填报尚未到来的月份（{year}-{month:02d}）。"]})
    return year, month


def report_month_check(*, year: Any, month: Any) -> tuple[int, int]:
    """The (year, month) a report may be filed for, or ValidationError {"month": [中文原因]}."""
    return _check_month(year, month)


def _check_open(*, project, year: int, month: int) -> None:
    """A new report needs an open month and a project that had started by the month's end."""
    if reporting_month_locked(year=year, month=month, region=project.region):
        raise ValidationError({"month": [f"{year}年{month}月已整月锁定，不再接收新的月报；如需更正，请由项目办发起更正。"]})
    end = month_end(year, month)
    if project.started_on is None or project.started_on > end:
        started = f"开工日期为 {project.started_on:%Y-%m-%d}" if project.started_on else "尚未开工"
        raise ValidationError({"month": [f"项目“{project.name}”{started}，{year}年{month}月无需也不能填报月报。"]})


def _check_gap(*, project, live, year: int, month: int, figures: dict) -> None:
    """The rule for gaps (docs/decisions.md): months are filed in order, without gaps — a month with no
    investment is filed as 0, never left out. Once a project reports, a month after a missing one is
    refused, naming the missing month."""
    last = (live.filter(Q(year__lt=year) | Q(year=year, month__lt=month)).order_by("-year", "-month")
            .values_list("year", "month").first())
    if last is not None:
        gap = _next(*last)
        if gap != (year, month):
            raise ValidationError({"month": [
                f"{gap[0]}年{gap[1]}月的月报尚未填报：请先填报该月（当月无投资请填 0），再填报{year}年{month}月。"]})


def _next(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _step(report: MonthlyReport, action: str, from_status: str, user, reason: str = "") -> ReportStep:
    return ReportStep.objects.create(report=report, action=action, from_status=from_status, to_status=report.status,
                                     by=user if getattr(user, "pk", None) else None, reason=reason[:500])



def _on_behalf(report: MonthlyReport, user) -> str:
    """A report saved or sent by an office is filed on the enterprise's behalf: say who for whom."""
    if getattr(user, "role", None) in (None, "enterprise") or not getattr(user, "pk", None):
        return ""
    owner = report.project.owner.name if report.project.owner_id else "项目单位"
    return f"{user.get_role_display()}（{user.get_full_name() or user.username}）代{owner}填报"


def _locked_message(report: MonthlyReport) -> str:
    if report.status == Status.LOCKED:
        return "该月报已锁定，不能修改；如需更正，请由项目办发起更正并填写原因。"
    return f"该月报{report.get_status_display()}，不能修改；被退回后方可修改。"


def _validated(*, project, year: int, month: int, values: dict, current: MonthlyReport | None,
               exclude_id: int | None = None) -> tuple[dict, str | None]:
    """Parse and check the figures against this year's earlier months; return clean values and the
    pace note (or None). Blank cumulative figures are filled from the earlier months."""
    errors: dict[str, list[str]] = {}
    figures = {f: _money(values.get(f), f, errors) for f in MONEY_FIELDS}
    for name, value in figures.items():
        if value is not None and value < 0:
            errors[name] = [f"{rules.FIELD_LABEL[name]}不能为负数（填写了 {rules.wan(value)} 万元）。"]
    if errors:
        raise ValidationError(errors)
    live = MonthlyReport.objects.filter(project=project, is_current=True).exclude(pk=exclude_id)
    earlier_sum = live.filter(year=year, month__lt=month).aggregate(s=Sum("month_completed_wan"))["s"] or Decimal(0)
    py, pm = _previous(year, month)
    previous = live.filter(year=py, month=pm).values_list("since_start_completed_wan", flat=True).first()
    if figures["month_completed_wan"] is None:
        raise ValidationError({"month_completed_wan": ["请填写本月完成投资（万元）。"]})
    _check_gap(project=project, live=live, year=year, month=month, figures=figures)
    if figures["ytd_completed_wan"] is None:
        figures["ytd_completed_wan"] = earlier_sum + figures["month_completed_wan"]
    if figures["since_start_completed_wan"] is None:
        if previous is not None:
            figures["since_start_completed_wan"] = previous + figures["month_completed_wan"]
        elif not live.filter(year__lt=year).exists() and not (month > 1 and earlier_sum):
            figures["since_start_completed_wan"] = figures["ytd_completed_wan"]
        else:
            raise ValidationError({"since_start_completed_wan": ["请填写开工以来累计完成投资（万元）。"]})
    errors = rules.check_figures(
        rules.Figures(figures["month_completed_wan"], figures["ytd_completed_wan"],
                      figures["since_start_completed_wan"]),
        month=month, earlier_months_sum=earlier_sum, previous_since_start=previous,
    )
    if errors:
        raise ValidationError(errors)
    history = list(
        live.filter(year__lte=year).exclude(year=year, month__gte=month).order_by("-year", "-month")
        .values_list("month_completed_wan", flat=True)[:12]
    )
    return figures, rules.pace_flag(figures["month_completed_wan"], history)


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
def report_return(*, user, report_id: int, reason: str) -> MonthlyReport:
    """Send a submitted report back to its filer with a reason (zone, city or province of its region)."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["退回月报必须填写退回原因。"]})
    if report.status != Status.SUBMITTED:
        raise Forbidden(f"只有已报送的月报可以退回，该月报{report.get_status_display()}。")
    report.status = Status.RETURNED
    report.return_reason = reason[:500]
    report.save()
    _step(report, Action.RETURN, Status.SUBMITTED, user, reason)
    from .reminders import notify

    if report.submitted_by_id:
        notify(user_id=report.submitted_by_id, kind="returned", year=report.year, month=report.month,
               text=f"{report.project.name} {report.year}年{report.month}月月报被退回：{reason}",
               link=report.get_absolute_url())
    return report


@transaction.atomic
def report_approve(*, user, report_id: int) -> MonthlyReport:
    """Approve a submitted report (zone, city or province of its region; never an enterprise), then
    evaluate the project's lights for that month again."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    if report.status != Status.SUBMITTED:
        raise Forbidden(f"只有已报送的月报可以审核通过，该月报{report.get_status_display()}。")
    report.status = Status.APPROVED
    report.approved_by = user if user.pk else None
    report.approved_at = timezone.now()
    report.save()
    own = report.submitted_by_id is not None and report.submitted_by_id == getattr(user, "pk", None)
    _step(report, Action.APPROVE, Status.SUBMITTED, user,
          reason="审核人即报送人（项目办代填后自行审核，已记录）" if own else "")
    from ..evaluation import evaluate_month

    evaluate_month(year=report.year, month=report.month, project_ids=[report.project_id])
    return report


@transaction.atomic
def report_lock(*, user, report_id: int) -> MonthlyReport:
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    if report.status != Status.APPROVED:
        raise Forbidden(f"只有已审核的月报可以锁定，该月报{report.get_status_display()}。")
    report.status = Status.LOCKED
    report.save()
    _step(report, Action.LOCK, Status.APPROVED, user)
    return report


def _new_version(old: MonthlyReport, changes: dict, reason: str, user) -> MonthlyReport:
    old.is_current = False
    old.save(update_fields=["is_current", "updated_at"])
    new = MonthlyReport(
        project_id=old.project_id, year=old.year, month=old.month, version=old.version + 1, supersedes=old,
        correction_reason=reason[:300], created_by=user if user.pk else None,
        **{f: getattr(old, f) for f in (*MONEY_FIELDS, *TEXT_FIELDS, "status", "submitted_by_id", "submitted_at",
                                        "approved_by_id", "approved_at", "pace_flag", "pace_reason")},
    )
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    _step(new, Action.CORRECT, old.status, user, reason)
    return new


@transaction.atomic
def report_correct(*, user, report_id: int, reason: str, **changes: Any) -> MonthlyReport:
    """Correct a locked report: a new version with the reason; the old one stays. When the month's
    figure changes, later months' cumulative figures move by the same amount (each a new version
    naming this correction), so every cumulative figure stays the sum of the months."""
    report = access_report(user=user, report_id=report_id, lock=True)
    require_reviewer(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["更正已锁定的月报必须填写更正原因。"]})
    if not report.is_current or report.status != Status.LOCKED:
        raise Forbidden("只有已锁定的现行月报需要走更正流程；未锁定的月报请退回后修改。")
    unknown = set(changes) - set(MONEY_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不能更正。"] for name in sorted(unknown)})
    values = {f: changes.get(f, getattr(report, f)) for f in MONEY_FIELDS}
    if "month_completed_wan" in changes and "ytd_completed_wan" not in changes:
        values["ytd_completed_wan"] = None
    if "month_completed_wan" in changes and "since_start_completed_wan" not in changes:
        delta_guess = _money(changes["month_completed_wan"], "month_completed_wan", {}) or Decimal(0)
        values["since_start_completed_wan"] = report.since_start_completed_wan + delta_guess - report.month_completed_wan
    figures, pace = _validated(project=report.project, year=report.year, month=report.month, values=values,
                               current=report, exclude_id=report.pk)
    texts = _texts({f: changes[f] for f in TEXT_FIELDS if f in changes})
    new = _new_version(report, {**figures, **texts, "pace_flag": bool(pace), "pace_reason": (pace or "")[:300]},
                       reason, user)
    ytd_delta = new.ytd_completed_wan - report.ytd_completed_wan
    since_delta = new.since_start_completed_wan - report.since_start_completed_wan
    if ytd_delta or since_delta:
        later = (MonthlyReport.objects.select_for_update().filter(project_id=report.project_id, is_current=True)
                 .exclude(year__lt=report.year).exclude(year=report.year, month__lte=report.month)
                 .order_by("year", "month"))
        note = f"随 {report.year}-{report.month:02d} 月报更正顺延累计数：{reason}"
        for row in later:
            shift = {"since_start_completed_wan": row.since_start_completed_wan + since_delta}
            if row.year == report.year:
                shift["ytd_completed_wan"] = row.ytd_completed_wan + ytd_delta
            _new_version(row, shift, note, user)
    from ..evaluation import evaluate_month
    from ..models import ProjectLight

    months = set(ProjectLight.objects.filter(project_id=report.project_id, year=report.year, month__gte=report.month)
                 .values_list("month", flat=True)) | {report.month}
    for m in sorted(months):
        evaluate_month(year=report.year, month=m, project_ids=[report.project_id])
    return new


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
