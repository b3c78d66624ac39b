"""The dashboard from grouped passes equals the per-scope figures, and the annual-plan figures of one
grouped SQL pass equal the ORM's per-plan subqueries they replaced (kept here as the reference), on
the demo data with monthly reports, monthly plans and lights."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.accounts.access import is_global, scope_projects
from sanpi.accounts.models import Region, User
from sanpi.activities.models import KeyProjectEntry, KeyProjectList
from sanpi.core.fields import MoneyField
from sanpi.progress import demo as progress_demo
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.evaluation import month_end
from sanpi.progress.models import MonthlyPlan, MonthlyReport
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import AnnualPlan, Project
from sanpi.stats import rate_selectors, selectors, snapshot
from sanpi.stats.keys import KeyLists
from sanpi.stats.models import DashboardSnapshot
from sanpi.stats.refresh import GroupedPasses, refresh_all
from sanpi.testing import make_user

pytestmark = pytest.mark.django_db
MONEY = MoneyField()
SCOPES = [("province", "410000"), ("city", "410100"), ("city", "410200"), ("zone", "410171"),
          ("zone", "410102"), ("city", "419001")]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=600)
        progress_demo.build()
        yield
        reset_database_baseline()


@pytest.fixture
def users(world):
    made = [make_user(f"refresh_{role}_{code}", role=role, region=code) for role, code in SCOPES]
    made.append(User.objects.create_superuser("refresh_global", "g@example.invalid", "demo12345"))
    return made


def _county_outside_zhengzhou():
    """The county (not a zone) outside 郑州 with the most live projects: a scope with its own rows."""
    counts = (Project.objects.filter(region__kind=Region.Kind.COUNTY).exclude(city_code="410100")
              .values("region_id").annotate(n=Count("id")).order_by("-n", "region_id"))
    return counts[0]["region_id"]


@pytest.fixture
def key_lists(users):
    """Key-project lists at every level the rules tell apart: the province's two batches of this year,
    郑州's list of next year (the latest year its scopes and the province see), a city and a county list
    elsewhere of this year; one listed project without 总投资 (never shown before one with it)."""
    year = timezone.localdate().year
    county = _county_outside_zhengzhou()
    city = Region.objects.get(pk=county).parent_id
    live = Project.objects.exclude(stage="terminated").order_by("id")

    def make(level, region, list_year, batch, projects):
        made = KeyProjectList.objects.create(level=level, region_id=region, year=list_year, batch=batch,
                                             name=f"测试名单 {region} {list_year} {batch}")
        KeyProjectEntry.objects.bulk_create([KeyProjectEntry(key_list=made, project=p) for p in projects])
        return made

    make("province", "410000", year, 1, live[::7])
    make("province", "410000", year, 2, live[3::11])
    make("city", "410100", year + 1, 1, live.filter(city_code="410100")[::5])
    make("city", city, year, 1, live.filter(city_code=city)[::2])
    make("county", county, year, 1, live.filter(region_id=county))
    Project.objects.filter(pk=live.filter(region_id=county).first().pk).update(total_investment_wan=None)
    made = users + [make_user(f"refresh_keys_county_{county}", role="zone", region=county),
                    make_user(f"refresh_keys_city_{city}", role="city", region=city)]
    return made


# ---- the ORM implementation the grouped SQL replaced (correlated subqueries per annual plan) ----

def _reference_plans(*, user, year, month):
    qs = scope_projects(AnnualPlan.objects.filter(year=year), user, region_field="project__region")
    qs = qs.exclude(project__stage="terminated")
    ytd = (MonthlyReport.objects.filter(project=OuterRef("project_id"), year=year, month__lte=month,
                                        is_current=True, status__in=("submitted", "approved", "locked"))
           .order_by().values("project").annotate(m=Max("ytd_completed_wan")).values("m"))
    cumulative = MonthlyPlan.objects.filter(plan=OuterRef("pk"), month=month).values("cumulative_planned_wan")[:1]
    return qs.annotate(ytd_done=Coalesce(Subquery(ytd, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
                       monthly_cumulative=Subquery(cumulative, output_field=MONEY))


def _reference_aggregates(year, month):
    start, ends = dt.date(year, 1, 1), month_end(year, month)
    started = Q(project__started_on__gte=start, project__started_on__lte=ends)
    return {
        "projects": Count("id"), "plan": Sum("planned_investment_wan"), "ytd": Sum("ytd_done"),
        "cumulative": Sum("monthly_cumulative"),
        "plan_without_monthly": Sum("planned_investment_wan", filter=Q(monthly_cumulative__isnull=True)),
        "planned_starts": Count("id", filter=Q(planned_start__year=year)),
        "started": Count("id", filter=started),
        "early_starts": Count("id", filter=started & Q(planned_start__gt=ends)),
        "not_started_as_planned": Count("id", filter=Q(planned_start__lte=ends) & (
            Q(project__started_on__isnull=True) | Q(project__started_on__gt=ends))),
        "planned_completions": Count("id", filter=Q(planned_completion__year=year)),
        "completed": Count("id", filter=Q(project__completed_on__gte=start, project__completed_on__lte=ends)),
        "planned_productions": Count("id", filter=Q(planned_production__year=year)),
        "produced": Count("id", filter=Q(project__produced_on__gte=start, project__produced_on__lte=ends)),
    }


def _reference_summary(user, year, month):
    row = _reference_plans(user=user, year=year, month=month).aggregate(**_reference_aggregates(year, month))
    return progress_selectors.plan_summary(row, month)


def _reference_by_region(user, year, month):
    if is_global(user):
        parent_path, children = "", Region.objects.filter(parent__isnull=True)
    else:
        parent_path, children = user.region.path, Region.objects.filter(parent=user.region)
    child = Substr("project__region__path", len(parent_path) + 1, 6)
    if not is_global(user) and user.region.kind == Region.Kind.PROVINCE:
        # A province's rows are its reporting units: 航空港区 its own row, not inside 郑州's.
        children = Region.objects.filter(path__startswith=parent_path, reporting_unit=F("code"))
        child = Coalesce("project__region__reporting_unit", child)
    names = dict(children.values_list("code", "name"))
    qs = _reference_plans(user=user, year=year, month=month).annotate(child=child)
    rows = qs.values("child").annotate(**_reference_aggregates(year, month)).order_by("child")
    return [{"code": r["child"], "name": names[r["child"]], **progress_selectors.plan_summary(r, month)}
            for r in rows if r["child"] in names]


def _months():
    today = timezone.localdate()
    last = progress_selectors.previous_month(today)
    return [last, (last[0], max(1, last[1] - 3)), (last[0] - 1, 12)]


def test_plan_figures_equal_the_per_plan_subqueries(users):
    assert MonthlyReport.objects.exists() and MonthlyPlan.objects.exists()
    for user in users:
        for year, month in _months():
            assert progress_selectors.progress_summary(user=user, year=year, month=month) == \
                _reference_summary(user, year, month), (user.username, year, month)
            new = progress_selectors.progress_by_region(user=user, year=year, month=month)
            assert new == _reference_by_region(user, year, month), (user.username, year, month)
    province = users[0]
    year, month = _months()[0]
    summary = progress_selectors.progress_summary(user=province, year=year, month=month)
    assert summary["projects"] > 0 and summary["ytd_wan"] > 0  # the comparison saw real figures
    # Money keeps its two places as the ORM read it (the page prints it).
    assert str(summary["planned_wan"]) == str(_reference_summary(province, year, month)["planned_wan"])


def test_rates_money_equals_the_per_plan_subqueries(users):
    """The rates' plan money (完成率, 序时进度, 支付率's denominator) from one set-based pass equals
    the sums of plans_with_done's per-plan subqueries it replaced, region by region."""
    seen = 0
    for user in users[:3]:  # the province and two cities
        for year, month in _months():
            got = rate_selectors.figures_by_region(user=user, region=user.region, year=year, month=month)
            plans = progress_selectors.plans_with_done(user=user, year=year, month=month, region=user.region.code)
            reference = plans.values("project__region_id").annotate(
                plan=Sum("planned_investment_wan"), ytd=Sum("ytd_done"), cumulative=Sum("monthly_cumulative"),
                without=Sum("planned_investment_wan", filter=Q(monthly_cumulative__isnull=True))).order_by()
            for row in reference:
                figures = got[row["project__region_id"]]
                plan, ytd = row["plan"] or Decimal(0), row["ytd"] or Decimal(0)
                benchmark = ((row["cumulative"] or Decimal(0)) + (row["without"] or Decimal(0)) * month / 12)
                assert figures["investment"] == (ytd, plan) and str(figures["investment"][1]) == str(plan)
                assert figures["benchmark"] == (benchmark.quantize(Decimal("0.01")), plan)
                assert figures["funds_payment"][1] == ytd
                seen += bool(ytd)
            assert {code for code, f in got.items() if f["investment"][1]} == \
                {row["project__region_id"] for row in reference if row["plan"]}
    assert seen > 5  # real completions were compared


