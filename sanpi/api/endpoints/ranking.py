"""Targets, scoring schemes and rankings. Thin: each endpoint calls one service or selector of
sanpi.ranking. A ranking is answered from its latest published revision (frozen JSON) where one
exists, else computed now ("revision": null)."""

from decimal import Decimal

from ninja import Field, Query, Router, Schema

from sanpi.accounts import access
from sanpi.core.errors import NotFound
from sanpi.ranking import rules, selectors, services

from ..errors import ERRORS
from ..schemas import Money, PathId, RegionCode, Text

router = Router(tags=["目标与考评排名"])
Percent = Field(None, ge=0, le=100)


class Cell(Schema):
    value: str | None = Field(description="累计完成（万元或个）")
    target: str | None = Field(description="本期应完成目标（年度目标 × 季度累计比例）")
    annual: str | None = Field(description="年度目标")
    percent: str | None = Field(description="完成率（%，一位小数）")


class TargetRow(Schema):
    region: str
    name: str
    investment: Cell = Field(description="完成投资（万元）")
    new_starts: Cell = Field(description="新开工项目（个）")
    new_starts_investment: Cell = Field(description="新开工项目总投资（万元）")


class TargetIn(Schema):
    region: RegionCode
    year: int = Field(ge=2000, le=2100)
    investment_wan: Money | None = Field(None, description="完成投资目标（万元）")
    new_starts: int | None = Field(None, ge=0, le=1_000_000, description="新开工项目目标（个）")
    new_starts_investment_wan: Money | None = Field(None, description="新开工项目总投资目标（万元）")
    q1_percent: Decimal | None = Percent
    q2_percent: Decimal | None = Percent
    q3_percent: Decimal | None = Percent


class SchemeOut(Schema):
    id: int
    name: str
    owner_region: str
    period_kind: str
    description: str
    is_example: bool


class IndicatorOut(Schema):
    indicator: str
    label: str
    weight: str
    method: str
    higher_is_better: bool
    target: str | None
    floor: str | None
    thresholds: list
    cap_points: str | None
    min_points: str | None
    params: dict


class GroupOut(Schema):
    name: str
    regions: list[str]


class SchemeDetail(SchemeOut):
    indicators: list[IndicatorOut]
    groups: list[GroupOut]


class PublishIn(Schema):
    reason: Text(200) = Field("", description="更正原因（已发布过的考评期必填，另发新版）")


def _s(value):
    return None if value is None else str(value)


def _cell(c: dict) -> dict:
    return {k: _s(c[k]) for k in ("value", "target", "annual", "percent")}


@router.get("/targets", response={200: list[TargetRow], **ERRORS}, summary="下级区划年度目标及完成情况")
def target_list(request, year: int = Query(..., ge=2000, le=2100), month: int = Query(12, ge=1, le=12)):
    rows = selectors.target_progress(regions=selectors.target_regions(user=request.auth), year=year, month=month)
    return [{"region": r["code"], "name": r["name"], "investment": _cell(r["investment"]),
             "new_starts": _cell(r["new_starts"]), "new_starts_investment": _cell(r["new_starts_investment"])}
            for r in rows]


@router.post("/targets", response={200: TargetRow, **ERRORS}, summary="下达（或修改）下级区划的年度目标")
def target_set(request, payload: TargetIn):
    data = payload.dict()
    region, year = data.pop("region"), data.pop("year")
    target = services.target_set(user=request.auth, region_code=region, year=year, **data)
    row = selectors.target_progress(regions=[target.region], year=year, month=12)[0]
    return {"region": row["code"], "name": row["name"], "investment": _cell(row["investment"]),
            "new_starts": _cell(row["new_starts"]), "new_starts_investment": _cell(row["new_starts_investment"])}


def _scheme_out(s) -> dict:
    return {"id": s.pk, "name": s.name, "owner_region": s.owner_region_id, "period_kind": s.period_kind,
            "description": s.description, "is_example": s.is_example}


@router.get("/schemes", response={200: list[SchemeOut], **ERRORS}, summary="考评办法")
def scheme_list(request):
    return [_scheme_out(s) for s in selectors.scheme_list(user=request.auth)]


@router.get("/schemes/{scheme_id}", response={200: SchemeDetail, **ERRORS}, summary="考评办法详情（指标、分组）")
def scheme_detail(request, scheme_id: PathId):
    s = access.access_scheme(user=request.auth, scheme_id=scheme_id)
    indicators = [{"indicator": i.indicator, "label": i.label, "weight": str(i.weight), "method": i.method,
                   "higher_is_better": i.higher_is_better, "target": _s(i.target), "floor": _s(i.floor),
                   "thresholds": i.thresholds or [], "cap_points": _s(i.cap_points), "min_points": _s(i.min_points),
                   "params": i.params or {}} for i in s.indicators.order_by("order", "id")]
    groups = [{"name": g.name, "regions": sorted(r.code for r in g.regions.all())}
              for g in s.groups.prefetch_related("regions")]
    return {**_scheme_out(s), "indicators": indicators, "groups": groups}


def _period(scheme, period: str) -> rules.Period:
    try:
        parsed = rules.parse_period(period)
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    if parsed.kind != scheme.period_kind:
        raise NotFound(f"“{scheme.name}”是{scheme.get_period_kind_display()}考评。")
    return parsed


@router.get("/schemes/{scheme_id}/rankings/{period}", response={200: dict, **ERRORS},
            summary="一个考评期的排名（已发布则为冻结快照）")
def ranking_detail(request, scheme_id: PathId, period: str):
    """The JSON `sanpi ranking compute PERIOD --scheme NAME --format json` prints: groups, each region's
    score, rank, previous_rank, change and each indicator's value, points, source figures and link."""
    scheme = access.access_scheme(user=request.auth, scheme_id=scheme_id)
    data, _ = selectors.ranking_view(scheme=scheme, period=_period(scheme, period))
    return data


@router.post("/schemes/{scheme_id}/rankings/{period}/publish", response={200: dict, **ERRORS},
             summary="发布（冻结）排名；已发布的须给出更正原因，另发新版")
def ranking_publish(request, scheme_id: PathId, period: str, payload: PublishIn):
    scheme = access.access_scheme(user=request.auth, scheme_id=scheme_id, need="run")
    ranking = services.ranking_publish(user=request.auth, scheme_id=scheme.pk, period=_period(scheme, period).key,
                                       reason=payload.reason)
    return ranking.data
