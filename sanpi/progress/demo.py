"""Demo data of monthly dispatch: plans, monthly reports, problems and lights.

For the 经开区 projects (the seed's among them) and a sample of generated Henan projects, from
2023-01 to the last complete month: annual plans where missing, consistent monthly reports with a
mix of projects on pace, behind, far behind, recovering and late filers; problems (some overdue,
some closed, two escalated with letters); a 包联领导 user; 纳统 (counted investment of the locked months
of 入库 projects, part of the checklist of the others); the generator's plans that no report answers
dropped (only followed projects are 年度跟踪); with `with_funding`, the funding demo; then the
evaluation of every month.
All generated except the seed projects' names and totals. Idempotent: skipped when reports exist.

The `enterprise` user's 安图生物体外诊断产业园（三期） has no report for the last month, so that it can
be filed in the browser.
"""

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from sanpi.accounts.models import Leader, User
from sanpi.projects.bulk import history_baseline
from sanpi.projects.models import AnnualPlan, Project

from .evaluation import evaluate_month
from .models import MonthlyPlan, MonthlyReport, Problem, ReportStep
from .services.problems import problem_escalate

ZONE = "410171"
START_YEAR = 2023
SAMPLE = 250
KEY_SAMPLE = 40  # the largest key-list projects, so the dashboard's 重点项目 bars have reports
ZONE_SAMPLE = 60
AIRPORT, AIRPORT_SAMPLE = "410173", 6  # 航空港区 is its own 统计归口 row: a few of its projects report
SEED_ZONE = 15  # the seed's projects in 经开区 come first (lowest ids), all kept
ANTU_3 = "安图生物体外诊断产业园（三期）"
# Shares chosen so that the last month shows roughly 10–20% red, as offices' published boards do
# (a demo where half of all projects are red reads as a broken system, not a province at work).
PROFILES = [("on_pace", 62), ("behind", 16), ("far_behind", 3), ("recovering", 9), ("late", 5), ("ahead", 5)]
NOT_STARTED_KEPT = 0.05  # signed projects that never started are red every month: keep a few
MISSED_PRODUCTION = 0.08  # a planned 投产 month not reached (节点逾期)
FACTOR = {"on_pace": 1.0, "behind": 0.72, "far_behind": 0.4, "late": 0.95, "ahead": 1.25}
PROBLEMS = [
    ("land", "项目二期用地指标尚未落实，影响主体工程开工"), ("funds", "银行贷款审批进度慢，资金缺口约 8000 万元"),
    ("approvals", "施工许可证办理中，消防设计审查意见未出具"), ("utilities", "双回路供电线路未接入，影响设备调试"),
    ("labour", "技术工人招聘不足，一线用工缺口约 120 人"), ("other", "周边道路施工影响材料运输"),
    ("approvals", "环评批复待省厅出具"), ("utilities", "天然气管网未铺设到厂区"),
    ("demolition", "项目红线内剩余 3 户未完成征迁，影响场地平整"), ("site_environment", "周边群众阻工，土方作业多次中断"),
]
DEPARTMENTS = {"land": "自然资源和规划局", "funds": "金融工作局", "approvals": "行政审批和政务信息管理局",
               "utilities": "城市管理局", "labour": "人力资源和社会保障局", "other": "建设局",
               "demolition": "征收办", "site_environment": "属地乡镇（街道）"}


def _months(until: tuple[int, int]):
    year, month = START_YEAR, 1
    while (year, month) <= until:
        yield year, month
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


SAMPLE_FIELDS = ("id", "name", "region_id", "stage", "signed_on", "started_on", "completed_on", "produced_on",
                 "planned_start_date", "total_investment_wan", "owner__name")


