"""Projects: list (cursor pages), detail, create, update (with version), stage events, history."""

import orjson
from django.http import HttpResponse
from django.urls import reverse
from ninja import Query, Router

from sanpi.accounts.access import access_project, fetch, scope_projects
from sanpi.accounts.models import Leader, Organisation
from sanpi.core.money import decimal_str
from sanpi.projects import selectors, services
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Project, StageEvent

from ..errors import ERRORS, error_body
from ..pagination import cursor_values
from ..schemas import (
    DuplicateError,
    HistoryEntry,
    PathId,
    ProjectCreate,
    ProjectDetail,
    ProjectFilters,
    ProjectPage,
    ProjectUpdate,
    StageAdvance,
    StageCorrection,
    StageEventOut,
)

router = Router(tags=["项目"])


def summary(p) -> dict:
    return {
        "id": p.id, "code": p.code, "name": p.name, "region": p.region_id, "region_name": p.region.name,
        "stage": p.stage, "stage_label": Stage(p.stage).label, "stage_date": p.stage_date,
        "total_investment_wan": decimal_str(p.total_investment_wan), "industry": p.industry_id,
        "owner": p.owner_id, "owner_name": p.owner.name if p.owner_id else None,
        "in_statistics": p.in_statistics, "version": p.version,
    }


def detail(p, leaders: list[dict] | None = None) -> dict:
    """`leaders` as read by _leaders_of; without it the project's own (prefetched) leaders."""
    def name(obj):
        return obj.name if obj is not None else None

    return {
        **summary(p),
        "project_type": p.project_type, "nature": p.nature, "address": p.address,
        "longitude": decimal_str(p.longitude), "latitude": decimal_str(p.latitude),
        "industry_name": name(p.industry), "domain": p.domain_id, "domain_name": name(p.domain),
        "sector": p.sector_id, "sector_name": name(p.sector), "industrial_chain": p.industrial_chain,
        "scale_content": p.scale_content, "land_mu": decimal_str(p.land_mu),
        "building_area_m2": decimal_str(p.building_area_m2),
        "expected_output_wan": decimal_str(p.expected_output_wan),
        "expected_tax_wan": decimal_str(p.expected_tax_wan),
        "fund_source": p.fund_source, "management_category": p.management_category,
        "fund_origin": p.fund_origin,
        "responsible_unit": p.responsible_unit_id, "responsible_unit_name": name(p.responsible_unit),
        "service_unit": p.service_unit_id, "service_unit_name": name(p.service_unit),
        "leaders": leaders if leaders is not None else [{"id": leader.id, "name": str(leader)}
                                                         for leader in p.leaders.all()],
        "contacts": p.contacts, "in_statistics_date": p.in_statistics_date,
        "planned_sign_date": p.planned_sign_date, "planned_start_date": p.planned_start_date,
        "planned_completion_date": p.planned_completion_date,
        "planned_production_date": p.planned_production_date,
        "planned_capacity_date": p.planned_capacity_date,
        "signed_on": p.signed_on, "started_on": p.started_on, "completed_on": p.completed_on,
        "produced_on": p.produced_on, "capacity_on": p.capacity_on,
        "phase": p.phase, "previous_phase": p.previous_phase_id,
        "created_at": p.created_at, "updated_at": p.updated_at,
    }


def _leaders_of(project_id: int) -> list[dict]:
    """The project's leaders as the detail shows them, from one query on the link table (the prefetch
    machinery cost more than the query itself)."""
    rows = (Project.leaders.through.objects.filter(project_id=project_id).order_by("leader_id")
            .values_list("leader_id", "leader__name", "leader__title"))
    return [{"id": pk, "name": str(Leader(pk=pk, name=name, title=title))} for pk, name, title in rows]


def _detail_of(user, project_id: int) -> dict:
    """One scoped query for the project and its named relations (NotFound alike for unknown and not
    yours), one for its leaders."""
    qs = scope_projects(Project.objects.all(), user).select_related("region", "owner", "industry", "domain", "sector")
    project = fetch(qs, project_id)
    # 责任单位 and 代办单位 by one primary-key read: joining them too (eight tables) made PostgreSQL
    # spend 15–60 ms planning a query that runs in 0.5 ms.
    units = Organisation.objects.in_bulk({project.responsible_unit_id, project.service_unit_id} - {None})
    for name in ("responsible_unit", "service_unit"):
        Project._meta.get_field(name).set_cached_value(project, units.get(getattr(project, f"{name}_id")))
    return detail(project, _leaders_of(project.pk))


# The list's rows read as plain values (no model objects) and written by orjson: the output is ours,
# built to ProjectSummary's fields, so it is not validated a second time (a test compares the two).
SUMMARY_VALUES = ("id", "code", "name", "region_id", "region__name", "stage", "stage_date", "total_investment_wan",
                  "industry_id", "owner_id", "owner__name", "in_statistics", "version")
STAGE_LABELS = {value: str(label) for value, label in Stage.choices}


def summary_row(r: dict) -> dict:
    return {
        "id": r["id"], "code": r["code"], "name": r["name"], "region": r["region_id"],
        "region_name": r["region__name"], "stage": r["stage"], "stage_label": STAGE_LABELS[r["stage"]],
        "stage_date": r["stage_date"], "total_investment_wan": decimal_str(r["total_investment_wan"]),
        "industry": r["industry_id"], "owner": r["owner_id"], "owner_name": r["owner__name"],
        "in_statistics": r["in_statistics"], "version": r["version"],
    }


