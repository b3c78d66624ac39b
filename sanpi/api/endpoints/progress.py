"""Monthly dispatch: reports (save, submit, return, approve), problems, red/yellow/green lights.
Thin: each endpoint calls one service or selector of sanpi.progress."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from sanpi.accounts.access import scope_regions
from sanpi.accounts.models import Region
from sanpi.core.money import decimal_str
from sanpi.progress import selectors, services
from sanpi.progress.models import Colour, Dimension, MonthlyReport, Problem

from ..errors import ERRORS
from ..pagination import cursor_page
from ..schemas import Date, Id, Money, PathId, RegionCode, Text

router = Router(tags=["月度调度"])

Year = Field(ge=2000, le=2100)
Month = Field(ge=1, le=12)
ReportStatus = Literal[tuple(MonthlyReport.Status.values)]
ProblemKind = Literal[tuple(Problem.Kind.values)]
ProblemStatus = Literal[tuple(Problem.Status.values)]
ColourCode = Literal[tuple(Colour.values)]
DimensionCode = Literal[tuple(Dimension.values)]


class ReportOut(Schema):
    id: int
    project: int
    project_name: str
    region: str
    year: int
    month: int
    version: int
    status: str
    status_label: str
    month_completed_wan: str = Field(description="本月完成投资（万元）")
    ytd_completed_wan: str = Field(description="自年初累计完成投资（万元）")
    since_start_completed_wan: str = Field(description="开工以来累计完成投资（万元）")
    progress_text: str
    milestones: str
    problems_text: str
    next_steps: str
    return_reason: str
    pace_flag: bool
    pace_reason: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class ReportFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)
    status: ReportStatus | None = None
    project: Id | None = None
    cursor: Text(200) | None = None
    limit: int = Field(50, ge=1, le=500)


class ReportDraft(Schema):
    year: int = Year
    month: int = Month
    month_completed_wan: Money = Field(description="本月完成投资（万元）")
    ytd_completed_wan: Money | None = Field(None, description="自年初累计（万元），空则由前几个月推算")
    since_start_completed_wan: Money | None = Field(None, description="开工以来累计（万元），空则推算")
    progress_text: Text(5000) = ""
    milestones: Text(5000) = ""
    problems_text: Text(5000) = ""
    next_steps: Text(5000) = ""
    submit: bool = Field(False, description="true：保存并报送（一个事务，同一内容重复报送返回同一月报）")


class Reason(Schema):
    reason: Text(500)


class ProblemOut(Schema):
    id: int
    project: int
    project_name: str
    kind: str
    kind_label: str
    description: str
    raised_at: dt.date
    responsible_department: str
    deadline: dt.date
    measures: str
    status: str
    status_label: str
    resolved_at: dt.date | None
    letters: int


class ProblemPage(Schema):
    items: list[ProblemOut]
    next_cursor: str | None


class ProblemFilters(Schema):
    status: ProblemStatus | None = None
    kind: ProblemKind | None = None
    project: Id | None = None
    open_only: bool = False
    cursor: Text(200) | None = None
    limit: int = Field(50, ge=1, le=500)


class ProblemIn(Schema):
    kind: ProblemKind
    description: Text(5000)
    responsible_department: Text(100)
    deadline: Date
    measures: Text(5000) = ""


class LightOut(Schema):
    id: int
    project: int
    project_name: str
    region: str
    year: int
    month: int
    colour: str
    reasons: list
    evaluated_at: dt.datetime


class LightPage(Schema):
    items: list[LightOut]
    next_cursor: str | None


class LightFilters(Schema):
    year: int = Field(..., ge=2000, le=2100)
    month: int = Field(..., ge=1, le=12)
    colour: ColourCode | None = None
    dimension: DimensionCode | None = None
    region: RegionCode | None = None
    cursor: Text(200) | None = None
    limit: int = Field(50, ge=1, le=500)


class DimensionLight(Schema):
    dimension: str
    colour: str
    reason: str
    figures: dict


class MonthLights(Schema):
    year: int
    month: int
    colour: str
    reasons: list
    lights: list[DimensionLight]


def report_out(r: MonthlyReport) -> dict:
    return {
        "id": r.id, "project": r.project_id, "project_name": r.project.name, "region": r.project.region_id,
        "year": r.year, "month": r.month, "version": r.version, "status": r.status,
        "status_label": r.get_status_display(), "month_completed_wan": decimal_str(r.month_completed_wan),
        "ytd_completed_wan": decimal_str(r.ytd_completed_wan),
        "since_start_completed_wan": decimal_str(r.since_start_completed_wan), "progress_text": r.progress_text,
        "milestones": r.milestones, "problems_text": r.problems_text, "next_steps": r.next_steps,
        "return_reason": r.return_reason, "pace_flag": r.pace_flag, "pace_reason": r.pace_reason,
        "submitted_at": r.submitted_at, "approved_at": r.approved_at,
    }


def problem_out(p: Problem, letters: int | None = None) -> dict:
    return {
        "id": p.id, "project": p.project_id, "project_name": p.project.name, "kind": p.kind,
        "kind_label": p.get_kind_display(), "description": p.description, "raised_at": p.raised_at,
        "responsible_department": p.responsible_department, "deadline": p.deadline, "measures": p.measures,
        "status": p.status, "status_label": p.get_status_display(), "resolved_at": p.resolved_at,
        "letters": letters if letters is not None else getattr(p, "letters", 0),
    }


@router.get("/reports", response={200: ReportPage, **ERRORS}, summary="月报列表（现行版本）")
def report_list(request, filters: Query[ReportFilters]):
    qs = selectors.report_list(user=request.auth, year=filters.year, month=filters.month, status=filters.status,
                               project_id=filters.project)
    rows, next_cursor = cursor_page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [report_out(r) for r in rows], "next_cursor": next_cursor}


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="月报详情")
def report_detail(request, report_id: PathId):
    return report_out(services.access_report(user=request.auth, report_id=report_id))


@router.post("/projects/{project_id}/reports", response={200: ReportOut, 201: ReportOut, **ERRORS},
             summary="填报月报（保存草稿）")
def report_save(request, project_id: PathId, payload: ReportDraft):
    """201 when the month's report is created (as `POST /projects`), 200 when an existing draft changes."""
    report = services.report_file(user=request.auth, project_id=project_id, **payload.dict())
    return (201 if getattr(report, "created_now", False) else 200), report_out(report)


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **ERRORS}, summary="报送月报")
def report_submit(request, report_id: PathId):
    return report_out(services.report_submit(user=request.auth, report_id=report_id))