def _without_time(figures):
    return {k: v for k, v in figures.items() if k != "computed_at"}


def test_grouped_passes_equal_per_scope_figures(users):
    today = timezone.localdate()
    passes = GroupedPasses(today=today)
    for user in users:
        assert _without_time(passes.figures(user)) == _without_time(selectors.compute_figures(user=user, today=today)), \
            user.username
    province = passes.figures(users[0])
    assert province["ledger"].total.count > 500 and province["completion"]["rows"]
    # the rates, rolled up from one grouped pass, for 河南省 and each 省辖市 (equal to the per-scope ones above)
    assert province["rates"][0]["name"] == "河南省" and len(province["rates"]) > 17
    assert any(r.denominator for r in province["rates"][0]["rates"])
    assert sum(c["count"] for c in province["lights"]["colours"].values()) > 0
    # The published rates (read from the snapshot by the page, not recomputed per request) were compared
    # on real figures: rows below the province, rates with a denominator.
    assert len(province["rates"]) > 1 and any(r.denominator for row in province["rates"] for r in row["rates"])


def test_refresh_all_stores_every_scope(key_lists):
    users = key_lists
    today = timezone.localdate()
    leader = User.objects.filter(username="leader").first()
    timings = dict(refresh_all(today=today))
    keys = {selectors.scope_key(u) for u in users}
    assert keys <= set(timings) and "（分组汇总）" in timings
    if leader is not None:
        assert selectors.scope_key(leader) in timings
    stored = {s.scope for s in DashboardSnapshot.objects.filter(day=today)}
    assert keys <= stored
    for user in users:
        got = selectors.dashboard_figures(user=user, today=today)  # read back from the stored JSON
        fresh = snapshot.from_json(snapshot.to_json(selectors.compute_figures(user=user, today=today)))
        assert _without_time(got) == _without_time(fresh)