def _sample(rng: random.Random) -> list[dict]:
    fields = SAMPLE_FIELDS
    live = Project.objects.exclude(stage__in=["planned", "negotiating", "terminated"])
    zone = list(live.filter(region_id=ZONE).order_by("id").values(*fields))
    others = list(live.exclude(region_id=ZONE).order_by("id").values(*fields))
    # Signed but never started projects are all red; keep a few of them.
    zone_rest = [p for p in zone[SEED_ZONE:] if p["started_on"] or rng.random() < NOT_STARTED_KEPT]
    others = [p for p in others if p["started_on"] or rng.random() < NOT_STARTED_KEPT]
    chosen = zone[:SEED_ZONE] + rng.sample(zone_rest, min(ZONE_SAMPLE, len(zone_rest))) + rng.sample(
        others, min(SAMPLE, len(others)))
    # The largest projects of the key-project lists report too: the dashboard's 重点项目 bars show them.
    from sanpi.activities.models import KeyProjectEntry

    taken = {p["id"] for p in chosen}
    # A separate generator, so the other projects' draws stay what they were.
    airport = [p for p in others if p["region_id"] == AIRPORT and p["id"] not in taken]
    chosen += random.Random(173).sample(airport, min(AIRPORT_SAMPLE, len(airport)))
    taken = {p["id"] for p in chosen}
    keyed = live.filter(pk__in=KeyProjectEntry.objects.values("project_id")).order_by(
        F("total_investment_wan").desc(nulls_last=True), "id")  # PostgreSQL puts NULLs first otherwise
    return chosen + [p for p in keyed.values(*fields)[:KEY_SAMPLE] if p["id"] not in taken]


def _tracked_years(p: dict, last: tuple[int, int]) -> list[int]:
    begin = p["started_on"] or p["signed_on"]
    if begin is None:
        return []
    ends = [d for d in (p["completed_on"], p["produced_on"]) if d]
    end_year = min(ends).year if ends else last[0]
    return [y for y in range(max(START_YEAR, begin.year), min(end_year, last[0]) + 1)]


