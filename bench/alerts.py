"""One month's red/yellow/green evaluation for N projects with reports, timed beside an honest SQL floor.

    .venv/bin/python bench/alerts.py --projects 100000

Builds N projects with annual plans, monthly reports for April–June 2024 (some missing, some late)
and a few overdue problems, with bulk inserts, in its own SQLite database under var/bench-alerts
(or DATABASE_URL when set: use an empty database of your own). Then times:

1. `evaluate_month(2024, 6)` on a month without lights: the whole evaluation (every dimension of the
   default rules, reasons in words, figures, every row written);
2. the same again with nothing changed (read and compared; no light row written);
3. the floor: hand-written SQL (INSERT … SELECT per dimension, thresholds as CASE, a reason and the
   figures per row, then the overall lights grouped) writing the same rows into the emptied month;

and counts the colours on which ours and the floor differ (the floor simplifies: default rules
only, the 5th as every due date, reasons shorter).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SANPI_DEBUG", "0")  # no query log in memory
if "DATABASE_URL" not in os.environ:
    os.environ.setdefault("SANPI_VAR_DIR", str(ROOT / "var" / "bench-alerts"))

DATASET = "own"
YEAR, MONTH = 2024, 6
AS_OF = dt.date(2024, 7, 10)

def _floor_sql(vendor: str) -> list[str]:
    """The honest floor: hand-written SQL doing the evaluation's work for the default rule set — all
    six dimensions with thresholds as CASE, a reason in words and the figures per row, every Light
    row and every ProjectLight row written (INSERT … SELECT). Parameters are %(name)s."""
    pg = vendor == "postgresql"
    money = (lambda c: c) if pg else (lambda c: f"({c} / 100.0)")
    def text(e: str) -> str:
        return f"CAST({e} AS TEXT)"

    day = (lambda d: f"to_char({d}, 'YYYY-MM-DD')") if pg else (lambda d: d)
    midx = ((lambda d: f"(EXTRACT(YEAR FROM {d})::int * 12 + EXTRACT(MONTH FROM {d})::int)") if pg else
            (lambda d: f"(CAST(strftime('%%Y', {d}) AS INTEGER) * 12 + CAST(strftime('%%m', {d}) AS INTEGER))"))
    jobj = "json_build_object" if pg else "json_object"
    jcast = "::jsonb" if pg else ""
    local_day = ((lambda t: f"(({t}) AT TIME ZONE 'Asia/Shanghai')::date") if pg else
                 (lambda t: f"date({t}, '+8 hours')"))
    days = (lambda a, b: f"({a}::date - {b})") if pg else (lambda a, b: f"CAST(julianday({a}) - julianday({b}) AS INTEGER)")
    counted = "('submitted', 'approved', 'locked')"
    current = "r.is_current" if pg else "r.is_current = 1"
    ev = "(%(year)s * 12 + %(month)s)"
    label = "CASE colour WHEN 'red' THEN ' → 红灯' WHEN 'yellow' THEN ' → 黄灯' ELSE ' → 绿灯' END"
    insert = ("INSERT INTO progress_light (project_id, year, month, rule_set_id, rule_set_version, dimension, colour, "
              "reason, figures) SELECT project_id, %(year)s, %(month)s, %(set_id)s, %(version)s, '{dim}', colour, "
              "reason || " + label + ", figures" + jcast + " FROM ({body}) x")
    tracked = ("FROM projects_annualplan a JOIN projects_project p ON p.id = a.project_id AND p.stage <> 'terminated' "
               "WHERE a.year = %(year)s")
    pace = f"""
        SELECT project_id, CASE WHEN -gap > %(pace_red)s THEN 'red' WHEN -gap >= %(pace_yellow)s AND -gap > 0
                                THEN 'yellow' ELSE 'green' END AS colour,
               '1–' || %(month)s || '月累计完成投资 ' || {text('ytd')} || ' 万元，占年度计划 ' || {text('plan')}
                 || ' 万元的 ' || {text('ROUND(rate, 1)')} || '%%，序时进度 ' || {text('ROUND(bench, 1)')}
                 || '%%，' || CASE WHEN gap > 0 THEN '超序时进度 ' || {text('gap')} || ' 个百分点'
                                   WHEN gap < 0 THEN '低于序时进度 ' || {text('-gap')} || ' 个百分点'
                                   ELSE '与序时进度持平' END AS reason,
               {jobj}('ytd_wan', {text('ytd')}, 'annual_plan_wan', {text('plan')},
                      'completion_rate', {text('ROUND(rate, 1)')}, 'time_benchmark', {text('ROUND(bench, 1)')},
                      'gap_points', {text('gap')}) AS figures
        FROM (SELECT project_id, plan, ytd, rate, bench, ROUND(rate - bench, 1) AS gap
              FROM (SELECT a.project_id, {money('a.planned_investment_wan')} AS plan,
                           COALESCE({money('r.ytd')}, 0) AS ytd,
                           COALESCE(r.ytd, 0) * 100.0 / a.planned_investment_wan AS rate,
                           COALESCE(m.cumulative_planned_wan * 100.0 / a.planned_investment_wan,
                                    %(month)s * 100.0 / 12) AS bench
                    {tracked.replace('WHERE', 'AND a.planned_investment_wan > 0 LEFT JOIN (SELECT r.project_id, '
                                     'MAX(r.ytd_completed_wan) AS ytd FROM progress_monthlyreport r WHERE r.year = '
                                     '%(year)s AND r.month <= %(month)s AND ' + current + ' AND r.status IN '
                                     + counted + ' GROUP BY r.project_id) r ON r.project_id = a.project_id '
                                     'LEFT JOIN progress_monthlyplan m ON m.plan_id = a.id AND m.month = %(month)s '
                                     'WHERE')}) f) g"""
    start = f"""
        SELECT project_id,
               CASE WHEN started IS NOT NULL AND {midx('started')} <= {ev} THEN 'green' WHEN due < 1 THEN 'green'
                    WHEN due >= %(start_red)s THEN 'red' WHEN due >= %(start_yellow)s THEN 'yellow'
                    ELSE 'green' END AS colour,
               '计划 ' || {day('planned')} || ' 开工，' || CASE WHEN started IS NOT NULL
                    THEN '已于 ' || {day('started')} || ' 开工' ELSE '已连续 ' || due || ' 个月应开未开' END AS reason,
               {jobj}('planned_start', {day('planned')}, 'started_on', {day('started')}, 'months_due',
                      CASE WHEN due > 0 THEN due ELSE 0 END) AS figures
        FROM (SELECT a.project_id, COALESCE(a.planned_start, p.planned_start_date) AS planned,
                     p.started_on AS started, {ev} - {midx('COALESCE(a.planned_start, p.planned_start_date)')} + 1 AS due
              {tracked} AND COALESCE(a.planned_start, p.planned_start_date) IS NOT NULL
                AND (p.started_on IS NULL OR p.started_on >= %(year_start)s)) g"""
    stats = f"""
        SELECT project_id,
               CASE WHEN entered IS NOT NULL AND entered <= %(ends)s THEN 'green' WHEN inst AND entered IS NULL
                    THEN 'green' WHEN months >= %(stats_red)s THEN 'red' WHEN months >= %(stats_yellow)s
                    THEN 'yellow' ELSE 'green' END AS colour,
               {day('started')} || ' 开工，' || CASE WHEN entered IS NOT NULL AND entered <= %(ends)s
                    THEN '已于 ' || {day('entered')} || ' 入库' ELSE '已 ' || months || ' 个月仍未入库' END AS reason,
               {jobj}('started_on', {day('started')}, 'in_statistics_date', {day('entered')},
                      'months_since_start', months) AS figures
        FROM (SELECT a.project_id, p.started_on AS started, p.in_statistics_date AS entered,
                     p.in_statistics {'' if pg else '= 1'} AS inst, {ev} - {midx('p.started_on')} AS months
              {tracked} AND p.started_on IS NOT NULL AND p.started_on <= %(ends)s
                AND (p.total_investment_wan IS NULL OR {money('p.total_investment_wan')} >= 500)) g"""
    ontime = (f"CASE WHEN r.month = %(m)s AND {local_day('r.submitted_at')} <= %(due_m)s THEN 1 ELSE 0 END")
    overdue = f"""
        SELECT project_id, CASE WHEN n >= %(report_red)s THEN 'red' WHEN n >= %(report_yellow)s THEN 'yellow'
                                ELSE 'green' END AS colour,
               CASE WHEN n = 0 THEN %(month)s || '月月报已按时报送（截止 ' || %(due)s || '）'
                    WHEN n = 1 THEN %(month)s || '月月报未在 ' || %(due)s || ' 前报送'
                    ELSE '已连续 ' || n || ' 个月月报未按时报送（最近截止 ' || %(due)s || '）' END AS reason,
               {jobj}('months_overdue', n, 'due_date', %(due)s) AS figures
        FROM (SELECT a.project_id, CASE WHEN COALESCE(o.this_ok, 0) = 1 THEN 0 WHEN COALESCE(o.prev_ok, 0) = 1
                                        THEN 1 ELSE 2 END AS n
              FROM projects_annualplan a JOIN projects_project p ON p.id = a.project_id AND p.stage <> 'terminated'
              LEFT JOIN (SELECT r.project_id,
                                MAX({ontime.replace('%(m)s', '%(month)s').replace('%(due_m)s', '%(due)s')}) AS this_ok,
                                MAX({ontime.replace('%(m)s', '%(prev)s').replace('%(due_m)s', '%(prev_due)s')}) AS prev_ok
                         FROM progress_monthlyreport r WHERE r.year = %(year)s AND r.month IN (%(prev)s, %(month)s)
                           AND {current} AND r.status IN {counted} GROUP BY r.project_id) o
                ON o.project_id = a.project_id
              WHERE a.year = %(year)s) g"""

    def milestone(planned: str, reached: str, word: str) -> str:
        return f"""
        SELECT project_id, CASE WHEN reached IS NOT NULL AND reached <= %(ends)s THEN 'green' WHEN due < 1 THEN 'green'
                                WHEN due >= %(ms_red)s THEN 'red' WHEN due >= %(ms_yellow)s THEN 'yellow'
                                ELSE 'green' END AS colour,
               '计划 ' || {day('planned')} || ' {word}，逾期第 ' || due || ' 个月' AS reason,
               {jobj}('milestone', '{word}', 'planned', {day('planned')}, 'reached', {day('reached')},
                      'months_overdue', CASE WHEN due > 0 THEN due ELSE 0 END) AS figures
        FROM (SELECT a.project_id, a.{planned} AS planned, p.{reached} AS reached,
                     {ev} - {midx('a.' + planned)} + 1 AS due
              {tracked} AND a.{planned} IS NOT NULL) g"""

    milestones = f"""
        SELECT project_id, colour, reason, figures FROM (
            SELECT project_id, colour, reason, figures,
                   ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY CASE colour WHEN 'red' THEN 0
                                      WHEN 'yellow' THEN 1 ELSE 2 END) AS k
            FROM ({milestone('planned_completion', 'completed_on', '竣工')}
                  UNION ALL {milestone('planned_production', 'produced_on', '投产')}) u) w WHERE k = 1"""
    problems = f"""
        SELECT project_id, CASE WHEN overdue = 0 THEN 'green' WHEN days > %(problem_red)s THEN 'red'
                                WHEN days >= %(problem_yellow)s THEN 'yellow' ELSE 'green' END AS colour,
               CASE WHEN overdue = 0 THEN n || ' 个协调事项在办，均未超过办结时限'
                    ELSE overdue || ' 个协调事项超过办结时限未销号，最早时限 ' || {day('earliest')} || '，已逾期 '
                         || days || ' 天' END AS reason,
               {jobj}('open_count', n, 'overdue_count', overdue, 'earliest_deadline', {day('earliest')},
                      'days_overdue', days) AS figures
        FROM (SELECT q.project_id, COUNT(*) AS n, SUM(CASE WHEN q.deadline < %(as_of)s THEN 1 ELSE 0 END) AS overdue,
                     MIN(CASE WHEN q.deadline < %(as_of)s THEN q.deadline END) AS earliest,
                     {days('%(as_of)s', 'MIN(CASE WHEN q.deadline < %(as_of)s THEN q.deadline END)')} AS days
              FROM progress_problem q JOIN projects_annualplan a ON a.project_id = q.project_id AND a.year = %(year)s
              JOIN projects_project p ON p.id = a.project_id AND p.stage <> 'terminated'
              WHERE q.raised_at <= %(as_of)s AND (q.resolved_at IS NULL OR q.resolved_at > %(as_of)s)
              GROUP BY q.project_id) g"""
    agg = ("json_agg(reason ORDER BY dimension) FILTER (WHERE colour <> 'green')" if pg else
           "json_group_array(reason) FILTER (WHERE colour <> 'green')")
    agg_all = "json_agg(reason ORDER BY dimension)" if pg else "json_group_array(reason)"
    overall = f"""
        INSERT INTO progress_projectlight (project_id, year, month, colour, reasons, rule_set_id, evaluated_at)
        SELECT project_id, %(year)s, %(month)s,
               CASE MAX(CASE colour WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END)
                    WHEN 2 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END,
               (CASE WHEN MAX(CASE WHEN colour <> 'green' THEN 1 ELSE 0 END) = 1 THEN {agg} ELSE {agg_all} END){jcast},
               %(set_id)s, %(now)s
        FROM progress_light WHERE year = %(year)s AND month = %(month)s GROUP BY project_id"""
    return [insert.format(dim=dim, body=body) for dim, body in (
        ("start_delay", start), ("investment_pace", pace), ("not_in_statistics", stats),
        ("report_overdue", overdue), ("milestone_overdue", milestones), ("problem_overdue", problems))] + [overall]


def build(n: int, *, seed: int = 7) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from sanpi.accounts.models import Region
    from sanpi.progress.models import MonthlyReport, Problem
    from sanpi.projects.models import AnnualPlan, Project

    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    rng = random.Random(seed)
    regions = list(Region.objects.filter(path__startswith="410000/", kind__in=["county", "zone"])
                   .values_list("code", flat=True))
    first = (Project.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    batch = 10000
    for start in range(0, n, batch):
        projects, plans, reports, problems = [], [], [], []
        for pid in range(first + start, first + min(n, start + batch)):
            total = Decimal(rng.randrange(5000, 500000, 100))
            started = dt.date(2023, rng.randint(1, 12), rng.randint(1, 28))
            projects.append(Project(id=pid, name=f"基准测试项目{pid}", region_id=rng.choice(regions), stage="started",
                                    stage_date=started, started_on=started, total_investment_wan=total,
                                    in_statistics=True, in_statistics_date=started + dt.timedelta(days=30)))
            plan = (total * Decimal("0.3")).quantize(Decimal(1))
            plans.append(AnnualPlan(project_id=pid, year=YEAR, planned_investment_wan=plan))
            pace = rng.choice([1.0, 1.0, 1.0, 0.8, 0.65, 0.4, 1.2])
            ytd = since = (plan * Decimal(str(pace)) * 3 / 12).quantize(Decimal(1))
            for month in (4, 5, 6):
                if month == 6 and rng.random() < 0.08:
                    continue  # not filed
                amount = (plan * Decimal(str(pace)) / 12).quantize(Decimal(1))
                ytd += amount
                since += amount
                late = rng.random() < 0.05
                due = dt.date(YEAR, month + 1, 5)
                submitted = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=3 if late else -2),
                                                                    dt.time(10)))
                reports.append(MonthlyReport(project_id=pid, year=YEAR, month=month, month_completed_wan=amount,
                                             ytd_completed_wan=ytd, since_start_completed_wan=since,
                                             status="approved", submitted_at=submitted))
            if rng.random() < 0.03:
                problems.append(Problem(project_id=pid, kind="land", description="用地未落实",
                                        raised_at=dt.date(2024, 3, 1), responsible_department="自然资源局",
                                        deadline=dt.date(2024, rng.randint(4, 7), 1)))
        with transaction.atomic():
            Project.objects.bulk_create(projects, batch_size=2000)
            AnnualPlan.objects.bulk_create(plans, batch_size=2000)
            MonthlyReport.objects.bulk_create(reports, batch_size=2000)
            Problem.objects.bulk_create(problems, batch_size=2000)
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Project]):
                cursor.execute(sql)
            cursor.execute("ANALYZE")


def _floor_params(vendor: str) -> dict:
    from django.utils import timezone

    from sanpi.progress.models import AlertRule, RuleSet

    rule_set = RuleSet.objects.get(is_default=True)
    names = {"start_delay": "start", "investment_pace": "pace", "not_in_statistics": "stats",
             "report_overdue": "report", "milestone_overdue": "ms", "problem_overdue": "problem"}
    params = {"year": YEAR, "month": MONTH, "prev": MONTH - 1, "set_id": rule_set.pk, "version": rule_set.version,
              "as_of": AS_OF.isoformat(), "ends": dt.date(YEAR, MONTH, 30).isoformat(),
              "year_start": dt.date(YEAR, 1, 1).isoformat(), "due": dt.date(YEAR, MONTH + 1, 5).isoformat(),
              "prev_due": dt.date(YEAR, MONTH, 5).isoformat()}
    for rule in AlertRule.objects.filter(rule_set=rule_set):
        if rule.dimension not in names:  # a dimension added since the floor was written (approval_overdue)
            continue
        params[f"{names[rule.dimension]}_yellow"] = float(rule.yellow_threshold)
        params[f"{names[rule.dimension]}_red"] = float(rule.red_threshold)
    now = timezone.now()
    params["now"] = now.replace(tzinfo=None).isoformat(" ") if vendor == "sqlite" else now.isoformat()
    return params


def _clear_month() -> None:
    from sanpi.progress.models import Light, ProjectLight

    Light.objects.filter(year=YEAR, month=MONTH).delete()
    ProjectLight.objects.filter(year=YEAR, month=MONTH).delete()


def measure(projects: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sanpi.progress.evaluation import evaluate_month
    from sanpi.progress.models import Light, ProjectLight
    from sanpi.projects.models import AnnualPlan

    call_command("migrate", verbosity=0)
    have = AnnualPlan.objects.filter(year=YEAR).count()
    if have < projects:
        started = time.perf_counter()
        build(projects - have)
        print(f"built {projects - have} projects with plans and reports in {time.perf_counter() - started:.1f} s")
    n = AnnualPlan.objects.filter(year=YEAR).count()

    # 1. A first evaluation of the month (no lights yet): every row computed and written.
    _clear_month()
    started = time.perf_counter()
    result = evaluate_month(year=YEAR, month=MONTH, as_of=AS_OF)
    first_seconds = time.perf_counter() - started
    # 2. The same month again, nothing changed: read and compared, no light row written.
    started = time.perf_counter()
    evaluate_month(year=YEAR, month=MONTH, as_of=AS_OF)
    again_seconds = time.perf_counter() - started
    lights = Light.objects.filter(year=YEAR, month=MONTH).count()
    ours = {(pid, dim): colour for pid, dim, colour in
            Light.objects.filter(year=YEAR, month=MONTH).values_list("project_id", "dimension", "colour")}
    ours_overall = dict(ProjectLight.objects.filter(year=YEAR, month=MONTH).values_list("project_id", "colour"))

    # 3. The floor, on the same empty month: hand-written SQL, all dimensions, the same rows written.
    _clear_month()
    params = _floor_params(connection.vendor)
    statements = _floor_sql(connection.vendor)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
    sql_seconds = time.perf_counter() - started
    floor = {(pid, dim): colour for pid, dim, colour in
             Light.objects.filter(year=YEAR, month=MONTH).values_list("project_id", "dimension", "colour")}
    floor_overall = dict(ProjectLight.objects.filter(year=YEAR, month=MONTH).values_list("project_id", "colour"))
    floor_lights = len(floor)
    _clear_month()
    evaluate_month(year=YEAR, month=MONTH, as_of=AS_OF)  # leave the month as the application writes it
    mismatches = sum(1 for key in ours.keys() | floor.keys() if ours.get(key) != floor.get(key))
    overall_mismatches = sum(1 for key in ours_overall.keys() | floor_overall.keys()
                             if ours_overall.get(key) != floor_overall.get(key))
    return {"vendor": connection.vendor, "n": n, "result": result, "lights": lights, "floor_lights": floor_lights,
            "orm_seconds": first_seconds, "again_seconds": again_seconds, "sql_seconds": sql_seconds,
            "mismatches": mismatches, "overall_mismatches": overall_mismatches}


def rows(args) -> list[dict]:
    m = measure(args.projects)
    first, again, floor = m["orm_seconds"] * 1000, m["again_seconds"] * 1000, m["sql_seconds"] * 1000
    note = (f"底线：手写 SQL 算全部六个维度并写入同样的行（{m['floor_lights']} 条分项 + 总灯）；"
            f"分项颜色不一致 {m['mismatches']}，总灯不一致 {m['overall_mismatches']}")
    return [{"work": f"月度预警评价 {m['result']['projects']} 个项目（首次）", "ours_ms": first, "floor_ms": floor,
             "ratio": first / floor, "goal_ratio": 3, "ok": first / floor <= 3, "note": note},
            {"work": f"月度预警评价 {m['result']['projects']} 个项目（重评，无变化）", "ours_ms": again,
             "floor_ms": floor, "ratio": again / floor, "goal_ratio": 3, "ok": again / floor <= 3}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--reuse", action="store_true", help="keep the existing benchmark database")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ and not args.reuse:
        db = Path(os.environ["SANPI_VAR_DIR"]) / "sanpi.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    m = measure(args.projects)
    result = m["result"]
    print(f"database: {m['vendor']}; projects evaluated: {result['projects']} of {m['n']}")
    print(f"evaluate_month, first ({m['lights']} Light + {result['projects']} ProjectLight rows written): "
          f"{m['orm_seconds']:.2f} s — red {result['red']}, yellow {result['yellow']}, green {result['green']}")
    print(f"evaluate_month again, nothing changed: {m['again_seconds']:.2f} s")
    print(f"floor, hand-written SQL (all six dimensions, {m['floor_lights']} Light rows + overall written): "
          f"{m['sql_seconds']:.2f} s")
    print(f"colours differing: dimensions {m['mismatches']}, overall {m['overall_mismatches']}")




if __name__ == "__main__":
    main()