def test_key_projects_of_every_scope_equal_the_per_scope_query(key_lists):
    """The key projects chosen from one read of every list (keys.py) are key_projects' of each scope:
    the province, cities, a zone, counties and the global scope, with lists of several years, levels
    and batches and a project without 总投资."""
    today = timezone.localdate()
    passes = GroupedPasses(today=today, users=key_lists)
    for user in key_lists:
        expected = selectors.key_projects(user=user, today=today)
        assert passes.figures(user)["keys"] == expected, user.username
        # a scope not chosen with the others is chosen on its own, equally
        assert KeyLists(today=today, table=passes.table).payloads([user])[selectors.scope_key(user)] == expected
    shown = {u.username: selectors.key_projects(user=u, today=today) for u in key_lists}
    year = today.year
    # the comparison saw the rules at work: 郑州's later list wins for the province, not for 洛阳's county
    assert shown["refresh_province_410000"]["year"] == year + 1
    assert shown["refresh_zone_410171"]["year"] == year + 1 and shown["refresh_zone_410171"]["projects"]
    county = next(u for u in key_lists if u.username.startswith("refresh_keys_county_"))
    totals = [kp.total_investment_wan for kp, _ in shown[county.username]["projects"]]
    assert shown[county.username]["year"] == year and len(totals) > 2
    # largest first; the project without 总投资 after every one with it (PostgreSQL sorts NULL first)
    assert totals == sorted(totals[:-1], reverse=True) + [None] or (None not in totals and totals == sorted(totals, reverse=True))
    city = next(u for u in key_lists if u.username.startswith("refresh_keys_city_"))
    assert shown[city.username]["link"] != shown["refresh_province_410000"]["link"]


def test_grouped_passes_equal_per_scope_figures_with_key_lists(key_lists):
    today = timezone.localdate()
    passes = GroupedPasses(today=today, users=key_lists)
    for user in key_lists:
        assert _without_time(passes.figures(user)) == _without_time(selectors.compute_figures(user=user, today=today)), \
            user.username
