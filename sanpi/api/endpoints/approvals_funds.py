"""前期手续 and money by source of a project, and the published rates. Thin: each endpoint calls one
service or selector of sanpi.approvals, sanpi.funding or sanpi.stats."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema

from sanpi.accounts.access import access_project, scope_regions
from sanpi.accounts.models import Region, User
from sanpi.approvals import selectors as approval_selectors
from sanpi.approvals import services as approval_services
from sanpi.approvals.models import ApprovalItem
from sanpi.core.errors import NotFound
from sanpi.core.money import decimal_str
from sanpi.funding import selectors as funding_selectors
from sanpi.funding import services as funding_services
from sanpi.funding.models import FundingLine, Source
from sanpi.stats.rate_selectors import region_rates

from ..errors import ERRORS
from ..schemas import Date, Money, PathId, RegionCode, Text

router = Router(tags=["前期手续与资金"])

StatusCode = Literal[tuple(ApprovalItem.Status.values)]
SourceCode = Literal[tuple(Source.values)]


class ApprovalOut(Schema):
    id: int
    project: int
    kind: str = Field(description="手续代码")
    name: str = Field(description="手续名称")
    required: bool
    status: str
    status_label: str
    responsible_unit: str
    planned_on: dt.date | None = Field(description="计划办结日期")
    done_on: dt.date | None = Field(description="实际办结日期")
    document_number: str = Field(description="批复文号")
    has_evidence: bool
    note: str


class ApprovalChange(Schema):
    status: StatusCode | None = None
    required: bool | None = None
    responsible_unit: Text(100) | None = None
    planned_on: Date | None = None
    done_on: Date | None = None
    document_number: Text(100) | None = None
    note: Text(200) | None = None


class FundingMonthOut(Schema):
    month: int
    arrived_wan: str = Field(description="本月到位（万元）")
    arrived_on: dt.date | None
    paid_wan: str = Field(description="本月支付（万元）")
    paid_on: dt.date | None


class FundingLineOut(Schema):
    id: int
    project: int
    year: int
    source: str
    source_label: str
    bond_batch: str = Field(description="专项债发行批次")
    bond_issued_on: dt.date | None
    allocated_wan: str = Field(description="计划/下达金额（万元）")
    arrived_wan: str = Field(description="累计到位（万元）")
    paid_wan: str = Field(description="累计支付（万元）")
    note: str
    months: list[FundingMonthOut]


class FundingLineIn(Schema):
    year: int = Field(ge=2000, le=2100)
    source: SourceCode
    allocated_wan: Money = Field(description="计划/下达金额（万元）")
    bond_batch: Text(64) = ""
    bond_issued_on: Date | None = None
    note: Text(200) = ""


class FundingMonthIn(Schema):
    arrived_wan: Money = Field(Decimal(0), description="本月到位（万元）")
    arrived_on: Date | None = None
    paid_wan: Money = Field(Decimal(0), description="本月支付（万元）")
    paid_on: Date | None = None


class RateOut(Schema):
    key: str
    label: str
    numerator: int | str = Field(description="分子（万元或项、个）")
    denominator: int | str
    unit: str
    numerator_label: str
    denominator_label: str
    percent: str | None = Field(description="百分比，一位小数")
    text: str


class RegionRates(Schema):
    code: str
    name: str
    rates: list[RateOut]


class RatesOut(Schema):
    month: str
    region: str
    rows: list[RegionRates]


class RatesQuery(Schema):
    month: str = Field(pattern=r"^2[0-9]{3}-(0[1-9]|1[0-2])$", description="统计月份，如 2024-06")
    region: RegionCode | None = Field(None, description="区划代码（默认：本人所在区划）")


def approval_out(item: ApprovalItem) -> dict:
    return {"id": item.pk, "project": item.project_id, "kind": item.kind.code, "name": item.kind.name,
            "required": item.required, "status": item.status, "status_label": item.get_status_display(),
            "responsible_unit": item.responsible_unit, "planned_on": item.planned_on, "done_on": item.done_on,
            "document_number": item.document_number, "has_evidence": bool(item.evidence), "note": item.note}


def line_out(line: FundingLine) -> dict:
    return {"id": line.pk, "project": line.project_id, "year": line.year, "source": line.source,
            "source_label": line.get_source_display(), "bond_batch": line.bond_batch,
            "bond_issued_on": line.bond_issued_on, "allocated_wan": decimal_str(line.allocated_wan),
            "arrived_wan": decimal_str(line.arrived), "paid_wan": decimal_str(line.paid), "note": line.note,
            "months": [{"month": m.month, "arrived_wan": decimal_str(m.arrived_wan), "arrived_on": m.arrived_on,
                        "paid_wan": decimal_str(m.paid_wan), "paid_on": m.paid_on} for m in line.months.all()]}


@router.get("/projects/{project_id}/approvals", response={200: list[ApprovalOut], **ERRORS}, summary="前期手续清单")
def approval_list(request, project_id: PathId):
    project = access_project(user=request.auth, project_id=project_id)
    return [approval_out(i) for i in approval_selectors.approval_items(user=request.auth, project=project)]


@router.post("/projects/{project_id}/approvals", response={200: list[ApprovalOut], **ERRORS},
             summary="按目录生成前期手续清单（补充缺少的事项）")
def approval_checklist_create(request, project_id: PathId):
    approval_services.approval_checklist_create(user=request.auth, project_id=project_id)
    project = access_project(user=request.auth, project_id=project_id)
    return [approval_out(i) for i in approval_selectors.approval_items(user=request.auth, project=project)]


@router.patch("/approval-items/{item_id}", response={200: ApprovalOut, **ERRORS}, summary="更新前期手续事项")
def approval_item_update(request, item_id: PathId, payload: ApprovalChange):
    changes = payload.dict(exclude_unset=True)
    item = approval_services.approval_item_update(user=request.auth, item_id=item_id, **changes)
    return approval_out(item)


@router.get("/projects/{project_id}/funds", response={200: list[FundingLineOut], **ERRORS},
            summary="资金来源与到位、支付（按年度和来源）")
def funding_list(request, project_id: PathId):
    project = access_project(user=request.auth, project_id=project_id)
    return [line_out(line) for line in funding_selectors.funding_lines(project=project)]


@router.post("/projects/{project_id}/funds", response={201: FundingLineOut, **ERRORS}, summary="登记资金来源")
def funding_line_create(request, project_id: PathId, payload: FundingLineIn):
    line = funding_services.funding_line_create(user=request.auth, project_id=project_id, **payload.dict())
    return 201, _line(request, line)


@router.put("/funding-lines/{line_id}/months/{month}", response={200: FundingLineOut, **ERRORS},
            summary="填报某月到位与支付")
def funding_month_set(request, line_id: PathId, month: int, payload: FundingMonthIn):
    row = funding_services.funding_month_set(user=request.auth, line_id=line_id, month=month, **payload.dict())
    return _line(request, row.line)


def _line(request, line: FundingLine) -> dict:
    project = access_project(user=request.auth, project_id=line.project_id)
    return line_out(next(x for x in funding_selectors.funding_lines(project=project) if x.pk == line.pk))


@router.get("/stats/rates", response={200: RatesOut, **ERRORS}, summary="各项比率（本区划及下级各区划）")
def rates(request, query: Query[RatesQuery]):
    user: User = request.auth
    code = query.region or user.region_id
    region = scope_regions(Region.objects.filter(pk=code), user).first() if code else None
    if region is None:
        raise NotFound("区划不存在，或不在您的管辖范围内。")
    rows = region_rates(user=user, region=region, year=int(query.month[:4]), month=int(query.month[5:]))
    return {"month": query.month, "region": region.code,
            "rows": [{"code": r["code"], "name": r["name"], "rates": [x.as_dict() for x in r["rates"]]} for r in rows]}
