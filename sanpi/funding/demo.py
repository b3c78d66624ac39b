"""Demo money by source (all generated, marked 演示数据 in each line's note).

Money is followed where progress is: for every project-year with an annual plan and monthly reports
(the progress demo's followed projects, from their start, 2023 at the earliest). The year's lines
fund about its 年度计划投资: 政府投资 projects get a 地方政府专项债券 line (issued in batches between
March and September, arriving a week or two later), often 中央预算内投资 and 市/县 预算内 money;
企业投资 projects their own funds and often a bank loan, now and then a 政策性金融工具. 到位 never
exceeds a line's 计划/下达, and some lines get only part of it within the year. Payments pay for work
done: a project's 累计支付 never exceeds a share (80–100%) of the 自年初累计完成投资 its counted reports
record, so 资金支付率 stays a rate; within that, most 专项债 money is paid within three to five months
of arriving, but about one 专项债 line in four and one 市/县 budget line in five lag (under half paid
half a year on: the 资金支付滞后 lights). The progress demo calls `build` between its reports and its
lights, so the lights judge this money.
Written set-based; one baseline history record per row. Idempotent.
"""

import datetime as dt
import random
import time
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from sanpi.progress.evaluation import COUNTED
from sanpi.progress.models import MonthlyReport
from sanpi.projects.bulk import Table, history_baseline
from sanpi.projects.models import AnnualPlan

from .models import FundingLine, FundingMonth

NOTE = "演示数据"
START_YEAR = 2023
BATCHES = [(1, 3), (2, 5), (3, 7), (4, 9)]  # 第n批 issued in that month
ZERO = Decimal(0)
# Supervised money is spent first (its use is checked), the enterprise's own money last.
PAY_ORDER = ["special_bond", "central_budget", "city_budget", "county_budget", "policy_finance", "bank_loan",
             "self_raised"]


def _wan(value) -> Decimal:
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _lines(rng: random.Random, category: str, plan: Decimal, year: int) -> list[dict]:
    """The year's lines: together about the year's planned investment."""
    yearly = plan * Decimal(rng.choice(["0.9", "0.95", "1", "1.05"]))
    if category == "government":
        batch, month = rng.choice(BATCHES)
        issued = dt.date(year, month, rng.randint(5, 25))
        central = rng.random() < 0.35
        lines = [{"source": "special_bond", "share": Decimal("0.5"), "bond_batch": f"{year}年第{batch}批",
                  "bond_issued_on": issued}]
        if central:
            lines.append({"source": "central_budget", "share": Decimal("0.2")})
        lines.append({"source": rng.choice(["city_budget", "county_budget"]),
                      "share": Decimal("0.3") if central else Decimal("0.5")})
    else:
        loan = rng.random() < 0.6
        policy = rng.random() < 0.05
        own = Decimal(1) - (Decimal("0.45") if loan else ZERO) - (Decimal("0.15") if policy else ZERO)
        lines = [{"source": "self_raised", "share": own}]
        if loan:
            lines.append({"source": "bank_loan", "share": Decimal("0.45")})
        if policy:
            lines.append({"source": "policy_finance", "share": Decimal("0.15")})
    for line in lines:
        line["allocated"] = _wan(yearly * line.pop("share"))
    return lines


def _schedule(rng: random.Random, line: dict, year: int, first_month: int) -> tuple[dict, dict]:
    """({month: (到位, date)}, {month: 支付 intended that month}) of one line over its year; what is
    actually paid is held to the work done (`_pay`)."""
    allocated = line["allocated"]
    if line.get("bond_issued_on"):
        arrive = line["bond_issued_on"] + dt.timedelta(days=rng.randint(5, 20))
        arrive = max(arrive, dt.date(year, first_month, 1))
        arrivals = {arrive.month: (allocated, arrive)} if arrive.year == year else {}
        lag = rng.random() < 0.25
        spread = ["0.05", "0.05", "0.1", "0.1"] if lag else ["0.3", "0.3", "0.25", "0.15"]
        start = arrive.month + (1 if lag else 0)
        intended = {start + k: _wan(allocated * Decimal(s)) for k, s in enumerate(spread)}
    elif line["source"] in ("city_budget", "county_budget") and rng.random() < 0.2:
        # Budget money received in one sum early in the year and spent slowly (a lagging line).
        arrivals = {first_month: (allocated, dt.date(year, first_month, rng.randint(5, 25)))}
        intended = {first_month + 1 + k: _wan(allocated * Decimal("0.04")) for k in range(8)}
    else:
        # Arriving month by month, unevenly; some lines get only part of their money within the year
        # (a loan drawn down late, a budget short of its plan).
        months = list(range(first_month, 13))
        due = _wan(allocated * Decimal(rng.choice(["1", "1", "1", "0.95", "0.9", "0.85", "0.75"])))
        weights = [Decimal(rng.randint(5, 15)) for _ in months]
        amounts = [(due * w / sum(weights)).quantize(Decimal(1), rounding=ROUND_DOWN) for w in weights]
        amounts[-1] += due - sum(amounts)  # the rounding remainder: 到位 never adds up past 计划/下达
        arrivals = {m: (a, dt.date(year, m, rng.randint(3, 25))) for m, a in zip(months, amounts, strict=True)}
        intended = {m: _wan(a * Decimal(rng.uniform(0.85, 1.0))) for m, a in zip(months, amounts, strict=True)}
    return arrivals, intended