@router.post("/reports/{report_id}/return", response={200: ReportOut, **ERRORS}, summary="退回月报（须填原因）")
def report_return(request, report_id: PathId, payload: Reason):
    return report_out(services.report_return(user=request.auth, report_id=report_id, reason=payload.reason))


@router.post("/reports/{report_id}/approve", response={200: ReportOut, **ERRORS}, summary="审核通过月报")
def report_approve(request, report_id: PathId):
    return report_out(services.report_approve(user=request.auth, report_id=report_id))


@router.get("/problems", response={200: ProblemPage, **ERRORS}, summary="协调事项（问题台账）")
def problem_list(request, filters: Query[ProblemFilters]):
    qs = selectors.problem_list(user=request.auth, status=filters.status, open_only=filters.open_only,
                                kind=filters.kind, project_id=filters.project)
    rows, next_cursor = cursor_page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [problem_out(p) for p in rows], "next_cursor": next_cursor}


@router.post("/projects/{project_id}/problems", response={201: ProblemOut, **ERRORS}, summary="提出协调事项")
def problem_raise(request, project_id: PathId, payload: ProblemIn):
    problem = services.problem_raise(user=request.auth, project_id=project_id, **payload.dict())
    return 201, problem_out(problem, letters=0)


@router.get("/lights", response={200: LightPage, **ERRORS}, summary="红黄绿灯（某月，最严重的在前）")
def light_list(request, filters: Query[LightFilters]):
    if filters.region and not scope_regions(Region.objects.filter(pk=filters.region), request.auth).exists():
        # An unknown region, or one outside the caller's: nothing to show (the selector expects a real one).
        return {"items": [], "next_cursor": None}
    qs = selectors.light_list(user=request.auth, year=filters.year, month=filters.month, colour=filters.colour,
                              dimension=filters.dimension, region=filters.region)
    rows, next_cursor = cursor_page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [{"id": pl.id, "project": pl.project_id, "project_name": pl.project.name,
                       "region": pl.project.region_id, "year": pl.year, "month": pl.month, "colour": pl.colour,
                       "reasons": pl.reasons, "evaluated_at": pl.last_evaluated_at} for pl in rows],
            "next_cursor": next_cursor}


@router.get("/projects/{project_id}/lights", response={200: list[MonthLights], **ERRORS},
            summary="项目各月红黄绿灯及原因")
def project_lights(request, project_id: PathId):
    return [{**{k: m[k] for k in ("year", "month", "colour", "reasons")},
             "lights": [{"dimension": li.dimension, "colour": li.colour, "reason": li.reason, "figures": li.figures}
                        for li in m["lights"]]}
            for m in selectors.project_lights(user=request.auth, project_id=project_id)]
