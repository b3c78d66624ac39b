"""Demo money by source (all generated, marked 演示数据 in each line's note).

For every started project, each year it is under construction (from its start, 2023 at the earliest,
to its 竣工/投产 year or this year): 政府投资 projects get a 地方政府专项债券 line (issued in batches
between March and September, arriving a week or two later), often 中央预算内投资 and 市/县 预算内 money;
企业投资 projects their own funds and often a bank loan, now and then a 政策性金融工具. Payments follow
arrival month by month; most 专项债 money is paid within three to five months, but about one 专项债 line
in four and one 市/县 budget line in five lag (under half paid half a year on: the 资金支付滞后 lights).
Written set-based; one baseline history record per row. Idempotent.
"""

import datetime as dt
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from sanpi.projects.bulk import Table, history_baseline
from sanpi.projects.models import Project

from .models import FundingLine, FundingMonth

NOTE = "演示数据"
START_YEAR = 2023
BATCHES = [(1, 3), (2, 5), (3, 7), (4, 9)]  # 第n批 issued in that month


def _wan(value) -> Decimal:
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _lines(rng: random.Random, category: str, total: Decimal, year: int) -> list[dict]:
    yearly = total * Decimal(rng.choice(["0.2", "0.25", "0.3", "0.35"]))
    if category == "government":
        batch, month = rng.choice(BATCHES)
        issued = dt.date(year, month, rng.randint(5, 25))
        lines = [{"source": "special_bond", "share": Decimal("0.5"), "bond_batch": f"{year}年第{batch}批",
                  "bond_issued_on": issued}]
        if rng.random() < 0.35:
            lines.append({"source": "central_budget", "share": Decimal("0.2")})
        lines.append({"source": rng.choice(["city_budget", "county_budget"]), "share": Decimal("0.3")})
    else:
        loan = rng.random() < 0.6
        lines = [{"source": "self_raised", "share": Decimal("0.55") if loan else Decimal(1)}]
        if loan:
            lines.append({"source": "bank_loan", "share": Decimal("0.45")})
        if rng.random() < 0.05:
            lines.append({"source": "policy_finance", "share": Decimal("0.15")})
    for line in lines:
        line["allocated"] = _wan(yearly * line.pop("share"))
    return lines


def _months(rng: random.Random, line: dict, year: int, first_month: int, last_month: int) -> list[dict]:
    """Monthly 到位 and 支付 of one line up to `last_month` of `year`."""
    allocated = line["allocated"]
    if line.get("bond_issued_on"):
        arrive = line["bond_issued_on"] + dt.timedelta(days=rng.randint(5, 20))
        arrivals = {arrive.month: (allocated, arrive)} if arrive.year == year else {}
        lag = rng.random() < 0.25
        spread = [Decimal(x) for x in (["0.05", "0.05", "0.1", "0.1"] if lag else ["0.3", "0.3", "0.25", "0.15"])]
        start = arrive.month + (1 if lag else 0)
    elif line["source"] in ("city_budget", "county_budget") and rng.random() < 0.2:
        # Budget money received in one sum early in the year and spent slowly (a lagging line).
        arrive = dt.date(year, first_month, rng.randint(5, 25))
        arrivals = {first_month: (allocated, arrive)}
        spread, start = [Decimal("0.04")] * 8, first_month + 1
    else:
        months = list(range(first_month, 13))
        arrivals = {m: (_wan(allocated / len(months)), dt.date(year, m, rng.randint(3, 25))) for m in months}
        spread, start = None, first_month
    rows: dict[int, dict] = {}
    arrived = paid = Decimal(0)
    for m in range(first_month, min(last_month, 12) + 1):
        a, a_on = arrivals.get(m, (Decimal(0), None))
        arrived += a
        if spread is not None:
            k = m - start
            p = _wan(allocated * spread[k]) if 0 <= k < len(spread) else Decimal(0)
        else:
            p = _wan(a * Decimal(rng.uniform(0.8, 1.0)))
        p = min(p, arrived - paid)
        paid += p
        if a or p:
            rows[m] = {"month": m, "arrived_wan": a, "arrived_on": a_on, "paid_wan": p,
                       "paid_on": dt.date(year, m, rng.randint(10, 28)) if p else None}
    return list(rows.values())


def build(*, stdout=None) -> None:
    if FundingLine.objects.exists():
        if stdout:
            stdout.write("资金来源演示数据已存在，跳过。")
        return
    began = time.perf_counter()
    rng = random.Random(1313)
    today = timezone.localdate()
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    projects = (Project.objects.filter(started_on__isnull=False).exclude(stage="terminated").order_by("id")
                .values_list("id", "management_category", "started_on", "total_investment_wan", "completed_on",
                             "produced_on"))
    lines_table = Table(FundingLine, with_pk=False)
    planned: list[tuple[tuple, list[dict]]] = []
    for pid, category, started, total, completed, produced in projects.iterator(chunk_size=2000):
        finished = min((d for d in (completed, produced) if d), default=None)
        # Money flows while the project is built: from its start to its 竣工/投产 year.
        for year in range(max(START_YEAR, started.year), min(finished.year if finished else last[0], last[0]) + 1):
            first = started.month if year == started.year else 1
            last_month = last[1] if year == last[0] else 12
            if year == started.year and started > dt.date(last[0], last[1], 28):
                continue
            for line in _lines(rng, category, total or Decimal(20000), year):
                months = _months(rng, line, year, first, last_month)
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
                     f"（用时 {time.perf_counter() - began:.1f} 秒）。")
