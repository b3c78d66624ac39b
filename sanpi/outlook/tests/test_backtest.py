"""Backtest on the demo's earlier years, month by month: the seasonal forecast must beat the naive
序时 extrapolation on mean absolute error. Builds the demo once for the module; prints both MAEs."""

import pytest
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.accounts.models import User
from sanpi.outlook import lookahead
from sanpi.progress import demo as progress_demo
from sanpi.projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_history(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=150)
        progress_demo.build()
        yield
        reset_database_baseline()


def test_forecast_beats_the_naive_extrapolation_on_earlier_years(demo_history):
    province = User.objects.get(username="province")
    this_year = timezone.localdate().year
    result = lookahead.backtest(user=province, years=(progress_demo.START_YEAR + 1, this_year - 1))
    print(f"\nbacktest {result['years']}: {result['cases']} cases, "
          f"forecast MAE {result['forecast_mae']} 万元, naive 序时 MAE {result['naive_mae']} 万元")
    assert result["cases"] >= 200 and result["years"]
    assert result["forecast_mae"] < result["naive_mae"]


def test_the_zone_backtest_uses_only_its_own_projects(demo_history):
    jingkai = User.objects.get(username="jingkai")
    province = User.objects.get(username="province")
    years = (progress_demo.START_YEAR + 1, timezone.localdate().year - 1)
    zone, whole = lookahead.backtest(user=jingkai, years=years), lookahead.backtest(user=province, years=years)
    assert 0 < zone["cases"] < whole["cases"]
