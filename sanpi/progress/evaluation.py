"""The monthly evaluation: every project's light per dimension and overall, in one set-based pass.

A handful of aggregate queries fetch the figures of all projects in scope (values() rows, no query
per project); the pure rules in rules.py decide the colours in memory, once per distinct input of
a dimension (projects sharing the inputs share the verdict); light_writes.py then writes only the
rows that changed. History stays: each month keeps its own rows.

Which projects: those with an annual plan for the year (the year's tracked projects), except
terminated ones. Reference date (`as_of`): by default the earlier of today and the last day of the
following month — reports due on the 5th are judged when the following month has closed, and
re-evaluating an old month later gives the same answer.
"""

import calendar
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from sanpi.projects.models import AnnualPlan

from . import dimensions, light_writes, rules
from .models import (
    EvaluationRun,
    MonthlyPlan,
    MonthlyReport,
    Problem,
    ReportingMonth,
    RuleSet,
)

COUNTED = ("submitted", "approved", "locked")
MILESTONES = (("planned_completion", "completed_on", "竣工"), ("planned_production", "produced_on", "投产"))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_as_of(year: int, month: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    following = month_end(year + month // 12, month % 12 + 1)
    return min(today, following)


@dataclass
class LoadedSet:
    id: int
    name: str
    version: int
    effective_from: dt.date
    scope_path: str | None
    is_default: bool
    rule_list: list[rules.Rule] = field(default_factory=list)


def _rule_sets(ends: dt.date) -> tuple[list[LoadedSet], dict[str, list[LoadedSet]]]:
    sets = []
    for rs in RuleSet.objects.select_related("scope_region").prefetch_related("rules"):
        sets.append(LoadedSet(
            rs.pk, rs.name, rs.version, rs.effective_from, rs.scope_region.path if rs.scope_region_id else None,
            rs.is_default,
            [rules.Rule(r.dimension, r.yellow_threshold, r.red_threshold, r.threshold_kind, r.consecutive_months)
             for r in rs.rules.all()],
        ))
    chains: dict[str, list[LoadedSet]] = defaultdict(list)
    for s in sets:
        chains[s.name].append(s)
    return sets, chains


def _latest(candidates: list[LoadedSet]) -> LoadedSet | None:
    return max(candidates, key=lambda s: (s.effective_from, s.version), default=None)


class RuleChooser:
    """Which rule set applies to a project: one listing it, else the deepest region-scoped set, else
    the default set's version in force (its first version for months before any took effect)."""

    def __init__(self, ends: dt.date, listed: dict[int, list[int]]):
        self.sets, chains = _rule_sets(ends)
        in_force = [s for s in self.sets if s.effective_from <= ends]
        self.by_id = {s.id: s for s in self.sets}
        self.listed = listed
        self.regional = [s for s in in_force if s.scope_path]
        default = next((s for s in self.sets if s.is_default), None)
        self.default = None
        if default is not None:
            chain = chains[default.name]
            self.default = _latest([s for s in chain if s.effective_from <= ends]) or min(chain, key=lambda s: s.version)
        self.in_force_ids = {s.id for s in in_force}
        self._by_path: dict[str, LoadedSet | None] = {}

    def choose(self, project_id: int, region_path: str) -> LoadedSet | None:
        listed = [self.by_id[i] for i in self.listed.get(project_id, ()) if i in self.in_force_ids]
        if listed:
            return _latest(listed)
        if region_path not in self._by_path:
            matching = [s for s in self.regional if region_path.startswith(s.scope_path)]
            deepest = max((len(s.scope_path) for s in matching), default=0)
            self._by_path[region_path] = _latest([s for s in matching if len(s.scope_path) == deepest]) or self.default
        return self._by_path[region_path]


class DueDates:
    """Report due dates per month and region (ReportingMonth overrides, else the 5th of the next month)."""

    def __init__(self, year: int):
        self.rows: dict[tuple[int, str | None], dt.date] = {
            (m, code): due for m, code, due in ReportingMonth.objects.filter(year=year)
            .values_list("month", "region_id", "due_date")
        }
        self.year = year
        self._cache: dict[tuple[int, str], dt.date] = {}

    def get(self, month: int, region_path: str) -> dt.date:
        key = (month, region_path)
        if key not in self._cache:
            due = None
            for code in reversed([c for c in region_path.split("/") if c]):
                due = self.rows.get((month, code))
                if due:
                    break
            self._cache[key] = due or self.rows.get((month, None)) or ReportingMonth.default_due_date(self.year, month)
        return self._cache[key]


class _Converters:
    """Database values to what the ORM would return, for the few types the load reads; the ORM's
    converters cost more than the queries (SQLite: money in integer hundredths, dates as text)."""

    def __init__(self):
        sqlite = connection.vendor == "sqlite"
        cent = Decimal("0.01")
        self.money = (lambda v: None if v is None else (Decimal(v) / 100).quantize(cent)) if sqlite else None
        # Declared date/datetime/bool columns arrive converted (Django registers sqlite3 converters);
        # aggregates over them arrive as text.
        self.date = (lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v) if sqlite else None
        self.bool = bool if sqlite else None
        self.datetime = ((lambda v: None if v is None else (
            dt.datetime.fromisoformat(v) if isinstance(v, str) else v).replace(tzinfo=dt.UTC)) if sqlite else None)


def _raw(queryset, converters: list) -> list[tuple]:
    """The queryset's rows as plain tuples, converted only where `converters` says."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    used = [(i, f) for i, f in enumerate(converters) if f is not None]
    if not used:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i, f in used:
            row[i] = f(row[i])
        converted.append(tuple(row))
    return converted


def _load(year: int, month: int, project_ids, as_of: dt.date, window_start: int):
    """The figures of every project in scope, with a few set-based queries."""
    plans = AnnualPlan.objects.filter(year=year).exclude(project__stage="terminated")
    monthly = MonthlyPlan.objects.filter(plan__year=year, month__in=[month - 1, month])
    reports = MonthlyReport.objects.filter(year=year, month__lte=month, is_current=True, status__in=COUNTED)
    problems = Problem.objects.filter(raised_at__lte=as_of).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=as_of))
    listed = RuleSet.listed_projects.through.objects.all()
    if project_ids is not None:
        plans = plans.filter(project_id__in=project_ids)
        monthly = monthly.filter(plan__project_id__in=project_ids)
        reports = reports.filter(project_id__in=project_ids)
        problems = problems.filter(project_id__in=project_ids)
        listed = listed.filter(project_id__in=project_ids)
    c = _Converters()
    plan_rows = _raw(plans.values_list(
        "project_id", "planned_investment_wan", "planned_start", "planned_completion", "planned_production",
        "project__name", "project__region_id", "project__region__path", "project__started_on",
        "project__completed_on", "project__produced_on", "project__in_statistics", "project__in_statistics_date",
        "project__planned_start_date", "project__total_investment_wan",
    ), [None, c.money, c.date, c.date, c.date, None, None, None, c.date, c.date, c.date, c.bool, c.date, c.date,
        c.money])
    cumulative = {(pid, m): value for pid, m, value in _raw(
        monthly.values_list("plan__project_id", "month", "cumulative_planned_wan"), [None, None, c.money])}
    ytd = {pid: (value, last) for pid, value, last in _raw(
        reports.values("project_id").annotate(ytd=Max("ytd_completed_wan"), last=Max("month"))
        .values_list("project_id", "ytd", "last"), [None, c.money, None])}
    submitted: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    for pid, m, at in _raw(reports.filter(month__gte=window_start).values_list("project_id", "month", "submitted_at"),
                           [None, None, c.datetime]):
        submitted[pid][m] = at
    open_problems = {pid: (n, overdue, earliest) for pid, n, overdue, earliest in _raw(
        problems.values("project_id").annotate(
            n=Count("id"), overdue=Count("id", filter=Q(deadline__lt=as_of)),
            earliest=Min("deadline", filter=Q(deadline__lt=as_of)),
        ).values_list("project_id", "n", "overdue", "earliest"), [None, None, None, c.date])}
    listed_map: dict[int, list[int]] = defaultdict(list)
    for pid, set_id in listed.values_list("project_id", "ruleset_id"):
        listed_map[pid].append(set_id)
    return plan_rows, cumulative, ytd, submitted, open_problems, listed_map


def _months_overdue(submitted: dict[int, dt.datetime], month: int, window: int, due_of, as_of: dt.date,
                    tz) -> tuple[int | None, int, dt.date]:
    """Consecutive months, ending with the latest month whose due date has passed (`month`, or the
    month before while `month` is not yet due), whose report was not submitted by its due date:
    (count, that latest due month, its due date). The window counts due months only, so a month not
    yet due never hides an overdue pair. (None, month, due) when no month of the year is due yet."""
    latest = month if as_of > due_of(month) else month - 1
    if latest < 1:
        return None, month, due_of(month)
    count = 0
    for m in range(latest, max(0, latest - window), -1):
        due = due_of(m)
        at = submitted.get(m)
        if at is not None and at.astimezone(tz).date() <= due:
            break
        count += 1
    return count, latest, due_of(latest)


def _judge(rule: rules.Rule, row: dict, ctx: dict) -> rules.Verdict | None:
    """The verdict of one dimension for one project, or None when the dimension does not apply."""
    year, month, ends = ctx["year"], ctx["month"], ctx["ends"]
    if rule.dimension == "investment_pace":
        # While this month's report is not yet due and not in, the pace is judged on the month before
        # (its figures against its 序时进度): a report that may still arrive on time is not "未报".
        judged = row["pace_month"]
        if not row["plan"] or judged < 1:
            return None
        period = rules.period_label(judged)
        verdict = rules.judge_investment_pace(rule, ytd=row["ytd"], annual_plan=row["plan"],
                                              benchmark=row["benchmark"], month=judged)
        reason = verdict.reason
        if row["last_month"] is not None and row["last_month"] < judged:
            reason = reason.replace(f"{period}累计", f"{period}累计（{judged}月未报，按{row['last_month']}月累计数）", 1)
        elif row["last_month"] is None:
            reason = reason.replace(f"{period}累计", f"{period}累计（本年尚无已报送月报）", 1)
        if judged < month:
            reason += f"（{month}月月报截止 {row['month_due']:%Y-%m-%d}，尚未到期）"
        return rules.Verdict(verdict.colour, reason, verdict.figures)
    if rule.dimension == "start_delay":
        planned = row["planned_start"]
        started = row["started_on"]
        if planned is None or (started is not None and started < dt.date(year, 1, 1)):
            return None
        return rules.judge_start_delay(rule, planned_start=planned, started_on=started, year=year, month=month)
    if rule.dimension == "not_in_statistics":
        started = row["started_on"]
        total = row["total"]
        if started is None or started > ends or (total is not None and total < 500):
            return None
        entered = row["in_statistics_date"] or (dt.date.min if row["in_statistics"] else None)
        if entered == dt.date.min:
            return rules.Verdict(rules.GREEN, "已入库 → 绿灯", {"in_statistics": True})
        return rules.judge_not_in_statistics(rule, started_on=started, in_statistics_date=entered, month_end=ends)
    if rule.dimension == "report_overdue":
        count, latest, due = row["overdue"]
        if count is None:
            return rules.Verdict(rules.GREEN, f"{month}月月报截止 {due:%Y-%m-%d}，尚未到期", {"due_date": due})
        return rules.judge_report_overdue(rule, months_overdue=count, latest_due=due, month=latest)
    if rule.dimension == "milestone_overdue":
        verdicts = [rules.judge_milestone_overdue(rule, label=label, planned=row[planned], reached=row[reached],
                                                  month_end=ends)
                    for planned, reached, label in MILESTONES if row[planned] is not None]
        if not verdicts:
            return None
        return max(verdicts, key=lambda v: rules.SEVERITY[v.colour])
    if rule.dimension == "problem_overdue":
        n, overdue, earliest = row["problems"]
        if not n:
            return None
        return rules.judge_problem_overdue(rule, open_count=n, overdue_count=overdue, earliest_deadline=earliest,
                                           as_of=ctx["as_of"])
    return dimensions.judge(rule, row, ctx["extra"], ends)


def _memo_key(rule: rules.Rule, row: dict, extra: dict[str, dict]) -> tuple:
    """The inputs that decide one dimension's verdict (with the run's year, month and as_of fixed):
    projects with the same inputs share one verdict, so the rules run once per distinct input, not
    once per project — most dimensions see a few hundred distinct inputs over 100,000 projects.
    Rules are keyed by identity (hashing their Decimal thresholds costs more): the rule sets loaded
    for the run hold them until it ends."""
    d = rule.dimension
    if d == "investment_pace":
        return (id(rule), row["plan"], row["ytd"], row["last_month"], row["pace_month"], row["benchmark"],
                row["month_due"] if row["pace_month"] < row["month"] else None)
    if d == "start_delay":
        return id(rule), row["planned_start"], row["started_on"]
    if d == "not_in_statistics":
        return id(rule), row["started_on"], row["total"] is not None and row["total"] < 500, row["in_statistics_date"], \
            row["in_statistics"]
    if d == "report_overdue":
        return id(rule), row["overdue"]
    if d == "milestone_overdue":
        return id(rule), row["planned_completion"], row["completed_on"], row["planned_production"], row["produced_on"]
    if d == "problem_overdue":
        return id(rule), row["problems"]
    if d in dimensions.MODULES:
        # Judged from the other app's figures of the project: keyed by those figures, not by the
        # project (most projects have none, or the same catalogue at the same dates).
        return id(rule), dimensions.memo_key(rule, row, extra)
    return id(rule), None  # a dimension the rules do not know: no verdict


@transaction.atomic
def evaluate_month(*, year: int, month: int, project_ids: list[int] | None = None, as_of: dt.date | None = None,
                   run_by=None) -> dict:
    """Evaluate (year, month) for all tracked projects, or only `project_ids`; bring that month's
    lights up to date, writing only the rows whose colour, reason or figures changed.
    Returns {"projects": n, "red": r, "yellow": y, "green": g, "results": [per project]}."""
    ends = month_end(year, month)
    as_of = as_of or default_as_of(year, month)
    # Two evaluations of the same month at once would both insert the rows the month lacks. The
    # default rule set always exists; its row is the mutex.
    list(RuleSet.objects.select_for_update().filter(is_default=True).values_list("pk", flat=True))
    window = 1
    for s in RuleSet.objects.prefetch_related("rules"):
        for r in s.rules.all():
            if r.dimension == "report_overdue":
                window = max(window, int(r.red_threshold), int(r.yellow_threshold))
    # One month more than the window: while `month` is not yet due the window ends a month earlier.
    window_start = max(1, month - window)
    plan_rows, cumulative, ytd, submitted, open_problems, listed = _load(year, month, project_ids, as_of, window_start)
    chooser = RuleChooser(ends, listed)
    dues = DueDates(year)
    tz = timezone.get_current_timezone()
    tracked = project_ids if project_ids is not None else AnnualPlan.objects.filter(year=year).values("project_id")
    ctx = {"year": year, "month": month, "ends": ends, "as_of": as_of,
           "extra": dimensions.load(year=year, month=month, project_ids=tracked)}
    now = timezone.now()
    lights: dict[tuple[int, str], tuple] = {}
    overall: dict[int, tuple] = {}
    verdict_memo: dict[tuple, tuple | None] = {}
    dump_figures = light_writes.figures_dumper()
    reasons_memo: dict[tuple, str] = {}
    results = []
    counts = {rules.GREEN: 0, rules.YELLOW: 0, rules.RED: 0}
    for (pid, plan, planned_start, planned_completion, planned_production, name, region_id, path, started_on,
         completed_on, produced_on, in_statistics, in_statistics_date, project_planned_start, total) in plan_rows:
        rule_set = chooser.choose(pid, path)
        if rule_set is None:
            continue
        done, last_month = ytd.get(pid, (Decimal(0), None))
        month_due = dues.get(month, path)
        pace_month = month if last_month == month or as_of > month_due else month - 1
        row = {
            "id": pid, "month": month, "plan": plan, "ytd": done, "last_month": last_month, "pace_month": pace_month,
            "month_due": month_due,
            "benchmark": rules.time_benchmark(pace_month, cumulative_plan=cumulative.get((pid, pace_month)),
                                              annual_plan=plan) if pace_month >= 1 else None,
            "planned_start": planned_start or project_planned_start, "started_on": started_on,
            "planned_completion": planned_completion, "planned_production": planned_production,
            "completed_on": completed_on, "produced_on": produced_on, "in_statistics": in_statistics,
            "in_statistics_date": in_statistics_date, "total": total,
            "overdue": _months_overdue(submitted.get(pid, {}), month, window,
                                       lambda m, path=path: dues.get(m, path), as_of, tz),
            "problems": open_problems.get(pid, (0, 0, None)),
        }
        verdicts = []
        for rule in rule_set.rule_list:
            key = _memo_key(rule, row, ctx["extra"])
            if key in verdict_memo:
                judged = verdict_memo[key]
            else:
                verdict = _judge(rule, row, ctx)
                # (colour, reason, the Light row's values): the key holds the rule, hence its set.
                judged = None if verdict is None else (verdict.colour, verdict.reason, (
                    rule_set.id, rule_set.version, verdict.colour, verdict.reason[:300], dump_figures(verdict.figures)))
                verdict_memo[key] = judged
            if judged is None:
                continue
            verdicts.append(judged)
            lights[(pid, rule.dimension)] = judged[2]
        flagged = [v for v in verdicts if v[0] != rules.GREEN]
        if flagged:
            flagged.sort(key=lambda v: -rules.SEVERITY[v[0]])  # stable: rule order within a colour
            colour = flagged[0][0]
            reasons = tuple(v[1] for v in flagged)
        else:
            colour = rules.GREEN
            reasons = tuple(v[1] for v in verdicts)
        if reasons not in reasons_memo:
            reasons_memo[reasons] = json.dumps(list(reasons), ensure_ascii=False)
        counts[colour] += 1
        overall[pid] = (colour, reasons_memo[reasons], rule_set.id)
        results.append({"id": pid, "name": name, "region": region_id, "colour": colour, "reasons": list(reasons)})
    evaluated = len(overall)
    light_writes.write_month(year=year, month=month, project_ids=project_ids, lights=lights, overall=overall,
                             evaluated_at=now)
    EvaluationRun.objects.create(year=year, month=month, as_of=as_of, projects=evaluated, red=counts[rules.RED],
                                 yellow=counts[rules.YELLOW], green=counts[rules.GREEN],
                                 partial=project_ids is not None, run_by=run_by)
    return {"projects": evaluated, **counts, "as_of": as_of, "results": results}