def event_out(e: StageEvent) -> dict:
    return {
        "id": e.id, "project": e.project_id, "stage": e.stage, "stage_label": Stage(e.stage).label,
        "occurred_on": e.occurred_on, "recorded_by": e.recorded_by.username if e.recorded_by_id else None,
        "recorded_at": e.recorded_at, "note": e.note,
        # the download view (session sign-in) applies the project's rule; there is no public file URL
        "evidence": reverse("web:file_evidence", args=[e.pk]) if e.evidence else None,
        "corrects": e.corrects_id, "reason": e.reason, "superseded": e.superseded,
    }


def _fields(payload, *, exclude=()) -> dict:
    """The fields the caller sent (an omitted field is left alone; null clears it)."""
    fields = payload.dict(exclude_unset=True, exclude=set(exclude))
    if fields.get("name") is None:
        fields.pop("name", None)
    for name in ("in_statistics",):
        if name in fields and fields[name] is None:
            fields[name] = False
    for name in ("project_type", "nature", "fund_source", "management_category"):
        if name in fields and fields[name] is None:
            fields.pop(name)
    return fields


def _check_previous_phase(user, fields: dict) -> None:
    """The previous phase must be a project the caller can see (it is shown by id in the detail)."""
    if fields.get("previous_phase"):
        access_project(user=user, project_id=fields["previous_phase"])


@router.get("/projects", response={200: ProjectPage, **ERRORS}, summary="项目列表（游标分页）")
def project_list(request, filters: Query[ProjectFilters]):
    """Filters as in the ledger page. Pages are newest first; pass `next_cursor` to get the next page."""
    wanted = filters.dict(exclude={"cursor", "limit"}, exclude_none=True)
    qs = selectors.project_list(user=request.auth, filters=wanted)
    rows, next_cursor = cursor_values(qs, cursor=filters.cursor, limit=filters.limit, fields=SUMMARY_VALUES)
    body = {"items": [summary_row(r) for r in rows], "next_cursor": next_cursor}
    return HttpResponse(orjson.dumps(body), content_type="application/json; charset=utf-8")


@router.get("/projects/{project_id}", response={200: ProjectDetail, **ERRORS}, summary="项目详情")
def project_detail(request, project_id: PathId):
    # Written by orjson like the list: the dict is ours, built to ProjectDetail's fields, so it is not
    # validated a second time (test_fast_paths compares the two). Datetimes in UTC end in "Z" as
    # pydantic writes them; `default=str` writes the lazily translated stage label.
    body = orjson.dumps(_detail_of(request.auth, project_id), default=str, option=orjson.OPT_UTC_Z)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.post("/projects", response={201: ProjectDetail, **ERRORS, 409: DuplicateError}, summary="登记项目")
def project_create(request, payload: ProjectCreate):
    """A project that seems registered already (same name in the same region and owner, or a taken
    项目代码) answers 409 `duplicate` with `existing` ids; send `confirm_duplicate: true` to register
    a new one with that name anyway (a taken 项目代码 stays refused)."""
    fields = _fields(payload, exclude={"confirm_duplicate"})
    _check_previous_phase(request.auth, fields)
    try:
        project = services.project_create(user=request.auth, fields=fields,
                                          confirm_duplicate=payload.confirm_duplicate)
    except services.DuplicateProject as exc:
        return 409, {**error_body(exc.code, exc.message), "existing": [p.pk for p in exc.existing]}
    return 201, _detail_of(request.auth, project.pk)


@router.patch("/projects/{project_id}", response={200: ProjectDetail, **ERRORS},
              summary="修改项目（须带版本号）")
def project_update(request, project_id: PathId, payload: ProjectUpdate):
    """`version` is the one the edit started from; if someone saved since, the answer is 409 conflict."""
    fields = _fields(payload, exclude={"version"})
    _check_previous_phase(request.auth, fields)
    services.project_update(user=request.auth, project_id=project_id, version=payload.version, fields=fields)
    return _detail_of(request.auth, project_id)


@router.get("/projects/{project_id}/stage-events", response={200: list[StageEventOut], **ERRORS},
            summary="阶段记录（含更正）")
def stage_event_list(request, project_id: PathId):
    project = access_project(user=request.auth, project_id=project_id)
    return [event_out(e) for e in selectors.project_stage_events(project=project)]


@router.post("/projects/{project_id}/stage-events", response={201: StageEventOut, **ERRORS},
             summary="记录阶段变化")
def stage_event_create(request, project_id: PathId, payload: StageAdvance):
    event = services.stage_advance(user=request.auth, project_id=project_id, stage=payload.stage,
                                   occurred_on=payload.occurred_on, note=payload.note)
    return 201, event_out(event)


@router.post("/stage-events/{event_id}/correction", response={201: StageEventOut, **ERRORS},
             summary="更正阶段记录（原记录保留）")
def stage_event_correct(request, event_id: PathId, payload: StageCorrection):
    event = services.stage_correct(user=request.auth, event_id=event_id, stage=payload.stage,
                                   occurred_on=payload.occurred_on, reason=payload.reason)
    return 201, event_out(event)


def _text(value) -> str | None:
    if value is None:
        return None
    return decimal_str(value) if hasattr(value, "is_finite") else str(value)


@router.get("/projects/{project_id}/history", response={200: list[HistoryEntry], **ERRORS},
            summary="字段修改历史")
def project_history(request, project_id: PathId):
    project = access_project(user=request.auth, project_id=project_id)
    return [
        {"when": c["when"], "who": c["who"].username if c["who"] else None, "field": c["field"],
         "old": _text(c["old"]), "new": _text(c["new"])}
        for c in selectors.project_history(project=project)
    ]
