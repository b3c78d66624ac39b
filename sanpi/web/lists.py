"""The list pages' rows, defined once: the filters a page reads from its query string, the columns it
sorts by, and the columns of its 导出 Excel. The page, its export and a queued export all call
`ListSpec.query(user=, params=)`, so the workbook holds exactly the rows the page lists, in its order.

(The ledger has its own: sanpi.stats.ledger and sanpi.ingest.exports.ledger_export.)
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from sanpi.activities import selectors as activities
from sanpi.activities.models import ListEntry, Period
from sanpi.core import bounds
from sanpi.ingest.exports import Col, _from, _get
from sanpi.progress import selectors as progress
from sanpi.progress.models import Colour, Dimension, MonthlyReport, Problem
from sanpi.projects.lifecycle import Stage
from sanpi.web.listing import Sort, sort_from

STATUS = dict(MonthlyReport.Status.choices)
COLOURS = dict(Colour.choices)
PROBLEM_KINDS, PROBLEM_STATUS = dict(Problem.Kind.choices), dict(Problem.Status.choices)
PERIOD_LEVELS, PERIOD_STATUS = dict(Period.Level.choices), dict(Period.Status.choices)
STAGES = dict(Stage.choices)


@dataclass(frozen=True)
class ListSpec:
    name: str  # the export URL's kind
    title: str  # sheet title and file name
    sorts: Mapping[str, str | tuple[str, ...]]
    default_sort: str
    rows: Callable[..., QuerySet]  # (user, params) -> the filtered rows, unsorted
    columns: Callable[[], list[Col]]

    def query(self, *, user, params) -> tuple[Sort, QuerySet]:
        sort = sort_from(params, self.sorts, self.default_sort)
        return sort, sort.order(self.rows(user, params))

    def values(self) -> tuple[str, ...]:
        """The fields the export reads (every column's), for one `.values_list()` stream."""
        names: list[str] = []
        for col in self.columns():
            names += [f for f in col.value.fields if f != "_n" and f not in names]
        return tuple(names)


def number(value, default=None):
    """A year, month or id from the query string; anything else (², a 23-digit number) is the default."""
    parsed = bounds.parse_id(value) if value else None
    return parsed if parsed is not None else default


def month_of(params) -> tuple[int, int]:
    """?period=2024-06 or ?year=&month=; default: the latest evaluated month, else last month."""
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", params.get("period", ""), re.ASCII):
        return int(match[1]), min(max(int(match[2]), 1), 12)
    year, month = number(params.get("year")), number(params.get("month"))
    if year and month and 1 <= month <= 12 and year < 10_000:
        return year, month
    return progress.latest_evaluated_month() or progress.previous_month(timezone.localdate())


def _choice(params, key: str, choices: Mapping) -> str | None:
    value = params.get(key) or None
    return value if value in choices else None


def _yyyymm(year, month) -> str:
    return f"{year}-{month:02d}"


def _when(value) -> str | None:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else None


# ---------------------------------------------------------------- monthly reports

def _reports(user, params):
    year, month = number(params.get("year")), number(params.get("month"))
    return progress.report_list(user=user, year=year if year and year < 10_000 else None,
                                month=month if month and month <= 12 else None,
                                status=_choice(params, "status", STATUS))


REPORTS = ListSpec(
    name="reports", title="月报",
    sorts={"name": "project__name", "region": "project__region_id", "month": ("year", "month"),
           "month_wan": "month_completed_wan", "ytd_wan": "ytd_completed_wan",
           "since_start_wan": "since_start_completed_wan", "status": "status", "submitted": "submitted_at"},
    default_sort="-month", rows=_reports,
    columns=lambda: [
        Col("序号", _get("_n"), "number", 6), Col("项目名称", _get("project__name"), width=36),
        Col("项目代码", _get("project__code"), width=26), Col("建设地点", _get("project__region__name")),
        Col("报告期", _from(("year", "month"), _yyyymm), width=9),
        Col("本月完成投资（万元）", _get("month_completed_wan"), "number"),
        Col("自年初累计（万元）", _get("ytd_completed_wan"), "number"),
        Col("开工以来累计（万元）", _get("since_start_completed_wan"), "number"),
        Col("状态", _from(("status",), STATUS.get), width=8), Col("版本", _get("version"), "number", 6),
        Col("报送时间", _from(("submitted_at",), _when), width=17),
    ])

# ---------------------------------------------------------------- lights


def _lights(user, params):
    year, month = month_of(params)
    return progress.light_list(user=user, year=year, month=month, colour=_choice(params, "colour", COLOURS),
                               dimension=_choice(params, "dimension", dict(Dimension.choices)))


LIGHTS = ListSpec(
    name="lights", title="红黄绿灯",
    sorts={"colour": "severity", "name": "project__name", "region": "project__region_id",
           "rule": ("rule_set__name", "rule_set__version")},
    default_sort="-colour", rows=_lights,
    columns=lambda: [
        Col("序号", _get("_n"), "number", 6), Col("月份", _from(("year", "month"), _yyyymm), width=9),
        Col("灯色", _from(("colour",), COLOURS.get), width=6), Col("项目名称", _get("project__name"), width=36),
        Col("项目代码", _get("project__code"), width=26), Col("建设地点", _get("project__region__name")),
        Col("原因", _from(("reasons",), lambda r: "；".join(r or []) or None), width=60),
        Col("适用规则", _from(("rule_set__name", "rule_set__version"),
                           lambda name, v: f"{name}（第{v}版）" if name else None), width=30),
    ])

# ---------------------------------------------------------------- problems


def _problems(user, params):
    overdue = params.get("overdue") == "1"
    return progress.problem_list(user=user, status=_choice(params, "status", PROBLEM_STATUS),
                                 kind=_choice(params, "kind", PROBLEM_KINDS),
                                 overdue_on=timezone.localdate() if overdue else None)


PROBLEMS = ListSpec(
    name="problems", title="协调事项",
    sorts={"name": "project__name", "kind": "kind", "department": "responsible_department",
           "raised": "raised_at", "deadline": "deadline", "status": "status", "letters": "letters"},
    default_sort="deadline", rows=_problems,
    columns=lambda: [
        Col("序号", _get("_n"), "number", 6), Col("项目名称", _get("project__name"), width=36),
        Col("建设地点", _get("project__region__name")), Col("类型", _from(("kind",), PROBLEM_KINDS.get), width=10),
        Col("问题描述", _get("description"), "long", 50), Col("责任单位", _get("responsible_department"), width=20),
        Col("提出日期", _get("raised_at"), "date", 11), Col("办结时限", _get("deadline"), "date", 11),
        Col("状态", _from(("status",), PROBLEM_STATUS.get), width=8), Col("销号日期", _get("resolved_at"), "date", 11),
        Col("函件（份）", _get("letters"), "number", 8),
    ])

# ---------------------------------------------------------------- 三个一批 periods and key-project lists


def _periods(user, params):
    return activities.period_list(user=user, level=_choice(params, "level", PERIOD_LEVELS))


def _period_columns() -> list[Col]:
    columns = [Col("期次", _from(("number",), lambda n: f"第{n}期"), width=8),
               Col("活动日期", _get("held_on"), "date", 11), Col("级别", _from(("level",), PERIOD_LEVELS.get), width=8),
               Col("举办地区", _get("host_region__name")), Col("状态", _from(("status",), PERIOD_STATUS.get), width=8)]
    for batch, label in ListEntry.Batch.choices:
        columns += [Col(f"{label}一批（个）", _get(f"{batch}_count"), "number", 10),
                    Col(f"{label}总投资（万元）", _get(f"{batch}_total"), "number", 14)]
    return columns


PERIODS = ListSpec(
    name="periods", title="三个一批活动期次",
    sorts={"held_on": ("held_on", "number"), "number": "number", "level": "level", "region": "host_region_id",
           "status": "status", "signed_count": "signed_count", "signed_total": "signed_total",
           "started_count": "started_count", "started_total": "started_total",
           "producing_count": "producing_count", "producing_total": "producing_total"},
    default_sort="-held_on", rows=_periods, columns=_period_columns)


def _batch(params) -> str:
    return params.get("batch") if params.get("batch") in ListEntry.Batch.values else ListEntry.Batch.SIGNED


def _period_entries(user, params):
    period = activities.period_get(user=user, period_id=params.get("period"))
    return activities.period_entry_list(user=user, period=period, batch=_batch(params))


PERIOD_ENTRIES = ListSpec(
    name="period_entries", title="三个一批清单",
    sorts={"name": "project__name", "region": "region_id", "total": "declared_total_investment_wan",
           "plan": "declared_annual_plan_wan"},
    default_sort="-total", rows=_period_entries,
    columns=lambda: [
        Col("序号", _get("_n"), "number", 6), Col("期次", _from(("period__number",), lambda n: f"第{n}期"), width=8),
        Col("清单", _from(("batch",), lambda b: f"{dict(ListEntry.Batch.choices)[b]}一批"), width=10),
        Col("项目名称", _get("project__name"), width=36), Col("项目代码", _get("project__code"), width=26),
        Col("所在地（列入时）", _get("region__name"), width=16),
        Col("申报总投资（万元）", _get("declared_total_investment_wan"), "number", 14),
        Col("申报年度计划投资（万元）", _get("declared_annual_plan_wan"), "number", 14),
        Col("结转自", _from(("carried_from__period__number",), lambda n: f"第{n}期开工一批" if n else None), width=14),
        Col("低于门槛列入理由", _get("threshold_override_reason"), "long", 30),
    ])

KEYLISTS = ListSpec(
    name="keylists", title="重点建设项目名单",
    sorts={"name": "name", "level": "level", "region": "region_id", "year": ("year", "batch"),
           "batch": "batch", "n": "n", "total": "total"},
    default_sort="-year", rows=lambda user, params: activities.keylist_list(user=user),
    columns=lambda: [
        Col("名单", _get("name"), width=30), Col("发布地区", _get("region__name")), Col("年度", _get("year"), "number", 6),
        Col("批次", _from(("batch",), lambda b: f"第{b}批"), width=6), Col("项目（个）", _get("n"), "number", 8),
        Col("总投资（万元）", _get("total"), "number", 14),
    ])


def _keylist_entries(user, params):
    key_list = activities.keylist_get(user=user, key_list_id=params.get("keylist"))
    return activities.keylist_entry_list(user=user, key_list=key_list)


KEYLIST_ENTRIES = ListSpec(
    name="keylist_entries", title="重点建设项目",
    sorts={"name": "project__name", "region": "project__region_id", "stage": "project__stage",
           "total": "declared_total_investment_wan"},
    default_sort="-total", rows=_keylist_entries,
    columns=lambda: [
        Col("序号", _get("_n"), "number", 6), Col("名单", _get("key_list__name"), width=30),
        Col("项目名称", _get("project__name"), width=36), Col("项目代码", _get("project__code"), width=26),
        Col("所在地", _get("project__region__name")), Col("当前阶段", _from(("project__stage",), STAGES.get), width=8),
        Col("总投资（万元）", _get("declared_total_investment_wan"), "number", 14),
    ])

SPECS = {spec.name: spec for spec in (REPORTS, LIGHTS, PROBLEMS, PERIODS, PERIOD_ENTRIES, KEYLISTS, KEYLIST_ENTRIES)}


def export_url(spec: ListSpec, params, **extra) -> str:
    """The 导出 Excel link of a list page: its query string (filters and sort, not the page) plus the
    ids its path carries (`period=`, `keylist=`)."""
    from django.urls import reverse

    query = params.copy()
    query.pop("page", None)
    for key, value in extra.items():
        query[key] = str(value)
    return f"{reverse('ingest:export_list', args=[spec.name])}?{query.urlencode()}"
