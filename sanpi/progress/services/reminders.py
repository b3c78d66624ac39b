"""Reminders before and after a report's due date: in-app Notification rows and e-mail where the
user has an address. Idempotent: one notification per user, kind and month."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from sanpi.accounts.models import User
from sanpi.projects.models import AnnualPlan, Project

from ..models import MonthlyReport, Notification
from .reports import COUNTED, report_due_date

DAYS_BEFORE = 3


def notify(*, user_id: int, kind: str, text: str, link: str = "", year: int | None = None,
           month: int | None = None) -> Notification:
    return Notification.objects.create(user_id=user_id, kind=kind, year=year, month=month, text=text[:500],
                                       link=link)


def notification_mark_read(*, user, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(read_at=timezone.now())


def _missing_projects(year: int, month: int):
    """Projects with a plan for the year and no submitted report for the month."""
    filed = MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=month, is_current=True,
                                         status__in=COUNTED)
    planned = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)
    from sanpi.activities.selectors import reports_quarterly_only

    return (Project.objects.filter(Exists(planned)).exclude(Exists(filed))
            .exclude(stage__in=["terminated"]).exclude(reports_quarterly_only(month)))


@transaction.atomic
def reminders_send(*, today: dt.date | None = None, days_before: int = DAYS_BEFORE) -> dict[str, int]:
    """Remind the filers of last month's missing reports.

    Before the due date (within `days_before` days): enterprise users whose organisation owns a project
    still missing its report get "月报即将到期". After it: those users get "月报逾期", and each zone/county
    office with overdue projects in its region gets one message with the count."""
    today = today or timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    due = report_due_date(year=year, month=month)
    if today > due:
        kind = Notification.Kind.OVERDUE
    elif (due - today).days <= days_before:
        kind = Notification.Kind.DUE_SOON
    else:
        return {"notifications": 0, "emails": 0}
    missing = _missing_projects(year, month)
    by_org = dict(missing.filter(owner__isnull=False).values_list("owner").annotate(n=Count("id")))
    wanted: dict[int, str] = {}
    for user_id, org_id in User.objects.filter(role=User.Role.ENTERPRISE, organisation__in=list(by_org),
                                               is_active=True).values_list("id", "organisation_id"):
        n = by_org[org_id]
        wanted[user_id] = (
            f"{year}年{month}月月报将于 {due:%Y-%m-%d} 截止，您单位尚有 {n} 个项目未报送。" if kind == Notification.Kind.DUE_SOON
            else f"{year}年{month}月月报已于 {due:%Y-%m-%d} 截止，您单位尚有 {n} 个项目未报送，请尽快填报。"
        )
    if kind == Notification.Kind.OVERDUE:
        by_region = dict(missing.values_list("region__path").annotate(n=Count("id")))
        for user_id, path in User.objects.filter(role=User.Role.ZONE, is_active=True, region__isnull=False).values_list(
            "id", "region__path"
        ):
            n = sum(count for project_path, count in by_region.items() if project_path.startswith(path))
            if n:
                wanted[user_id] = f"{year}年{month}月月报已截止（{due:%Y-%m-%d}），辖区内 {n} 个项目逾期未报。"
    for attempt in range(3):
        already = set(Notification.objects.filter(kind=kind, year=year, month=month, user_id__in=list(wanted))
                      .values_list("user_id", flat=True))
        new = [Notification(user_id=uid, kind=kind, year=year, month=month, text=text, link="/progress/reports/")
               for uid, text in wanted.items() if uid not in already]
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
    messages = [(f"【三批】{n.text[:40]}", n.text, settings.DEFAULT_FROM_EMAIL, [emails[n.user_id]])
                for n in new if n.user_id in emails]
    sent = send_mass_mail(messages, fail_silently=True) if messages else 0
    if sent:
        Notification.objects.filter(kind=kind, year=year, month=month, user_id__in=list(emails)).update(emailed=True)
    return {"notifications": len(new), "emails": sent}
