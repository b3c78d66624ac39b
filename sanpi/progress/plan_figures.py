"""年度计划 figures (完成率, 序时进度, 开工率 …) summed in one grouped pass.

Every sum is additive, so one pass over the year's annual plans grouped by a key (nothing, a child
region's code, or each project's region) gives the rows of any number of scopes, rolled up here.
Each plan's year-to-date completion (the largest 累计完成 of its counted reports up to the month)
and its monthly cumulative plan are LEFT JOINs to one grouped table and one unique row, not
subqueries run once per annual plan. Money on SQLite is integer hundredths (core.fields.MoneyField)
and is converted through the field, as the ORM would.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from sanpi.core.fields import MoneyField
from sanpi.projects.models import AnnualPlan, Project

from .evaluation import month_end
from .models import MonthlyPlan, MonthlyReport

COUNTED = ("submitted", "approved", "locked")
MONEY_KEYS = ("plan", "ytd", "cumulative", "plan_without_monthly")
COUNT_KEYS = ("projects", "planned_starts", "started", "early_starts", "not_started_as_planned",
              "planned_completions", "completed", "planned_productions", "produced")
_MONEY = MoneyField()


def empty_row() -> dict[str, Any]:
    return {**{k: None for k in MONEY_KEYS}, **{k: 0 for k in COUNT_KEYS}}


def add_into(total: dict[str, Any], row: dict[str, Any]) -> None:
    for key in MONEY_KEYS:
        if row[key] is not None:
            total[key] = row[key] if total[key] is None else total[key] + row[key]
    for key in COUNT_KEYS:
        total[key] += row[key]


def plan_rows(*, year: int, month: int, projects: QuerySet | None = None,
              group: str | None = None) -> dict[Any, dict[str, Any]]:
    """{group value: figures} over the live projects' plans for `year` (all projects, or those of
    `projects`, a Project queryset already scoped and filtered). `group` is a Project column
    ("region_id", "city_code" …) or None for one total row (key None). Figures: projects, plan,
    ytd, cumulative, plan_without_monthly (万元, None when there is no row to sum) and the counts of
    planned / actual starts, completions and productions."""
    qn = connection.ops.quote_name
    start, ends = dt.date(year, 1, 1), month_end(year, month)
    year_end = dt.date(year, 12, 31)
    p, ap = qn(Project._meta.db_table), qn(AnnualPlan._meta.db_table)
    mr, mp = qn(MonthlyReport._meta.db_table), qn(MonthlyPlan._meta.db_table)
    started = "p.started_on >= %s AND p.started_on <= %s"
    key_sql = f"p.{qn(group)}" if group else "NULL"
    sql = f"""
        SELECT {key_sql},
               COUNT(ap.id), SUM(ap.planned_investment_wan), SUM(COALESCE(y.m, 0)),
               SUM(mp.cumulative_planned_wan),
               SUM(CASE WHEN mp.cumulative_planned_wan IS NULL THEN ap.planned_investment_wan END),
               COUNT(CASE WHEN ap.planned_start BETWEEN %s AND %s THEN 1 END),
               COUNT(CASE WHEN {started} THEN 1 END),
               COUNT(CASE WHEN {started} AND ap.planned_start > %s THEN 1 END),
               COUNT(CASE WHEN ap.planned_start <= %s AND (p.started_on IS NULL OR p.started_on > %s) THEN 1 END),
               COUNT(CASE WHEN ap.planned_completion BETWEEN %s AND %s THEN 1 END),
               COUNT(CASE WHEN p.completed_on >= %s AND p.completed_on <= %s THEN 1 END),
               COUNT(CASE WHEN ap.planned_production BETWEEN %s AND %s THEN 1 END),
               COUNT(CASE WHEN p.produced_on >= %s AND p.produced_on <= %s THEN 1 END)
          FROM {ap} ap
          JOIN {p} p ON p.id = ap.project_id
          LEFT JOIN (SELECT project_id, MAX(ytd_completed_wan) AS m FROM {mr}
                      WHERE year = %s AND month <= %s AND is_current AND status IN (%s, %s, %s)
                      GROUP BY project_id) y ON y.project_id = ap.project_id
          LEFT JOIN {mp} mp ON mp.plan_id = ap.id AND mp.month = %s
         WHERE ap.year = %s AND p.stage <> 'terminated'"""
    params: list = [start, year_end, start, ends, start, ends, ends, ends, ends, start, year_end, start, ends,
                    start, year_end, start, ends, year, month, *COUNTED, month, year]
    if projects is not None:
        inner, inner_params = projects.order_by().values("pk").query.sql_with_params()
        sql += f" AND ap.project_id IN ({inner})"
        params += list(inner_params)
    if group:
        sql += f" GROUP BY p.{qn(group)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows: dict[Any, dict[str, Any]] = {}
    for key, count, *values in fetched:
        money, counts = values[:4], values[4:]
        row = {"projects": count}
        row.update({k: _money(v) for k, v in zip(MONEY_KEYS, money, strict=True)})
        row.update(dict(zip(COUNT_KEYS[1:], counts, strict=True)))
        rows[key] = row
    if not group and None not in rows:
        rows[None] = empty_row()
    return rows


def _money(value) -> Decimal | None:
    if value is None:
        return None
    if connection.vendor == "sqlite":
        return _MONEY.from_db_value(value, None, connection)
    return Decimal(value)
