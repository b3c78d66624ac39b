"""Reminders before and after a report's due date: in-app Notification rows and e-mail where the
user has an address. Idempotent: one notification per user, kind and month."""

import datetime as dt
import os

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanpi.accounts.models import User
from sanpi.core.errors import NotFound

from ..models import Notification
from ..selectors import projects_missing
from .reports import report_due_date

DAYS_BEFORE = 3


def notify(*, user_id: int, kind: str, text: str, link: str = "", year: int | None = None,
           month: int | None = None) -> Notification:
    return Notification.objects.create(user_id=user_id, kind=kind, year=year, month=month, text=text[:500],
                                       link=link)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; another user's answers as a missing one (404)."""
    note = Notification.objects.filter(pk=notification_id, user_id=getattr(user, "pk", None)).first()
    if note is None:
        raise NotFound("通知不存在。")
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


PUBLIC_URL = os.environ.get("SANPI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
NAMES_IN_MAIL = 20


def _names(names: list[str]) -> str:
    shown = "、".join(names[:NAMES_IN_MAIL])
    return shown + (f" 等 {len(names)} 个项目" if len(names) > NAMES_IN_MAIL else "")


@transaction.atomic
def reminders_send(*, today: dt.date | None = None, days_before: int = DAYS_BEFORE) -> dict[str, int]:
    """Remind the filers of last month's missing reports.

    "Missing" is `selectors.projects_missing` — the projects 待办 lists too, so both count alike.
    Before the due date (within `days_before` days): enterprise users whose organisation owns a project
    still missing its report get "月报即将到期". After it: those users get "月报逾期", and each zone/county
    office with overdue projects in its region gets one message naming them. Each notification links
    to the month's report list; its e-mail names the projects, the month, the deadline and the link."""
    today = today or timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    due = report_due_date(year=year, month=month)
    if today > due:
        kind = Notification.Kind.OVERDUE
    elif (due - today).days <= days_before:
        kind = Notification.Kind.DUE_SOON
    else:
        return {"notifications": 0, "emails": 0}
    rows = list(projects_missing(year=year, month=month).order_by("region_id", "id")
                .values_list("owner_id", "region__path", "name"))
    by_org: dict[int, list[str]] = {}
    for owner_id, _, name in rows:
        if owner_id:
            by_org.setdefault(owner_id, []).append(name)
    link = f"/progress/reports/?year={year}&month={month}"
    wanted: dict[int, tuple[str, list[str]]] = {}
    for user_id, org_id in User.objects.filter(role=User.Role.ENTERPRISE, organisation__in=list(by_org),
                                               is_active=True).values_list("id", "organisation_id"):
        names = by_org[org_id]
        wanted[user_id] = (
            f"{year}年{month}月月报将于 {due:%Y-%m-%d} 截止，您单位尚有 {len(names)} 个项目未报送：{_names(names)}。"
            if kind == Notification.Kind.DUE_SOON
            else f"{year}年{month}月月报已于 {due:%Y-%m-%d} 截止，您单位尚有 {len(names)} 个项目未报送："
                 f"{_names(names)}，请尽快填报。", names)
    if kind == Notification.Kind.OVERDUE:
        for user_id, path in User.objects.filter(role=User.Role.ZONE, is_active=True, region__isnull=False).values_list(
            "id", "region__path"
        ):
            names = [name for _, project_path, name in rows if project_path.startswith(path)]
            if names:
                wanted[user_id] = (f"{year}年{month}月月报已截止（{due:%Y-%m-%d}），辖区内 {len(names)} 个项目逾期未报："
                                   f"{_names(names)}。", names)
    for attempt in range(3):
        already = set(Notification.objects.filter(kind=kind, year=year, month=month, user_id__in=list(wanted))
                      .values_list("user_id", flat=True))
        new = [Notification(user_id=uid, kind=kind, year=year, month=month, text=text[:500], link=link)
               for uid, (text, _) in wanted.items() if uid not in already]
        # A second run at the same moment inserts the same rows: the unique constraint stops it, and
        # the rows it made are read again, so each user is told (and e-mailed) once.
        try:
            with transaction.atomic():
                Notification.objects.bulk_create(new)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    emails = dict(User.objects.filter(pk__in=[n.user_id for n in new]).exclude(email="").values_list("id", "email"))
    messages = [_mail(kind, year, month, due, wanted[n.user_id][0], f"{PUBLIC_URL}{link}", emails[n.user_id],
                      len(wanted[n.user_id][1]))
                for n in new if n.user_id in emails]
    sent = send_mass_mail(messages, fail_silently=True) if messages else 0
    if sent:
        Notification.objects.filter(kind=kind, year=year, month=month, user_id__in=list(emails)).update(emailed=True)
    return {"notifications": len(new), "emails": sent}


def _mail(kind: str, year: int, month: int, due: dt.date, text: str, url: str, address: str, count: int) -> tuple:
    """One reminder e-mail: a subject composed whole (never cut), the projects, deadline and link."""
    what = "即将到期" if kind == Notification.Kind.DUE_SOON else "逾期未报"
    subject = f"【三批】{year}年{month}月月报{what}：{count} 个项目（截止 {due:%Y-%m-%d}）"
    body = f"{text}\n\n报送截止日期：{due:%Y-%m-%d}\n填报入口：{url}\n"
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [address])
