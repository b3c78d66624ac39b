"""The evaluation gives, row for row, what the evaluation before the rewrite gave (kept as
reference_evaluation.py): every project's overall colour and reasons as shown, every dimension's
colour, reason and figures, the rule set and its version — on the demo data, on a first evaluation
of a month, on a re-evaluation over existing rows, after the data and the rules change, and for a
few projects only. Builds the demo once for the module."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.accounts.models import Region
from sanpi.progress import demo
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import AlertRule, Light, MonthlyReport, Problem, ProjectLight, RuleSet
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import AnnualPlan, Project

from . import reference_evaluation as reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def month(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=150)
        demo.build()
        today = timezone.localdate()
        yield (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        reset_database_baseline()


def _shown(year: int, month: int) -> tuple[dict, dict]:
    """What pages and the API show for the month: per project and per dimension."""
    lights = {(pid, dim): (colour, reason, figures, set_id, version) for pid, dim, colour, reason, figures, set_id, version
              in Light.objects.filter(year=year, month=month).values_list(
                  "project_id", "dimension", "colour", "reason", "figures", "rule_set_id", "rule_set_version")}
    overall = {pid: (colour, list(reasons), set_id) for pid, colour, reasons, set_id
               in ProjectLight.objects.filter(year=year, month=month).values_list(
                   "project_id", "colour", "reasons", "rule_set_id")}
    return lights, overall


def _results(result: dict) -> tuple:
    rows = sorted((r["id"], r["name"], r["region"], r["colour"], tuple(r["reasons"])) for r in result["results"])
    return result["projects"], result["red"], result["yellow"], result["green"], rows


def _compare(year: int, month: int, *, as_of: dt.date, project_ids=None, fresh: bool = False) -> int:
    """Run the reference, then ours (over the reference's rows, or over an emptied month when
    `fresh`), and compare what is shown and what is returned. Returns how many projects."""
    expected_result = reference.evaluate_month(year=year, month=month, as_of=as_of, project_ids=project_ids)
    expected = _shown(year, month)
    if fresh:
        Light.objects.filter(year=year, month=month).delete()
        ProjectLight.objects.filter(year=year, month=month).delete()
    result = evaluate_month(year=year, month=month, as_of=as_of, project_ids=project_ids)
    assert _results(result) == _results(expected_result)
    got = _shown(year, month)
    assert got[1] == expected[1]
    assert got[0] == expected[0]
    assert ProjectLight.objects.filter(year=year, month=month, evaluated_at__lt=timezone.now()
                                       - dt.timedelta(minutes=10)).count() == 0
    return result["projects"]


def _due(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 5)


def test_every_light_and_reason_is_what_the_reference_evaluation_gives(month):
    year, m = month
    for as_of in (_due(year, m) - dt.timedelta(days=4), _due(year, m) + dt.timedelta(days=5)):
        assert _compare(year, m, as_of=as_of, fresh=True) > 55  # the demo follows ~65 projects a month (only those that report are planned)
        assert _compare(year, m, as_of=as_of) > 55  # the demo follows ~65 projects a month (only those that report are planned)
    earlier = (year, m - 2) if m > 2 else (year - 1, 10 + m)
    assert _compare(*earlier, as_of=_due(*earlier) + dt.timedelta(days=20), fresh=True) > 55  # the demo follows ~65 projects a month (only those that report are planned)


def test_after_the_data_and_the_rules_change_only_the_difference_is_written_and_it_matches(month):
    year, m = month
    as_of = _due(year, m) + dt.timedelta(days=5)
    evaluate_month(year=year, month=m, as_of=as_of)
    before = _shown(year, m)
    tracked = list(AnnualPlan.objects.filter(year=year).order_by("project_id").values_list("project_id", flat=True))
    # Reports corrected, a report withdrawn, problems resolved, a project started, a plan changed.
    MonthlyReport.objects.filter(project_id__in=tracked[:20], year=year, is_current=True).update(
        ytd_completed_wan=F("ytd_completed_wan") + Decimal(400),
        since_start_completed_wan=F("since_start_completed_wan") + Decimal(400))
    MonthlyReport.objects.filter(project_id__in=tracked[20:25], year=year, month=m).update(status="draft")
    Problem.objects.filter(pk__in=Problem.objects.filter(project_id__in=tracked, resolved_at__isnull=True)
                           .order_by("id").values("pk")[:3]).update(resolved_at=as_of - dt.timedelta(days=1))
    Project.objects.filter(pk__in=tracked[30:33], started_on__isnull=True).update(started_on=dt.date(year, 1, 15))
    AnnualPlan.objects.filter(year=year, project_id=tracked[40]).update(planned_investment_wan=Decimal(1))
    Project.objects.filter(pk=tracked[41]).update(stage="terminated")
    # Other rule sets take over: 武汉's for the city's projects, 三亚's for two listed projects.
    wuhan = RuleSet.objects.get(place="武汉")
    wuhan.scope_region = Region.objects.get(code="410100")
    wuhan.save()
    sanya = RuleSet.objects.get(place="三亚")
    sanya.listed_projects.add(*tracked[50:52])
    AlertRule.objects.filter(rule_set__is_default=True, dimension="report_overdue").update(red_threshold=3)
    n = _compare(year, m, as_of=as_of)
    assert n > 55
    assert _shown(year, m) != before
    assert _compare(year, m, as_of=as_of, project_ids=tracked[45:60]) == 15


def test_a_second_run_without_changes_writes_no_light(month):
    year, m = month
    as_of = _due(year, m) + dt.timedelta(days=5)
    evaluate_month(year=year, month=m, as_of=as_of)
    ids = dict(Light.objects.filter(year=year, month=m).values_list("id", "reason"))
    evaluate_month(year=year, month=m, as_of=as_of)
    assert dict(Light.objects.filter(year=year, month=m).values_list("id", "reason")) == ids
