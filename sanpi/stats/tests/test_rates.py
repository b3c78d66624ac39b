"""Each rate recomputed from the rows, independently of the grouped queries."""

import datetime as dt
import io
import json
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from sanpi.accounts.models import Region, User
from sanpi.approvals.models import ApprovalItem, ApprovalKind
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.progress.models import MonthlyPlan, MonthlyReport
from sanpi.projects.models import AnnualPlan, Project
from sanpi.stats import rates
from sanpi.stats.rate_selectors import region_rates
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
YEAR, MONTH = 2024, 6
ENDS = dt.date(2024, 6, 30)
D = Decimal


def _world(seed=7):
    rng = random.Random(seed)
    kinds = list(ApprovalKind.objects.filter(region=None))
    for n in range(24):
        region = rng.choice(["410171", "410102", "410302", "410173"])
        signed = dt.date(2023, rng.randint(1, 12), 10) if rng.random() < 0.8 else None
        stages = [("signed", signed)] if signed else []
        started = dt.date(2024, rng.randint(1, 8), 5) if signed and rng.random() < 0.6 else None
        if started:
            stages.append(("started", started))
        project = make_project(
            region=region, stages=stages, planned_start_date=dt.date(2024, rng.randint(1, 9), 1),
            planned_production_date=dt.date(2024, rng.randint(1, 12), 1) if rng.random() < 0.5 else None,
            planned_capacity_date=dt.date(2024, rng.randint(1, 12), 1) if rng.random() < 0.4 else None)
        if started and rng.random() < 0.5:
            Project.objects.filter(pk=project.pk).update(produced_on=started + dt.timedelta(days=40),
                                                         capacity_on=started + dt.timedelta(days=50),
                                                         planned_capacity_date=dt.date(2024, rng.randint(2, 8), 1))
        if n % 5 == 4:
            continue  # not tracked: no annual plan
        plan = AnnualPlan.objects.create(project=project, year=YEAR, planned_investment_wan=D(rng.randint(1, 90) * 100),
                                         planned_production=dt.date(YEAR, rng.randint(1, 9), 1) if n % 3 == 0 else None)
        if rng.random() < 0.4:
            MonthlyPlan.objects.create(plan=plan, month=MONTH, cumulative_planned_wan=D(rng.randint(1, 50) * 10))
        ytd = D(0)
        for month in range(1, rng.randint(1, 7) + 1):
            amount = D(rng.randint(0, 900))
            ytd += amount
            MonthlyReport.objects.create(project=project, year=YEAR, month=month, month_completed_wan=amount,
                                         ytd_completed_wan=ytd, since_start_completed_wan=ytd, status="approved")
        for kind in rng.sample(kinds, 4):
            status = rng.choice(["done", "done", "in_progress", "not_started", "not_applicable"])
            ApprovalItem.objects.create(project=project, kind=kind, status=status, required=rng.random() < 0.9,
                                        done_on=dt.date(2024, rng.randint(1, 9), 1) if status == "done" else None)
        line = FundingLine.objects.create(project=project, year=YEAR, source="special_bond", bond_batch="第一批",
                                          allocated_wan=D(rng.randint(10, 90) * 100))
        for month in (3, 5, 8):
            FundingMonth.objects.create(line=line, month=month, arrived_wan=D(rng.randint(0, 500)),
                                        paid_wan=D(rng.randint(0, 100)))
        FundingLine.objects.create(project=project, year=YEAR - 1, source="bank_loan", allocated_wan=D(999))


