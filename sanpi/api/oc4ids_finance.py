"""OC4IDS mapping of 前期手续 (milestones and documents) and money by source (budget.budgetBreakdowns and
budget.finance). The `*_of` functions are pure; `fetch_*` read a chunk of projects set-based.

- Each approval item that must be done is a milestone of type `approval` (`projectApproval` code for
  立项/可研/初设/核准备案), due on its planned date, met on its 办结 date; an item past its planned date
  and not 办结 is `notMet`. A 办结 item with a 批复文号 is also a document (no URL: files are not public).
- Funding lines are the budget breakdown "按资金来源" (计划/下达, one entry per year, source and batch);
  the debt and grant lines are also finance arrangements (专项债 a bond, 银行贷款 a loan, 预算内 grants),
  with the cumulative 到位 and 支付 in their description.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

MILESTONE_CODE = {"lixiang": "projectApproval", "keyan": "projectApproval", "chushe": "projectApproval",
                  "hezhun_beian": "projectApproval"}
DOCUMENT_TYPE = {"keyan": "feasibilityStudy", "chushe": "designReport", "huanping": "environmentalImpact",
                 "yongdi": "landAndSettlementImpact", "lixiang": "projectScope"}
FINANCE = {  # source -> (type, assetClass, financingPartyType)
    "special_bond": ("bond", "debt", "other"),
    "bank_loan": ("loan", "debt", "commercial"),
    "policy_finance": (None, "equity", "institutional"),
    "central_budget": ("grant", None, None),
    "province_budget": ("grant", None, None),
    "city_budget": ("grant", None, None),
    "county_budget": ("grant", None, None),
}


def _wan_text(value: Decimal) -> str:
    text = format(Decimal(value).quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def milestones_of(items: list[dict], *, today: dt.date, day, money) -> tuple[list[dict], list[dict]]:
    """(milestones, documents) of a project's approval items (dicts of values)."""
    milestones, documents = [], []
    for item in items:
        if not item["required"] or item["status"] == "not_applicable":
            continue
        code = item["kind__code"]
        entry = {"id": f"approval-{code}", "title": item["kind__name"], "type": "approval"}
        if code in MILESTONE_CODE:
            entry["code"] = MILESTONE_CODE[code]
        if item["planned_on"]:
            entry["dueDate"] = day(item["planned_on"])
        if item["status"] == "done" and item["done_on"]:
            entry["dateMet"] = day(item["done_on"])
            entry["status"] = "met"
        elif item["planned_on"] and item["planned_on"] < today:
            entry["status"] = "notMet"
        else:
            entry["status"] = "scheduled"
        label = {"not_started": "未启动", "in_progress": "办理中", "done": "已办结"}[item["status"]]
        entry["description"] = f"{label}" + (f"；责任单位：{item['responsible_unit']}" if item["responsible_unit"] else "")
        milestones.append(entry)
        if item["status"] == "done" and item["document_number"]:
            doc = {"id": f"approval-{code}", "title": f"{item['kind__name']}（{item['document_number']}）",
                   "datePublished": day(item["done_on"])}
            if code in DOCUMENT_TYPE:
                doc["documentType"] = DOCUMENT_TYPE[code]
            documents.append(doc)
    return milestones, documents


def budget_of(lines: list[dict], *, day, money) -> dict:
    """{"budgetBreakdowns": […], "finance": […]} of a project's funding lines (empty when none)."""
    if not lines:
        return {}
    labels = {value: label for value, label in _source_labels()}
    breakdown, finance = [], []
    for line in sorted(lines, key=lambda x: (x["year"], x["source"], x["bond_batch"])):
        key = f"{line['year']}-{line['source']}" + (f"-{line['bond_batch']}" if line["bond_batch"] else "")
        label = labels[line["source"]] + (f"（{line['bond_batch']}）" if line["bond_batch"] else "")
        period = {"startDate": day(dt.date(line["year"], 1, 1)), "endDate": day(dt.date(line["year"], 12, 31))}
        breakdown.append({"id": key, "description": f"{line['year']}年 {label} 计划/下达", "amount": money(line["allocated_wan"]),
                          "period": period})
        kind, asset, party = FINANCE.get(line["source"], (None, None, None))
        if kind is None and asset is None:
            continue
        item = {"id": key, "title": f"{line['year']}年 {label}", "value": money(line["allocated_wan"]), "source": label,
                "description": f"累计到位 {_wan_text(line['arrived'] or 0)} 万元，累计支付 {_wan_text(line['paid'] or 0)} 万元",
                "period": period}
        if kind:
            item["type"] = kind
        if asset:
            item["assetClass"] = [asset]
        if party:
            item["financingPartyType"] = party
        finance.append(item)
    budget = {"budgetBreakdowns": [{"id": "bySource", "description": "按资金来源（计划/下达，按年度）",
                                    "budgetBreakdown": breakdown}]}
    if finance:
        budget["finance"] = finance
    return budget


def _source_labels():
    from sanpi.funding.models import Source

    return Source.choices


def fetch_approvals(ids: list[int]) -> dict[int, list[dict]]:
    from sanpi.approvals.models import ApprovalItem

    found: dict[int, list[dict]] = defaultdict(list)
    for row in (ApprovalItem.objects.filter(project_id__in=ids).order_by("project_id", "kind__sort", "id")
                .values("project_id", "kind__code", "kind__name", "required", "status", "planned_on", "done_on",
                        "document_number", "responsible_unit")):
        found[row["project_id"]].append(row)
    return found


def fetch_funding(ids: list[int]) -> dict[int, list[dict]]:
    from sanpi.funding.models import FundingLine

    found: dict[int, list[dict]] = defaultdict(list)
    for row in (FundingLine.objects.filter(project_id__in=ids)
                .values("project_id", "year", "source", "bond_batch", "allocated_wan")
                .annotate(arrived=Sum("months__arrived_wan"), paid=Sum("months__paid_wan"))):
        found[row["project_id"]].append(row)
    return found
