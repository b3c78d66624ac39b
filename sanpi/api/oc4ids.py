"""Open data in OC4IDS 0.9 (Open Contracting for Infrastructure Data Standard), domain guide §8.

`project_record` maps one project (with the facts fetched for it) to an OC4IDS project; it does no
database work. `records` fetches set-based, a chunk of projects at a time (one query per kind of
fact per chunk, never per project), and `package_write` streams a project package as JSON.

Choices (documented in docs/api.md):
- Project ids are `<prefix>-<sanpi id>`; the prefix `oc4ids-sanpi` stands in until the publisher
  registers an OC4IDS project identifier prefix, which replaces it (SANPI_OC4IDS_PREFIX).
- 停缓建 (suspended) keeps the phase it stopped in: `implementation` once works had started,
  `preparation` before; the status codelist has no "suspended".
- 总投资 goes to budget.amount in CNY (万元 × 10000, an exact integer); amounts never pass a float.
"""

import calendar
import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import Region
from sanpi.projects import selectors
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import AnnualPlan, Project

from . import oc4ids_finance

VERSION = "0.9"
PREFIX = os.environ.get("SANPI_OC4IDS_PREFIX", "oc4ids-sanpi")
PUBLISHER = os.environ.get("SANPI_OC4IDS_PUBLISHER", "三批 sanpi 项目台账")
PUBLIC_URL = os.environ.get("SANPI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
LICENSE = os.environ.get("SANPI_OC4IDS_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
PUBLICATION_POLICY = os.environ.get("SANPI_OC4IDS_POLICY", f"{PUBLIC_URL}/api/v1/docs")
COUNTRY = "中国"
TZ = "+08:00"  # dates of the ledger are days in China

STATUS = {
    Stage.PLANNED: "identification",
    Stage.NEGOTIATING: "identification",
    Stage.SIGNED: "preparation",
    Stage.STARTED: "implementation",
    Stage.COMPLETED: "completion",
    Stage.PRODUCING: "maintenance",
    Stage.CAPACITY: "maintenance",
    Stage.TERMINATED: "cancelled",
}
# 建设性质 -> projectType (closed codelist); 单纯购置 builds nothing and gets no type.
TYPE_BY_NATURE = {"1": "construction", "2": "expansion", "3": "rehabilitation", "4": "construction",
                  "5": "construction", "6": "rehabilitation"}
# GB/T 4754-2017 大类 -> projectSector (closed codelist); sectors outside infrastructure get none.
SECTOR_BY_DIVISION = {
    "44": "energy", "45": "energy", "46": "waterAndWaste",
    "53": "transport.rail", "54": "transport.road", "55": "transport.water", "56": "transport.air",
    "63": "communications", "64": "communications", "77": "naturalResources", "78": "waterAndWaste",
    "83": "education", "84": "health", "85": "health",
    "86": "cultureSportsAndRecreation", "87": "cultureSportsAndRecreation", "88": "cultureSportsAndRecreation",
    "89": "cultureSportsAndRecreation", "92": "governance", "70": "socialHousing",
}
ROLE_OWNER = "funder"  # 建设单位: provides the money of an investment project
ROLE_AUTHORITY = "publicAuthority"  # 责任单位: the government body responsible for the project
INDUSTRY_SCHEME = "GB/T 4754-2017"


def project_id(pk: int) -> str:
    return f"{PREFIX}-{pk}"


def yuan(wan: Decimal) -> int:
    """万元 -> 元 as an exact integer (万元 has at most 2 decimals: 0.01万元 = 100元)."""
    return int((wan * 10000).to_integral_value())


def money(wan: Decimal) -> dict:
    return {"amount": yuan(wan), "currency": "CNY"}


def day(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00{TZ}"


def month_period(year: int, month: int) -> dict:
    last = calendar.monthrange(year, month)[1]
    return {"startDate": day(dt.date(year, month, 1)), "endDate": day(dt.date(year, month, last))}


def status(p: Project) -> str:
    if p.stage == Stage.SUSPENDED:
        return "implementation" if p.started_on else "preparation"
    return STATUS[Stage(p.stage)]


def region_names(regions: dict[str, tuple[str, str | None]], code: str) -> list[str]:
    """Names from the province down to `code`: ['河南省', '郑州市', '郑州经开区']."""
    names = []
    while code and code in regions and len(names) < 10:
        name, parent = regions[code]
        names.append(name)
        code = parent
    return names[::-1]


def party(org, region_name: str, role: str) -> dict:
    item = {"id": f"CN-USCI-{org.uscc}" if org.uscc else f"{PREFIX}-org-{org.pk}", "name": org.name,
            "roles": [role]}
    if org.uscc:
        item["identifier"] = {"scheme": "CN-USCI", "id": org.uscc, "legalName": org.name}
    if region_name:
        item["address"] = {"region": region_name, "countryName": COUNTRY}
    return item


def project_record(p: Project, *, regions: dict, plans: Iterable = (), reports: Iterable = (),
                   classifications: Iterable[dict] = (), related: dict | None = None, approvals: list = (),
                   funding: list = ()) -> dict:
    """One OC4IDS project. `p` comes with region, owner, responsible_unit, industry, domain, sector
    loaded; `plans` are its AnnualPlans, `reports` its approved monthly reports (oldest first),
    `classifications` its list memberships, `related` the previous phase's {id, title} if visible."""
    record: dict = {"id": project_id(p.pk), "updated": timezone.localtime(p.updated_at).isoformat(timespec="seconds"),
                    "language": "zh", "title": p.name, "status": status(p)}
    if p.code:
        record["identifiers"] = [{"id": p.code, "scheme": "CN-项目代码"}]
    if p.scale_content.strip():
        record["description"] = p.scale_content.strip()
    if p.nature in TYPE_BY_NATURE:
        record["type"] = TYPE_BY_NATURE[p.nature]
    if p.industry_id in SECTOR_BY_DIVISION:
        record["sector"] = [SECTOR_BY_DIVISION[p.industry_id]]
    if p.total_investment_wan is not None:
        record["budget"] = {"amount": money(p.total_investment_wan), "description": "总投资"}
    if finance := oc4ids_finance.budget_of(list(funding), day=day, money=money):
        record.setdefault("budget", {}).update(finance)
    milestones, documents = oc4ids_finance.milestones_of(list(approvals), today=timezone.localdate(), day=day,
                                                         money=money)
    if milestones:
        record["milestones"] = milestones
    if documents:
        record["documents"] = documents

    planned_end = p.planned_completion_date or p.planned_production_date
    period = {}
    if p.planned_start_date:
        period["startDate"] = day(p.planned_start_date)
    if planned_end and (not p.planned_start_date or planned_end >= p.planned_start_date):
        period["endDate"] = day(planned_end)
    if period:
        record["period"] = period  # the planned baseline; the actual end is in `completion`
    actual_end = p.completed_on or p.produced_on
    if actual_end:
        record["completion"] = {"endDate": day(actual_end)}

    names = region_names(regions, p.region_id)
    place = "".join(names)
    location = {"id": "1", "description": f"{place}（区划代码 {p.region_id}）{p.address}".strip(),
                "address": {"region": place or p.region_id, "countryName": COUNTRY}}
    if p.address:
        location["address"]["streetAddress"] = p.address
    if p.longitude is not None and p.latitude is not None:
        location["geometry"] = {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]}
    record["locations"] = [location]

    parties: dict[str, dict] = {}
    for org, role in ((p.owner, ROLE_OWNER), (p.responsible_unit, ROLE_AUTHORITY)):
        if org is None:
            continue
        item = party(org, "".join(region_names(regions, org.region_id)), role)
        if item["id"] in parties:
            if role not in parties[item["id"]]["roles"]:
                parties[item["id"]]["roles"].append(role)
        else:
            parties[item["id"]] = item
    if parties:
        record["parties"] = list(parties.values())
    if p.responsible_unit is not None:
        authority = party(p.responsible_unit, "", ROLE_AUTHORITY)
        record["publicAuthority"] = {"id": authority["id"], "name": authority["name"]}

    extra: list[dict] = []
    if p.industry_id and p.industry is not None:
        extra.append({"scheme": INDUSTRY_SCHEME, "id": p.industry_id, "description": p.industry.name})
    for cat in (p.domain, p.sector):
        if cat is not None:
            extra.append({"scheme": f"sanpi-{cat.scheme}-{cat.year}", "id": f"{cat.scheme}.{cat.code}",
                          "description": cat.name})
    for item in classifications:
        if item not in extra:
            extra.append(item)
    if extra:
        record["additionalClassifications"] = extra

    forecast = [{"id": f"plan-{plan.year}", "period": {"startDate": day(dt.date(plan.year, 1, 1)),
                                                       "endDate": day(dt.date(plan.year, 12, 31))},
                 "value": money(plan.planned_investment_wan), "notes": f"{plan.year}年度计划投资"}
                for plan in sorted(plans, key=lambda x: x.year)]
    if forecast:
        record["forecasts"] = [{"id": "financialProgress", "title": "年度计划投资", "observations": forecast}]

    financial, physical = [], []
    for r in reports:
        observed = {"id": f"{r.year}-{r.month:02d}", "period": month_period(r.year, r.month)}
        item = {**observed, "value": money(r.since_start_completed_wan), "notes": "开工以来累计完成投资"}
        if p.total_investment_wan:
            share = (r.since_start_completed_wan * 100 / p.total_investment_wan).quantize(Decimal("0.01"))
            item["measure"] = format(share, "f")
            item["unit"] = {"name": "percent"}
        financial.append(item)
        if r.progress_text.strip():
            physical.append({**observed, "notes": r.progress_text.strip()})
    metrics = []
    if financial:
        metrics.append({"id": "financialProgress", "title": "累计完成投资", "observations": financial})
    if physical:
        metrics.append({"id": "physicalProgress", "title": "形象进度", "observations": physical})
    if metrics:
        record["metrics"] = metrics

    if related:
        record["relatedProjects"] = [{"id": "1", "scheme": "oc4ids", "identifier": project_id(related["id"]),
                                      "relationship": "expansion", "title": related["title"]}]
    return record


# ---- selectors --------------------------------------------------------------------------------

def export_queryset(*, user, region: str | None = None, project: int | None = None,
                    filters: dict | None = None) -> QuerySet:
    """The projects `user` may see, by the ledger's filters (region includes the regions below)."""
    wanted = dict(filters or {})
    if region:
        wanted["region"] = region
    qs = selectors.project_list(user=user, filters=wanted)
    if project is not None:
        qs = qs.filter(pk=project)
    return qs


def _regions() -> dict[str, tuple[str, str | None]]:
    return {code: (name, parent) for code, name, parent in Region.objects.values_list("code", "name", "parent_id")}


def _list_classifications(ids: list[int]) -> dict[int, list[dict]]:
    """Key-project lists and 三个一批 lists each project is on."""
    from sanpi.activities.models import KeyProjectEntry, ListEntry

    found: dict[int, list[dict]] = defaultdict(list)
    for pid, list_id, name in (KeyProjectEntry.objects.filter(project_id__in=ids)
                               .values_list("project_id", "key_list_id", "key_list__name").order_by("key_list_id")):
        found[pid].append({"scheme": "sanpi-key-project-list", "id": f"keylist.{list_id}", "description": name})
    batches = dict(ListEntry.Batch.choices)
    for pid, period_id, number, host, batch in (
            ListEntry.objects.filter(project_id__in=ids)
            .values_list("project_id", "period_id", "period__number", "period__host_region__name", "batch")
            .order_by("period__held_on", "id")):
        found[pid].append({"scheme": "sanpi-three-batches", "id": f"period.{period_id}.{batch}",
                           "description": f"{host}“三个一批”第{number}期{batches.get(batch, batch)}一批"})
    return found


def _approved_reports(ids: list[int]) -> dict[int, list]:
    from sanpi.progress.models import MonthlyReport

    found: dict[int, list] = defaultdict(list)
    rows = (MonthlyReport.objects.filter(project_id__in=ids, is_current=True,
                                         status__in=[MonthlyReport.Status.APPROVED, MonthlyReport.Status.LOCKED])
            .only("project_id", "year", "month", "since_start_completed_wan", "progress_text")
            .order_by("project_id", "year", "month"))
    for r in rows:
        found[r.project_id].append(r)
    return found


def records(qs: QuerySet, *, user, chunk: int = 1000, limit: int | None = None) -> Iterator[dict]:
    """OC4IDS projects of `qs`, newest first, fetched `chunk` projects at a time."""
    regions = _regions()
    qs = qs.select_related("owner", "responsible_unit", "industry", "domain", "sector").order_by("-id")
    before = None
    sent = 0
    while limit is None or sent < limit:
        size = chunk if limit is None else min(chunk, limit - sent)
        page = list((qs.filter(id__lt=before) if before else qs)[:size])
        if not page:
            return
        ids = [p.pk for p in page]
        plans: dict[int, list] = defaultdict(list)
        for plan in AnnualPlan.objects.filter(project_id__in=ids).order_by("project_id", "year"):
            plans[plan.project_id].append(plan)
        reports = _approved_reports(ids)
        lists = _list_classifications(ids)
        approvals, funding = oc4ids_finance.fetch_approvals(ids), oc4ids_finance.fetch_funding(ids)
        previous = {p.previous_phase_id for p in page if p.previous_phase_id}
        visible = {pk: name for pk, name in scope_projects(Project.objects.filter(pk__in=previous), user)
                   .values_list("id", "name")} if previous else {}
        for p in page:
            related = {"id": p.previous_phase_id, "title": visible[p.previous_phase_id]} \
                if p.previous_phase_id in visible else None
            yield project_record(p, regions=regions, plans=plans[p.pk], reports=reports[p.pk],
                                 classifications=lists[p.pk], related=related, approvals=approvals[p.pk],
                                 funding=funding[p.pk])
        sent += len(page)
        before = page[-1].pk
        if len(page) < size:
            return


def package_header(*, uri: str) -> dict:
    return {"version": VERSION, "uri": uri, "publishedDate": timezone.localtime().isoformat(timespec="seconds"),
            "publisher": {"name": PUBLISHER}, "license": LICENSE, "publicationPolicy": PUBLICATION_POLICY}


def package(projects: list[dict], *, uri: str) -> dict:
    return {**package_header(uri=uri), "projects": projects}


def package_write(stream, projects: Iterable[dict], *, uri: str) -> int:
    """Write a project package to a text stream, one project at a time; returns the count."""
    head = json.dumps(package_header(uri=uri), ensure_ascii=False, indent=2)
    stream.write(head[:-2] + ',\n  "projects": [')
    count = 0
    for record in projects:
        stream.write(("," if count else "") + "\n    " + json.dumps(record, ensure_ascii=False))
        count += 1
    stream.write("\n  ]\n}\n")
    return count
