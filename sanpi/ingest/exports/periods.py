"""A period's 三个一批 lists and the 应统未统 list as workbooks."""

import datetime as dt
from decimal import Decimal

from .ledger import STAGE_LABELS
from .sheets import CHUNK, Col, SheetWriter, _book, _get


def period_columns() -> list[Col]:
    return [
        Col("序号", _get("_n"), "number", 6),
        Col("项目代码", _get("project__code"), width=26),
        Col("项目名称", _get("project__name"), width=36),
        Col("建设单位", _get("project__owner__name"), width=28),
        Col("区划代码", _get("region_id"), width=9),
        Col("所在地区（列入时）", _get("region__name"), width=16),
        Col("国民经济行业", lambda r: f"{r['project__industry_id']} {r['project__industry__name']}"
            if r["project__industry_id"] else None),
        Col("产业类别", _get("project__sector__name"), width=16),
        Col("建设规模及内容", _get("project__scale_content"), "long", 40),
        Col("总投资（万元）", _get("declared_total_investment_wan"), "number"),
        Col("总投资（亿元）", lambda r: r["declared_total_investment_wan"] / 10000, "number"),
        Col("年度计划投资（万元）", _get("declared_annual_plan_wan"), "number"),
        Col("当前阶段", lambda r: STAGE_LABELS.get(r["project__stage"]), width=8),
        Col("开工日期", _get("project__started_on"), "date", 11),
        Col("投产日期", _get("project__produced_on"), "date", 11),
        Col("结转自", lambda r: f"第{r['carried_from__period__number']}期开工一批"
            if r["carried_from__period__number"] else None, width=14),
    ]


PERIOD_VALUES = (
    "project__code", "project__name", "project__owner__name", "region_id", "region__name", "project__industry_id",
    "project__industry__name", "project__sector__name", "project__scale_content", "declared_total_investment_wan",
    "declared_annual_plan_wan", "project__stage", "project__started_on", "project__produced_on",
    "carried_from__period__number",
)


def period_export(*, user, period_id: int, target, region: str | None = None) -> dict[str, int]:
    """A period's three lists, one sheet each (签约一批, 开工一批, 投产一批) after a 汇总 sheet, as the
    entries the user may see (optionally only those in `region` and below). Returns counts per list."""
    from django.db.models import Count, Sum

    from sanpi.accounts.access import region_codes_below
    from sanpi.activities.models import ListEntry
    from sanpi.activities.selectors import period_entry_list, period_get
    from sanpi.core.money import wan_to_yi

    period = period_get(user=user, period_id=period_id)
    book = _book(target)
    entries = period_entry_list(user=user, period=period)
    if region:
        entries = entries.filter(region__in=region_codes_below(region))
    totals = {r["batch"]: r for r in entries.order_by().values("batch").annotate(
        n=Count("id"), total=Sum("declared_total_investment_wan"))}
    mark = "（演示数据）" if period.demo_note else ""
    summary = SheetWriter(book, "汇总", f"{period}“三个一批”项目清单（{period.held_on:%Y-%m-%d}）{mark}", [
        Col("批次", _get("label"), width=14), Col("项目数（个）", _get("n"), "number"),
        Col("总投资（万元）", _get("total"), "number", 16), Col("总投资（亿元）", _get("yi"), "number", 16)])
    counts = {}
    for batch, label in ListEntry.Batch.choices:
        row = totals.get(batch, {"n": 0, "total": Decimal(0)})
        counts[batch] = row["n"]
        summary.write({"label": f"{label}一批", "n": row["n"], "total": row["total"] or Decimal(0),
                       "yi": wan_to_yi(row["total"] or 0)})
    if period.demo_note:
        summary.write({"label": f"【演示数据】{period.demo_note}"})
    for batch, label in ListEntry.Batch.choices:
        sheet = SheetWriter(book, f"{label}一批", f"{period}“{label}一批”项目清单{mark}（金额单位见表头）",
                            period_columns())
        rows = entries.filter(batch=batch).values(*PERIOD_VALUES).iterator(chunk_size=CHUNK)
        for n, record in enumerate(rows, start=1):
            record["_n"] = n
            sheet.write(record)
    book.close()
    return counts


def uncounted_export(*, user, target, as_of: dt.date, region: str | None = None) -> int:
    """应统未统: the started projects at or above the 纳统 threshold not yet counted, with their checklist
    progress, as the user may see them (optionally `region` and below). Returns the number of rows."""
    from sanpi.progress import counting
    from sanpi.stats.uncounted import checklist_status, uncounted_projects

    book = _book(target)
    sheet = SheetWriter(book, "应统未统", f"应统未统项目清单（截至 {as_of:%Y-%m-%d}）", [
        Col("序号", _get("n"), "number", 6), Col("项目名称", _get("name"), width=36),
        Col("建设单位", _get("owner"), width=28), Col("区划代码", _get("region_id"), width=9),
        Col("所在地区", _get("region"), width=16), Col("总投资（万元）", _get("total"), "number", 14),
        Col("开工日期", _get("started_on"), "date", 11), Col("入库资料截止日期", _get("due"), "date", 12),
        Col("逾期天数（天）", _get("overdue"), "number", 10),
        Col(f"已报送入库资料（共{len(counting.DOCUMENTS)}项，项）", _get("documents"), "number", 14),
    ])
    count = 0
    for count, p in enumerate(uncounted_projects(user=user, as_of=as_of, region=region).iterator(chunk_size=CHUNK),
                              start=1):
        status = checklist_status(p, as_of)
        sheet.write({"n": count, "name": p.name, "owner": p.owner.name if p.owner_id else None,
                     "region_id": p.region_id, "region": p.region.name, "total": p.total_investment_wan,
                     "started_on": p.started_on, "due": status["due"], "overdue": status["days_overdue"],
                     "documents": p.documents})
    book.close()
    return count