def _pay(rng: random.Random, lines: list[dict], year: int, first: int, last_month: int, done: dict[int, Decimal],
         ratio: Decimal) -> list[list[dict]]:
    """Month rows of each line up to `last_month`. A line pays what it intended so far (arrears carried
    over), never more than arrived; the project's 累计支付 never more than `ratio` × its 自年初累计完成投资
    of the month (`done`: month → the counted reports' figure)."""
    order = sorted(range(len(lines)), key=lambda i: PAY_ORDER.index(lines[i]["source"]))
    rows: list[list[dict]] = [[] for _ in lines]
    arrived = [ZERO] * len(lines)
    intended = [ZERO] * len(lines)
    paid = [ZERO] * len(lines)
    completed = ZERO
    for m in range(first, last_month + 1):
        completed = max(completed, done.get(m, ZERO))
        room = (completed * ratio).quantize(Decimal(1), rounding=ROUND_DOWN) - sum(paid)
        month_rows = {}
        for i in range(len(lines)):
            a, a_on = lines[i]["arrivals"].get(m, (ZERO, None))
            arrived[i] += a
            intended[i] += lines[i]["intended"].get(m, ZERO)
            month_rows[i] = [a, a_on]
        for i in order:
            p = max(min(intended[i] - paid[i], arrived[i] - paid[i], room), ZERO)
            paid[i] += p
            room -= p
            a, a_on = month_rows[i]
            if a or p:
                rows[i].append({"month": m, "arrived_wan": a, "arrived_on": a_on, "paid_wan": p,
                                "paid_on": dt.date(year, m, rng.randint(10, 28)) if p else None})
    return rows


def _followed(last: tuple[int, int]) -> tuple[list[tuple], dict[tuple[int, int], dict[int, Decimal]]]:
    """The planned project-years of started projects, and their counted 自年初累计 by month."""
    plans = list(AnnualPlan.objects.filter(year__gte=START_YEAR, year__lte=last[0], project__started_on__isnull=False)
                 .exclude(project__stage="terminated").order_by("project_id", "year")
                 .values_list("project_id", "year", "planned_investment_wan", "project__management_category",
                              "project__started_on"))
    done: dict[tuple[int, int], dict[int, Decimal]] = {}
    for pid, year, month, ytd in MonthlyReport.objects.filter(
            is_current=True, status__in=COUNTED, year__gte=START_YEAR).values_list(
            "project_id", "year", "month", "ytd_completed_wan"):
        done.setdefault((pid, year), {})[month] = ytd
    return plans, done


def build(*, stdout=None) -> None:
    if FundingLine.objects.exists():
        if stdout:
            stdout.write("资金来源演示数据已存在，跳过。")
        return
    began = time.perf_counter()
    rng = random.Random(1313)
    today = timezone.localdate()
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    plans, done = _followed(last)
    lines_table = Table(FundingLine, with_pk=False)
    planned: list[tuple[tuple, list[dict]]] = []
    for pid, year, plan, category, started in plans:
        if started > dt.date(year, 12, 31) or (started.year, started.month) > last:
            continue
        first = started.month if year == started.year else 1
        last_month = last[1] if year == last[0] else 12
        lines = _lines(rng, category, plan or Decimal(5000), year)
        for line in lines:
            line["arrivals"], line["intended"] = _schedule(rng, line, year, first)
        ratio = Decimal(rng.choice(["0.8", "0.85", "0.9", "0.95", "1"]))
        for line, months in zip(lines, _pay(rng, lines, year, first, last_month, done.get((pid, year), {}), ratio),
                                strict=True):
            lines_table.add(project_id=pid, year=year, source=line["source"],
                            bond_batch=line.get("bond_batch", ""), bond_issued_on=line.get("bond_issued_on"),
                            allocated_wan=line["allocated"], note=NOTE)
            planned.append(((pid, year, line["source"], line.get("bond_batch", "")), months))
    with transaction.atomic():
        lines_table.flush()
        ids = {(p, y, s, b): pk for pk, p, y, s, b in FundingLine.objects.values_list(
            "pk", "project_id", "year", "source", "bond_batch")}
        months_table = Table(FundingMonth, with_pk=False)
        for key, months in planned:
            for row in months:
                months_table.add(line_id=ids[key], **row)
        months_table.flush()
        history_baseline(FundingLine, reason=NOTE)
        history_baseline(FundingMonth, reason=NOTE)
    if stdout:
        stdout.write(f"已生成资金来源 {len(planned)} 条、月度到位与支付 {FundingMonth.objects.count()} 条"
                     f"（{len({p for p, *_ in plans})} 个有年度计划的项目；用时 {time.perf_counter() - began:.1f} 秒）。")
