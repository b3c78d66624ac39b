"""待办: reports to file or review, problems due, lists to confirm — gathered for one user.

Monthly-dispatch items come from progress.selectors.todo_for; the lists to confirm are the
三个一批 periods not yet closed. Each group is capped at LIMIT rows (the count shown is exact).
"""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from sanpi.accounts.access import can_administer, can_edit_ledger
from sanpi.activities.models import Period
from sanpi.progress.selectors import todo_for

from .selectors import near_regions

LIMIT = 50


def _group(key: str, title: str, qs, item) -> dict[str, Any]:
    rows = list(qs[:LIMIT])
    count = len(rows) if len(rows) < LIMIT else qs.count()
    return {"key": key, "title": title, "count": count, "items": [item(r) for r in rows]}


def _period_group(user) -> dict[str, Any]:
    """Ledger offices declare projects for open periods; the host office confirms and closes them."""
    periods = Period.objects.none()
    if can_edit_ledger(user):
        periods = (Period.objects.filter(near_regions(user, "host_region")).exclude(status=Period.Status.CLOSED)
                   .select_related("host_region").order_by("held_on"))

    def item(period):
        hosts = can_administer(user) and period.host_region_id == user.region_id
        verb = "确认三个清单并关闭期次" if hosts else "申报或核对本地区清单项目"
        return {"text": f"{period}（{period.held_on:%Y-%m-%d}，{period.get_status_display()}）：{verb}",
                "link": period.get_absolute_url(), "due": period.held_on}

    return _group("lists", "三个一批清单待确认", periods, item)


def todo_items(*, user, today: dt.date) -> list[dict[str, Any]]:
    todo = todo_for(user=user, today=today)
    year, month, due = todo["year"], todo["month"], todo["due_date"]
    new_report = reverse("progress:report_new")

    def to_file(project):
        if project.draft_id:
            link = reverse("progress:report_edit", args=[project.draft_id])
            text = f"{project.name}：{year}年{month}月月报（草稿或被退回，待报送）"
        else:
            link = f"{new_report}?{urlencode({'project': project.pk, 'year': year, 'month': month})}"
            text = f"{project.name}：填报{year}年{month}月月报"
        return {"text": text, "link": link, "due": due}

    def to_review(report):
        return {"text": f"{report.project.name}：{report.year}年{report.month}月月报待审核（{report.project.region.name}）",
                "link": report.get_absolute_url(), "due": None}

    def problem(p):
        return {"text": f"{p.project.name}：{p.get_kind_display()}问题（{p.get_status_display()}，责任单位 {p.responsible_department}）",
                "link": reverse("progress:problem_detail", args=[p.pk]), "due": p.deadline}

    groups = [
        _group("to_file", f"{year}年{month}月月报待填报（{due:%Y-%m-%d}前）", todo["to_file"], to_file),
        _group("to_review", "月报待审核", todo["to_review"], to_review),
        _group("problems", "协调事项七日内到期或已逾期", todo["problems_due"], problem),
        _period_group(user),
    ]
    if not can_edit_ledger(user):
        groups = [g for g in groups if g["key"] in ("to_file", "problems")]
    return groups
