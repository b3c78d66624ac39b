"""三个一批 periods, their lists and statistics, and key-project lists (sanpi.activities).

A period is visible to the users of its host region and of the regions above and below it; the
entries shown are only projects the caller may see. Statistics follow the one rule of
sanpi.accounts.access, as on the period page and its bulletin: a closed period's host-wide totals
are published and go to every caller who sees the period, an open period's only to its organisers
(the host region and above); by-region rows are the caller's region and below unless they organise.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from sanpi.accounts.access import fetch, period_totals_visible
from sanpi.activities import rules, selectors
from sanpi.activities.models import KeyProjectList, ListEntry, Period
from sanpi.core.money import decimal_str

from ..errors import ERRORS
from ..pagination import cursor_page
from ..schemas import PathId, Text

router = Router(tags=["三个一批与重点项目名单"])

BatchCode = Literal[tuple(rules.BATCHES)]
LevelCode = Literal[tuple(Period.Level.values)]


class ListTotal(Schema):
    count: int
    total_investment_wan: str = Field(description="总投资（万元）")


class PeriodOut(Schema):
    id: int
    number: int
    held_on: dt.date
    level: str
    host_region: str
    host_region_name: str
    status: str
    status_label: str
    lists: dict[str, ListTotal] | None = Field(description="各清单项目数与总投资（已关闭期次向所有可见用户公布；进行中的期次仅举办地区及上级可见）")


class EntryOut(Schema):
    id: int
    period: int
    batch: str
    batch_label: str
    project: int
    project_name: str
    region: str
    declared_total_investment_wan: str = Field(description="申报总投资（万元）")
    declared_annual_plan_wan: str | None = Field(description="申报年度计划投资（万元）")
    carried_from_period: int | None


class EntryPage(Schema):
    items: list[EntryOut]
    next_cursor: str | None


class EntryFilters(Schema):
    batch: BatchCode | None = None
    cursor: Text(200) | None = None
    limit: int = Field(50, ge=1, le=500)


class KeyListOut(Schema):
    id: int
    level: str
    region: str
    region_name: str
    year: int
    batch: int
    name: str
    count: int | None = Field(description="名单项目数（名单已公布）")
    total_investment_wan: str | None = Field(description="名单总投资（万元，名单已公布）")


class KeyEntryOut(Schema):
    id: int
    key_list: int
    project: int
    project_name: str
    region: str
    declared_total_investment_wan: str | None = Field(description="总投资（万元）")


class KeyEntryPage(Schema):
    items: list[KeyEntryOut]
    next_cursor: str | None


def period_out(user, p: Period) -> dict:
    lists = None
    if period_totals_visible(user, p):
        lists = {b: {"count": getattr(p, f"{b}_count"), "total_investment_wan": decimal_str(getattr(p, f"{b}_total") or 0)}
                 for b in rules.BATCHES}
    return {"id": p.id, "number": p.number, "held_on": p.held_on, "level": p.level, "host_region": p.host_region_id,
            "host_region_name": p.host_region.name, "status": p.status, "status_label": p.get_status_display(),
            "lists": lists}


def entry_out(e: ListEntry) -> dict:
    return {"id": e.id, "period": e.period_id, "batch": e.batch, "batch_label": f"{rules.BATCH_LABELS[e.batch]}一批",
            "project": e.project_id, "project_name": e.project.name, "region": e.region_id,
            "declared_total_investment_wan": decimal_str(e.declared_total_investment_wan),
            "declared_annual_plan_wan": decimal_str(e.declared_annual_plan_wan),
            "carried_from_period": e.carried_from.period.number if e.carried_from_id else None}


@router.get("/periods", response={200: list[PeriodOut], **ERRORS}, summary="三个一批期次")
def period_list(request, level: LevelCode | None = None):
    return [period_out(request.auth, p) for p in selectors.period_list(user=request.auth, level=level)]


@router.get("/periods/{period_id}", response={200: PeriodOut, **ERRORS}, summary="期次详情")
def period_detail(request, period_id: PathId):
    return period_out(request.auth, fetch(selectors.period_list(user=request.auth), period_id))


@router.get("/periods/{period_id}/entries", response={200: EntryPage, **ERRORS},
            summary="期次清单项目（本辖区内）")
def period_entries(request, period_id: PathId, filters: Query[EntryFilters]):
    period = selectors.period_get(user=request.auth, period_id=period_id)
    qs = selectors.period_entry_list(user=request.auth, period=period, batch=filters.batch)
    rows, next_cursor = cursor_page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [entry_out(e) for e in rows], "next_cursor": next_cursor}


@router.get("/periods/{period_id}/statistics", response={200: dict, **ERRORS},
            summary="期次统计（已关闭期次为冻结快照）")
def period_statistics(request, period_id: PathId, revision: int | None = Query(None, ge=1, le=10000)):
    """The statistics `sanpi period stats N --format json` prints: lists, breakdowns by city, size,
    domain …, conversion and comparisons; amounts in 万元 as decimal strings. As the period page shows
    them to the caller: host-wide sections are null while the period is open and the caller does not
    organise it ("totals_withheld"); by_city/by_county hold the caller's region and below unless they
    organise it ("rows_limited")."""
    period = selectors.period_get(user=request.auth, period_id=period_id)
    return selectors.period_stats_for(user=request.auth, period=period, revision=revision)


def keylist_out(user, k: KeyProjectList) -> dict:
    # A key-project list is a published document (its size is in the press release): every caller who
    # sees the list reads its count and total, as on the list page.
    return {"id": k.id, "level": k.level, "region": k.region_id, "region_name": k.region.name, "year": k.year,
            "batch": k.batch, "name": k.name, "count": k.n, "total_investment_wan": decimal_str(k.total or 0)}


@router.get("/keylists", response={200: list[KeyListOut], **ERRORS}, summary="重点建设项目名单")
def keylist_list(request):
    return [keylist_out(request.auth, k) for k in selectors.keylist_list(user=request.auth).order_by("-year", "id")]


@router.get("/keylists/{key_list_id}/entries", response={200: KeyEntryPage, **ERRORS},
            summary="名单项目（本辖区内）")
def keylist_entries(request, key_list_id: PathId, cursor: Text(200) | None = None,
                    limit: int = Query(50, ge=1, le=500)):
    key_list = selectors.keylist_get(user=request.auth, key_list_id=key_list_id)
    rows, next_cursor = cursor_page(selectors.keylist_entry_list(user=request.auth, key_list=key_list),
                                    cursor=cursor, limit=limit)
    return {"items": [{"id": e.id, "key_list": e.key_list_id, "project": e.project_id, "project_name": e.project.name,
                       "region": e.project.region_id,
                       "declared_total_investment_wan": decimal_str(e.declared_total_investment_wan)} for e in rows],
            "next_cursor": next_cursor}
