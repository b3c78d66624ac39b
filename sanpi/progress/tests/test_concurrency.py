"""The same request twice at the same instant (a double-click, a client retry on a poor network):
the second gets the first one's row or a clear refusal — never a constraint violation (a 500).

Threads with their own database connections, released together by a barrier; run on SQLite and,
with DATABASE_URL, on PostgreSQL (where `select_for_update` really blocks)."""

import datetime as dt
import http.client
import json
from decimal import Decimal as D
from urllib.parse import urlparse

import pytest

from sanpi.api.services import token_create
from sanpi.core.errors import Conflict, DomainError
from sanpi.progress import services
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import MonthlyReport, Notification, ProjectLight, RuleSet
from sanpi.testing import at_once, make_project, make_user

from .factories import make_plan

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 100


@pytest.fixture
def projects(reference_data, enterprise_org):
    rows = [make_project(f"并发测试项目{i}", owner=enterprise_org, stages=[("started", dt.date(2024, 1, 8))])
            for i in range(ROUNDS)]
    for p in rows:
        make_plan(p, 2024, "12000")
    return rows


def _file(user, project, **extra):
    return services.report_file(user=user, project_id=project.pk, year=2024, month=1, month_completed_wan="1000",
                                progress_text="主体施工", **extra)


def test_two_identical_drafts_at_once_100_times_give_one_report_each(projects, enterprise_user):
    call = lambda r: _file(enterprise_user, projects[r]).pk  # noqa: E731
    results = at_once([call, call], rounds=ROUNDS)
    for r, (a, b) in enumerate(results):
        assert not isinstance(a, Exception) and not isinstance(b, Exception), (r, a, b)
        assert a == b  # the second request answers with the report the first one made
    assert MonthlyReport.objects.filter(project__in=projects).count() == ROUNDS


def test_two_identical_save_and_submit_at_once_give_one_submitted_report(projects, enterprise_user):
    call = lambda r: _file(enterprise_user, projects[r], submit=True)  # noqa: E731
    results = at_once([call, call], rounds=20)
    for a, b in results:
        assert isinstance(a, MonthlyReport) and isinstance(b, MonthlyReport), (a, b)
        assert a.pk == b.pk and a.status == b.status == "submitted"
    reports = MonthlyReport.objects.filter(project__in=projects[:20])
    assert reports.count() == 20 and set(reports.values_list("status", flat=True)) == {"submitted"}
    # One submit step each: the repeat changed nothing.
    assert all(r.steps.filter(action="submit").count() == 1 for r in reports)


def test_a_different_submission_after_the_first_is_refused_not_merged(projects, enterprise_user):
    _file(enterprise_user, projects[0], submit=True)
    with pytest.raises(DomainError):
        services.report_file(user=enterprise_user, project_id=projects[0].pk, year=2024, month=1,
                             month_completed_wan="999", submit=True)


def test_api_draft_posts_at_once_never_answer_500(live_server, projects, enterprise_user, settings):
    """Through the running server (threads, one connection per request), as the issue measured it."""
    key = token_create(user=enterprise_user, name="并发").key
    url = urlparse(live_server.url)

    def post(r):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        body = json.dumps({"year": 2024, "month": 1, "month_completed_wan": "1000"})
        conn.request("POST", f"/api/v1/projects/{projects[r].pk}/reports", body=body,
                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        conn.close()
        return response.status, data.get("id")

    results = at_once([post, post], rounds=ROUNDS)
    statuses = [s for pair in results for s, _ in pair]
    # one of each pair creates the month's report (201), the other changes that draft (200)
    assert [sorted(s for s, _ in pair) for pair in results] == [[200, 201]] * ROUNDS, sorted(set(statuses))
    assert all(a[1] == b[1] for a, b in results)
    assert MonthlyReport.objects.filter(project__in=projects).count() == ROUNDS


def test_submit_twice_at_once_is_one_submission(projects, enterprise_user):
    report = services.report_save_draft(user=enterprise_user, project_id=projects[0].pk, year=2024, month=1,
                                        month_completed_wan="1000")
    call = lambda r: services.report_submit(user=enterprise_user, report_id=report.pk).status  # noqa: E731
    assert at_once([call, call]) == [["submitted", "submitted"]]
    assert report.steps.filter(action="submit").count() == 1


def test_reminders_sent_twice_at_once_notify_each_user_once(reference_data, enterprise_org):
    project = make_project(owner=enterprise_org, stages=[("signed", dt.date(2023, 5, 1)), ("started", dt.date(2023, 6, 1))])
    make_plan(project, 2024)
    users = [make_user(f"ent{i}", role="enterprise", region=None, organisation=enterprise_org) for i in range(5)]
    call = lambda r: services.reminders_send(today=dt.date(2024, 2, 20))["notifications"]  # noqa: E731
    [(a, b)] = at_once([call, call])
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    assert Notification.objects.filter(user__in=users, kind="overdue").count() == 5
    assert a + b == 5


def test_month_evaluated_twice_at_once_keeps_one_light_per_project(projects):
    call = lambda r: evaluate_month(year=2024, month=1, as_of=dt.date(2024, 2, 20))["projects"]  # noqa: E731
    [(a, b)] = at_once([call, call])
    assert a == b == ROUNDS
    assert ProjectLight.objects.filter(year=2024, month=1).count() == ROUNDS


def test_one_rule_set_revised_twice_at_once(reference_data, province_user):
    default = RuleSet.objects.get(is_default=True)  # revised only by the province office, its owner
    call = lambda r: services.rule_set_revise(  # noqa: E731
        user=province_user, rule_set_id=default.pk, effective_from="2025-01-01",
        thresholds={"investment_pace": (D(5), D(20))}).version
    [(a, b)] = at_once([call, call])
    assert all(isinstance(x, int | Conflict) for x in (a, b)), (a, b)
    assert RuleSet.objects.filter(is_default=True).count() == 1


def test_due_date_set_and_month_locked_at_once(reference_data, zone_user, province_user):
    set_due = lambda r: services.reporting_month_set_due(  # noqa: E731
        user=province_user, year=2024, month=1, due_date=dt.date(2024, 2, 8)).pk
    lock = lambda r: services.reporting_month_lock(user=province_user, year=2024, month=1)  # noqa: E731
    [(a, b)] = at_once([set_due, lock])
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