@transaction.atomic
def _write(rng: random.Random, last: tuple[int, int], stdout) -> list[int]:
    now = timezone.now()
    projects = _sample(rng)
    now = timezone.now()
    reviewer = User.objects.filter(username="jingkai").first()
    existing = {(pid, y): (pk, amount) for pk, pid, y, amount in AnnualPlan.objects.filter(
        project_id__in=[p["id"] for p in projects]).values_list("id", "project_id", "year", "planned_investment_wan")}
    new_plans, reports, steps_for, ramps = [], [], [], []
    sample_ids = []
    planned_years: dict[int, set[int]] = {}
    for pid, year in existing:
        if START_YEAR <= year <= last[0]:
            planned_years.setdefault(pid, set()).add(year)
    for p in projects:
        years = sorted(set(_tracked_years(p, last)) | planned_years.get(p["id"], set()))
        if not years:
            continue
        sample_ids.append(p["id"])
        is_antu = p["name"] == ANTU_3
        profile = "on_pace" if is_antu else rng.choices([n for n, _ in PROFILES], [w for _, w in PROFILES])[0]
        total = p["total_investment_wan"] or Decimal(20000)
        since = Decimal(0)
        for year in years:
            plan_amount = existing.get((p["id"], year), (None, None))[1]
            if plan_amount is None:
                plan_amount = (total * Decimal(rng.choice(["0.2", "0.25", "0.3", "0.35"]))).quantize(Decimal(1))
                started = p["started_on"]
                planned_start = None
                if started is None or started.year == year:
                    planned_start = p["planned_start_date"] if started is None else started.replace(day=1)
                    if planned_start is not None and rng.random() < 0.3 and started is not None:
                        planned_start = started - dt.timedelta(days=rng.randint(20, 70))  # started late
                    if planned_start is not None and planned_start.year != year:
                        planned_start = None
                done = p["completed_on"] or p["produced_on"]
                production = p["produced_on"] if done and done.year == year and p["produced_on"] else None
                if done is None and started is not None and started.year < year and rng.random() < MISSED_PRODUCTION:
                    production = dt.date(year, rng.randint(3, 10), 28)  # planned, not reached: 节点逾期
                new_plans.append(AnnualPlan(
                    project_id=p["id"], year=year, planned_investment_wan=plan_amount,
                    planned_content="年度建设内容：主体工程及配套设施建设（演示数据）", planned_start=planned_start,
                    planned_completion=p["completed_on"] if done and done.year == year and p["completed_on"] else None,
                    planned_production=production,
                ))
            ytd = Decimal(0)
            first = p["started_on"].month if p["started_on"] and p["started_on"].year == year else 1
            scale = 12 / (12 - first + 1)
            if first > 1:
                ref = ("old", existing[(p["id"], year)][0]) if (p["id"], year) in existing else (
                    "new", len(new_plans) - 1)
                ramps.append((ref, plan_amount, first))
            for month in range(1, 13):
                if (year, month) > last:
                    break
                ends = dt.date(year, month, 28)
                if is_antu and (year, month) == last:
                    continue  # left for the enterprise to file
                missing_from = last[0] * 12 + last[1] - rng.choice([0, 1])
                if profile == "late" and year * 12 + month >= missing_from:
                    continue
                if p["started_on"] is None or p["started_on"] > ends:
                    amount = Decimal(0)
                else:
                    factor = FACTOR.get(profile) or (0.4 if month <= 6 else 1.7)
                    amount = Decimal(int(float(plan_amount) / 12 * scale * factor * rng.uniform(0.75, 1.25)))
                ytd += amount
                since += amount
                age = (last[0] * 12 + last[1]) - (year * 12 + month)
                due = dt.date(year + month // 12, month % 12 + 1, 5)
                status = "locked" if age >= 2 else ("approved" if age == 1 else rng.choice(
                    ["submitted", "submitted", "approved", "approved", "submitted", "draft"]))
                late = profile == "late" or rng.random() < 0.05
                submitted = None if status == "draft" else min(_aware(due + dt.timedelta(
                    days=rng.randint(3, 10) if late else -rng.randint(0, 3))), now - dt.timedelta(hours=2))
                # never in the future: a report of last month is filed by now, approved after it was filed
                approved = min(submitted + dt.timedelta(days=2), now - dt.timedelta(hours=1)) if status in (
                    "approved", "locked") else None
                reports.append(MonthlyReport(
                    project_id=p["id"], year=year, month=month, month_completed_wan=amount, ytd_completed_wan=ytd,
                    since_start_completed_wan=since, status=status, submitted_at=submitted, approved_at=approved,
                    approved_by=reviewer if approved and p["region_id"] == ZONE else None,
                    progress_text="主体结构施工中" if amount else "前期手续办理中",
                    next_steps="加快主体施工，确保按期完成年度投资" if amount else "加快办理施工许可",
                ))
                steps_for.append((status, submitted, approved))
    AnnualPlan.objects.bulk_create(new_plans, batch_size=2000)
    history_baseline(AnnualPlan, reason="演示数据")
    MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    steps = []
    for report, (status, submitted, approved) in zip(reports, steps_for, strict=True):
        if submitted:
            steps.append(ReportStep(report=report, action="submit", from_status="draft", to_status="submitted"))
        if approved:
            steps.append(ReportStep(report=report, action="approve", from_status="submitted", to_status="approved",
                                    by=report.approved_by))
        if status == "locked":
            steps.append(ReportStep(report=report, action="lock", from_status="approved", to_status="locked",
                                    reason="整月锁定"))
    ReportStep.objects.bulk_create(steps, batch_size=5000)
    _monthly_plan()
    _ramp_plans(new_plans, ramps)
    if stdout:
        stdout.write(f"已生成年度计划 {len(new_plans)} 个、月报 {len(reports)} 份（{len(sample_ids)} 个项目）。")
    return sample_ids


def _ramp_plans(new_plans: list[AnnualPlan], ramps: list) -> None:
    """A project starting mid-year plans its year's investment from its start month: a monthly
    cumulative plan rising evenly from that month, so 序时进度 follows it."""
    rows = []
    for (origin, ref), amount, first in ramps:
        plan_id = new_plans[ref].pk if origin == "new" else ref
        for month in range(1, 13):
            share = Decimal(max(0, month - first + 1)) / (12 - first + 1)
            rows.append(MonthlyPlan(plan_id=plan_id, month=month,
                                    cumulative_planned_wan=(amount * share).quantize(Decimal("0.01"))))
    MonthlyPlan.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _monthly_plan() -> None:
    """超亚医药 2024: a front-loaded monthly cumulative plan (序时进度 follows it, not months ÷ 12)."""
    plan = AnnualPlan.objects.filter(project__name="超亚医药新药研发及其配套项目", year=2024).first()
    if plan is None:
        return
    shares = [5, 12, 22, 32, 42, 52, 61, 70, 78, 86, 94, 100]
    MonthlyPlan.objects.bulk_create([
        MonthlyPlan(plan=plan, month=m, cumulative_planned_wan=(plan.planned_investment_wan * s / 100).quantize(
            Decimal("0.01"))) for m, s in enumerate(shares, start=1)
    ], ignore_conflicts=True)


def _problems(rng: random.Random, project_ids: list[int], today: dt.date) -> list[Problem]:
    raiser = User.objects.filter(username="jingkai").first()
    chosen = rng.sample(project_ids, max(1, len(project_ids) // 8))
    zone_ids = list(Project.objects.filter(pk__in=project_ids, region_id=ZONE).values_list("id", flat=True)[:4])
    rows = []
    for i, pid in enumerate(dict.fromkeys(zone_ids + chosen)):
        kind, text = PROBLEMS[i % len(PROBLEMS)]
        raised = today - dt.timedelta(days=rng.randint(20, 400))
        deadline = raised + dt.timedelta(days=rng.choice([15, 30, 45, 60, 90]))
        status = rng.choices(["resolved", "in_progress", "open"], [45, 25, 30])[0]
        if pid in zone_ids[:2]:
            status, deadline = "open", today - dt.timedelta(days=10 + 30 * zone_ids.index(pid))
            raised = min(raised, deadline - dt.timedelta(days=30))
        elif status != "resolved" and rng.random() < 0.8:  # most open problems are still within their time
            raised = today - dt.timedelta(days=rng.randint(5, 40))
            deadline = today + dt.timedelta(days=rng.randint(5, 60))
        resolved = min(today, deadline + dt.timedelta(days=rng.randint(-20, 20))) if status == "resolved" else None
        resolved = max(resolved, raised) if resolved else None
        rows.append(Problem(project_id=pid, kind=kind, description=text, raised_by=raiser, raised_at=raised,
                            responsible_department=f"{DEPARTMENTS[kind]}", deadline=deadline,
                            measures="已召开专题协调会，明确责任单位和办结时限" if status != "open" else "",
                            status=status, resolved_at=resolved,
                            closure_note="已办结，相关批复文件已上传" if status == "resolved" else ""))
    Problem.objects.bulk_create(rows)
    return [r for r in rows if r.project_id in zone_ids[:2]]


def _counting(rng: random.Random, project_ids: list[int]) -> int:
    """纳统 for the sample (演示): counted investment beside each 入库 project's locked months (the
    statistics office counts a little less than the ledger reports), and part of the 入库 checklist for
    started projects not yet counted."""
    from . import counting
    from .models import CountedInvestment, StatisticsDocument

    projects = {pid: (counted, started) for pid, counted, started in Project.objects.filter(
        pk__in=project_ids, started_on__isnull=False).values_list("id", "in_statistics", "started_on")}
    rows = [CountedInvestment(project_id=pid, year=year, month=month, note="演示数据",
                              counted_wan=(amount * Decimal(rng.choice(["0.85", "0.9", "0.95", "1"]))).quantize(
                                  Decimal(1)))
            for pid, year, month, amount in MonthlyReport.objects.filter(
                project_id__in=[pid for pid, (counted, _) in projects.items() if counted], status="locked",
                month_completed_wan__gt=0).values_list("project_id", "year", "month", "month_completed_wan")]
    CountedInvestment.objects.bulk_create(rows, batch_size=2000)
    documents = []
    for pid, (counted, started) in projects.items():
        if counted:
            continue
        for code, _ in counting.DOCUMENTS[: rng.randint(2, len(counting.DOCUMENTS) - 1)]:
            documents.append(StatisticsDocument(project_id=pid, kind=code, note="演示数据",
                                                received_on=started + dt.timedelta(days=rng.randint(5, 40))))
    StatisticsDocument.objects.bulk_create(documents)
    return len(rows)


def _leader_user() -> None:
    leader = Leader.objects.filter(name="张波", region_id=ZONE).first()
    if leader is None or leader.user_id:
        return
    user = User.objects.filter(username="leader").first() or User.objects.create_user(
        "leader", "leader@example.invalid", "demo12345", role=User.Role.LEADER, region_id=ZONE)
    leader.user = user
    leader.save(update_fields=["user"])


def _drop_unreported_plans(last: tuple[int, int], stdout) -> None:
    """A plan makes its project 年度跟踪: its 计划投资 counts in 年度投资完成率 and 序时进度, its money in
    资金到位率. The generator plans every live project for two years while the demo follows a sample
    with reports, so the plans of the demo's years no report answers go (the others would count as
    0 completed: 年度投资完成率 5% against 序时进度 92%). Deleted one by one: each leaves its history."""
    reported = MonthlyReport.objects.filter(project_id=OuterRef("project_id"), year=OuterRef("year"))
    unreported = AnnualPlan.objects.filter(year__gte=START_YEAR, year__lte=last[0]).exclude(Exists(reported))
    count = unreported.count()
    unreported.delete()
    if stdout and count:
        stdout.write(f"已删除无月报的年度计划 {count} 个（演示只跟踪报送月报的项目）。")


def build(*, stdout=None, with_funding: bool = False) -> None:
    """`with_funding`: build the funding demo between the reports and the lights (as `sanpi demo` does)."""
    if MonthlyReport.objects.exists():
        if stdout:
            stdout.write("月报演示数据已存在，跳过。")
        return
    started = time.perf_counter()
    rng = random.Random(2024)
    today = timezone.localdate()
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    ids = _write(rng, last, stdout)
    overdue = _problems(rng, ids, today)
    reviewer = User.objects.filter(username="jingkai").first()
    if reviewer is not None:
        for problem, level in zip(overdue, ["reminder", "supervision"], strict=False):
            problem_escalate(user=reviewer, problem_id=problem.pk, level=level)
    _leader_user()
    _counting(rng, ids)
    _drop_unreported_plans(last, stdout)
    if with_funding:
        # Money follows the reports (资金支付率 is 支付 ÷ 完成投资) and the lights judge it (资金支付滞后):
        # `sanpi demo` has the funding demo built here, between the two.
        from sanpi.funding import demo as funding_demo

        funding_demo.build(stdout=stdout)
    counts = {"red": 0, "yellow": 0, "green": 0}
    for year, month in _months(last):
        result = evaluate_month(year=year, month=month, project_ids=ids)
    counts = {c: result[c] for c in counts}
    if stdout:
        stdout.write(f"已完成 {START_YEAR}-01 至 {last[0]}-{last[1]:02d} 各月红黄绿灯评价；最近一月：红灯 {counts['red']}、"
                     f"黄灯 {counts['yellow']}、绿灯 {counts['green']}（用时 {time.perf_counter() - started:.0f} 秒）。"
                     "包联领导账号：leader / demo12345。")
