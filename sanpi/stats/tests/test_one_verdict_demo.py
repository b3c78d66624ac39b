"""One verdict per figure on the demo (issue 18): for every demo office and enterprise user, the
dashboard's summary, the projects' progress bars and the lights judge the same month, on the same
reports, against the same 序时进度 — so a bar can no longer say "超序时进度" from October's figures
while the summary says "低于序时进度" from November's."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import User
from sanpi.activities import demo as activities_demo
from sanpi.progress import demo
from sanpi.progress.models import Light, ProjectLight
from sanpi.progress.verdict import verdict_month
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import Project
from sanpi.stats.project_page import progress_bar, with_progress
from sanpi.stats.selectors import compute_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=60)
        activities_demo.build()
        demo.build()
        yield
        reset_database_baseline()


def test_summary_bars_and_lights_agree_for_each_demo_user(built, client):
    today = timezone.localdate()
    year, month = verdict_month(today)
    checked_lights = single = 0
    users = User.objects.filter(role__in=["province", "city", "zone", "enterprise"], is_active=True)
    assert users.filter(role="enterprise").exists()
    for user in users:
        figures = compute_figures(user=user, today=today)
        completion, total = figures["completion"], figures["completion"]["total"]
        assert (completion["year"], completion["month"]) == (year, month), user.username
        assert figures["lights"]["month"] == (year, month), user.username

        planned = scope_projects(Project.objects.filter(annual_plans__year=year), user).exclude(stage="terminated")
        bars = {p.pk: progress_bar(p, year=year, month=month)
                for p in with_progress(planned.distinct(), year=year, month=month)}
        # The same reports: the summary's 完成 is the sum of the bars' 自年初累计.
        assert sum((b.ytd_wan or Decimal(0)) for b in bars.values()) == total["ytd_wan"], user.username
        if len(bars) == 1:
            (bar,) = bars.values()
            assert bar.gap_words == total["gap_text"] and bar.benchmark_pct == total["time_benchmark"]
            single += 1
        pace = dict(Light.objects.filter(project_id__in=bars, year=year, month=month,
                                         dimension="investment_pace").values_list("project_id", "reason"))
        for pid, bar in bars.items():
            reason = pace.get(pid)
            if reason is None or "尚未到期" in reason or not bar.gap_words:
                continue  # the lights judge the month before while this month is not yet due
            assert f"序时进度 {bar.benchmark_pct}%，{bar.gap_words}" in reason, (user.username, pid, reason)
            checked_lights += 1

        client.force_login(user)
        html = client.get("/").content.decode()
        assert f"{year}年1-{month}月 年度投资完成率与序时进度" in html
        summary = re.search(r'data-testid="completion-total">([^<]*)<', html).group(1)
        assert f"序时进度 {total['time_benchmark']}%，{total['gap_text']}" in summary
        for shown in re.findall(r"（(\d{4})年1-(\d+)月，序时进度", html):  # every bar on the page
            assert (int(shown[0]), int(shown[1])) == (year, month), user.username
    assert checked_lights > 0
    assert ProjectLight.objects.filter(year=year, month=month).exists()


def test_a_total_above_the_total_investment_is_shown_as_such_and_flagged(built, client):
    """开工以来累计 above 总投资 shows its real percentage (e.g. 102.6%), not a capped 100.0%."""
    today = timezone.localdate()
    year, month = verdict_month(today)
    jingkai = User.objects.get(username="jingkai")
    over = [(p, progress_bar(p, year=year, month=month)) for p in
            with_progress(scope_projects(Project.objects.filter(total_investment_wan__gt=0), jingkai),
                          year=year, month=month)]
    over = [(p, b) for p, b in over if b.over_total]
    assert over, "the demo has a project whose reports exceed its 总投资 (中兴5G微基站)"
    project, bar = over[0]
    assert bar.investment_pct > 100
    client.force_login(jingkai)
    html = client.get(project.get_absolute_url()).content.decode()
    assert f"{bar.investment_pct}%" in html and "超总投资" in html
    assert f"开工以来累计超过总投资（{bar.investment_pct}%）" in html