def _expected(codes: set[str]) -> dict[str, tuple]:
    """Straight from the definitions in rates.py, one row at a time."""
    ids = {p.pk for p in Project.objects.filter(region_id__in=codes)}
    plans = {a.project_id: a for a in AnnualPlan.objects.filter(year=YEAR, project_id__in=ids)}
    plan_total = sum((a.planned_investment_wan for a in plans.values()), D(0))
    ytd = D(0)
    bench = D(0)
    for pid, a in plans.items():
        reports = [r for r in MonthlyReport.objects.filter(project_id=pid, year=YEAR) if r.month <= MONTH]
        ytd += max((r.ytd_completed_wan for r in reports), default=D(0))
        monthly = MonthlyPlan.objects.filter(plan=a, month=MONTH).first()
        bench += monthly.cumulative_planned_wan if monthly else a.planned_investment_wan * MONTH / 12
    items = [i for i in ApprovalItem.objects.filter(project_id__in=plans) if i.required and i.status != "not_applicable"]
    lines = [ln for ln in FundingLine.objects.filter(project_id__in=plans, year=YEAR)]
    months = [m for m in FundingMonth.objects.filter(line__in=lines) if m.month <= MONTH]
    projects = list(Project.objects.filter(pk__in=ids))

    every_plan = {a.project_id: a for a in AnnualPlan.objects.filter(year=YEAR, project_id__in=ids)}

    def due(field, reached):
        def planned(p):
            plan = every_plan.get(p.pk)
            return (plan.planned_production if field == "planned_production_date" and plan and plan.planned_production
                    else getattr(p, field))
        pool = [p for p in projects if planned(p) and dt.date(YEAR, 1, 1) <= planned(p) <= ENDS]
        return sum(1 for p in pool if getattr(p, reached) and getattr(p, reached) <= ENDS), len(pool)

    signed = [p for p in projects if p.signed_on and p.signed_on <= ENDS]
    start_pool = [p for p in signed if p.planned_start_date and dt.date(YEAR, 1, 1) <= p.planned_start_date <= ENDS]
    return {
        "approvals": (sum(1 for i in items if i.status == "done" and i.done_on <= ENDS), len(items)),
        "funds_arrival": (sum((m.arrived_wan for m in months), D(0)), sum((ln.allocated_wan for ln in lines), D(0))),
        "funds_payment": (sum((m.paid_wan for m in months), D(0)), ytd),
        "start": (sum(1 for p in start_pool if p.started_on and p.started_on <= ENDS), len(start_pool)),
        "production": due("planned_production_date", "produced_on"),
        "capacity": due("planned_capacity_date", "capacity_on"),
        "investment": (ytd, plan_total),
        "benchmark": (bench.quantize(D("0.01")), plan_total),
    }


def _pct(num, den):
    return None if not den else (D(num) * 100 / D(den)).quantize(D("0.1"), rounding=ROUND_HALF_UP)


def test_every_rate_recomputed_from_the_rows():
    _world()
    rows = {r["code"]: r for r in region_rates(user=User(is_superuser=True), region=Region.objects.get(pk="410000"),
                                               year=YEAR, month=MONTH)}
    zhengzhou = set(Region.objects.filter(reporting_unit_id="410100").values_list("code", flat=True)) | {"410100"}
    for code, members in (("410000", {"410171", "410102", "410302", "410173"}), ("410100", zhengzhou),
                          ("410300", {"410302"}), ("410173", {"410173"})):
        expected = _expected(members)
        got = {rate.key: rate for rate in rows[code]["rates"]}
        assert list(got) == list(rates.KEYS)
        for key, (num, den) in expected.items():
            assert (got[key].numerator, got[key].denominator) == (D(num), D(den)), (code, key)
            assert got[key].percent == _pct(num, den), (code, key)
    assert [r.key for r in rows["410000"]["rates"] if not (r.denominator and r.numerator)] == []  # a real test


def test_the_command_prints_json_with_one_decimal():
    _world(seed=3)
    out = io.StringIO()
    call_command("stats", "rates", "2024-06", "--region", "410000", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    province = data["rows"][0]
    assert province["name"] == "河南省"
    assert [r["label"] for r in province["rates"]] == [d[1] for d in rates.DEFINITIONS]
    for rate in province["rates"]:
        if rate["percent"] is not None:
            assert rate["percent"] == format(_pct(rate["numerator"], rate["denominator"]), "f")
            assert len(rate["percent"].split(".")[1]) == 1
    assert {"郑州市", "洛阳市"} <= {r["name"] for r in data["rows"]}


def test_rate_rounds_half_up_and_has_no_percent_without_denominator():
    r = rates.rates_from({"start": (1, 8), "production": (0, 0)})
    assert r[3].percent == D("12.5") and r[3].as_dict()["text"] == "12.5%"
    assert r[4].percent is None and r[4].as_dict()["text"] == "—"
    assert rates.rates_from({"approvals": (2, 3)})[0].percent == D("66.7")
