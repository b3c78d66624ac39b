"""Input and output shapes of the API. Amounts are 万元 as decimal strings ("12345.67") in outputs,
and decimal strings or numbers in inputs; dates are 2024-01-02."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator

from sanpi.core import bounds
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Project

MAX_ID = 2**63 - 1


def _storable(value: str) -> str:
    """Text a database can store: no NUL character, no lone surrogate."""
    if "\x00" in value:
        raise ValueError("NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("surrogate") from None
    return value


def Text(max_length: int, **kw):  # noqa: N802 - reads like a type
    return Annotated[str, Field(max_length=max_length, **kw), AfterValidator(_storable)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
DivisionCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
IndustryFilter = Annotated[str, Field(pattern=r"^([A-T]|[0-9]{2})$")]
# bounds.py holds the limits; the service checks them again for every other write path
Money = Annotated[Decimal, Field(ge=0, lt=bounds.MONEY_LIMIT, decimal_places=2, allow_inf_nan=False)]
Land = Annotated[Decimal, Field(ge=0, lt=bounds.LAND_LIMIT, decimal_places=2, allow_inf_nan=False)]
Area = Annotated[Decimal, Field(ge=0, lt=bounds.AREA_LIMIT, decimal_places=2, allow_inf_nan=False)]
Coordinate = Annotated[Decimal, Field(ge=-180, le=180, decimal_places=6, allow_inf_nan=False)]
StageCode = Literal[tuple(Stage.values)]
ProjectTypeCode = Literal[tuple(Project.ProjectType.values)]
NatureCode = Literal[tuple(Project.Nature.values)]
FundSourceCode = Literal[tuple(Project.FundSource.values)]
CategoryCode = Literal[tuple(Project.ManagementCategory.values)]
SchemeCode = Literal[tuple(Category.Scheme.values)]
Date = Annotated[dt.date, Field(ge=bounds.DATE_MIN, le=dt.date(2200, 12, 31))]  # upper: today + 10 years (service)


class Error(Schema):
    code: str = Field(description="稳定的错误代码：not_found、forbidden、conflict、invalid、invalid_input、unauthenticated …")
    message: str = Field(description="中文说明")
    fields: dict[str, list[str]] = Field(default_factory=dict, description="出错的字段及其中文说明")


class Ok(Schema):
    ok: bool


# ---- projects ---------------------------------------------------------------------------------

class ProjectFilters(Schema):
    region: RegionCode | None = Field(None, description="区划代码（含下级区划）")
    stage: list[StageCode] | None = Field(None, description="当前阶段，可多选")
    industry: IndustryFilter | None = Field(None, description="行业门类字母或大类两位代码")
    domain: Id | None = Field(None, description="领域（类别 id）")
    sector: Id | None = Field(None, description="产业类别（类别 id）")
    leader: Id | None = Field(None, description="包联领导 id")
    owner: Id | None = Field(None, description="建设单位 id")
    q: Text(100) | None = Field(None, description="项目名称包含，或项目代码等于")
    in_statistics: bool | None = Field(None, description="是否入库")
    min_investment: Money | None = Field(None, description="总投资下限（万元）")
    max_investment: Money | None = Field(None, description="总投资上限（万元）")
    cursor: Text(200) | None = Field(None, description="上一页响应的 next_cursor")
    limit: int = Field(50, ge=1, le=500, description="每页条数（1—500）")


class ProjectFields(Schema):
    """Writable fields of a project; in an update, an omitted field keeps its value, null clears it."""

    code: Text(24) | None = Field(None, description="项目代码（24位，可空）")
    name: Text(200) | None = None
    project_type: ProjectTypeCode | None = Field(None, description="项目类型：01 基本建设 … 05 其他")
    nature: NatureCode | None = Field(None, description="建设性质：1 新建 … 7 单纯购置")
    region: RegionCode | None = Field(None, description="建设地点区划代码")
    address: Text(200) | None = None
    longitude: Coordinate | None = None
    latitude: Annotated[Decimal, Field(ge=-90, le=90, decimal_places=6, allow_inf_nan=False)] | None = None
    industry: DivisionCode | None = Field(None, description="国民经济行业大类（两位代码）")
    domain: Id | None = Field(None, description="领域（类别 id）")
    sector: Id | None = Field(None, description="产业类别（类别 id）")
    industrial_chain: Text(64) | None = None
    scale_content: Text(5000) | None = Field(None, description="建设规模及内容")
    land_mu: Land | None = Field(None, description="占地（亩）")
    building_area_m2: Area | None = Field(None, description="建筑面积（平方米）")
    total_investment_wan: Money | None = Field(None, description="总投资（万元）")
    expected_output_wan: Money | None = Field(None, description="预计年产值（万元）")
    expected_tax_wan: Money | None = Field(None, description="预计年税收（万元）")
    fund_source: FundSourceCode | None = None
    management_category: CategoryCode | None = Field(None, description="管理类别：government 政府投资 / enterprise 企业投资")
    fund_origin: Text(32) | None = None
    owner: Id | None = Field(None, description="建设单位 id")
    responsible_unit: Id | None = Field(None, description="责任单位 id")
    service_unit: Id | None = Field(None, description="代办/服务单位 id")
    contacts: Text(200) | None = None
    in_statistics: bool | None = None
    in_statistics_date: Date | None = None
    planned_sign_date: Date | None = None
    planned_start_date: Date | None = None
    planned_completion_date: Date | None = None
    planned_production_date: Date | None = None
    planned_capacity_date: Date | None = None
    phase: Text(16) | None = None
    previous_phase: Id | None = Field(None, description="上一期项目 id")


class ProjectCreate(ProjectFields):
    name: Text(200)
    region: RegionCode
    confirm_duplicate: bool = Field(False, description="确认登记新项目：同区划、同建设单位已有同名项目时，"
                                                        "不带此项的请求得到 409（duplicate）")


class DuplicateError(Error):
    existing: list[int] = Field(default_factory=list, description="疑似重复的已登记项目的系统编号（调用者可见的）")


class ProjectUpdate(ProjectFields):
    version: Annotated[int, Field(ge=1, le=MAX_ID, description="编辑所基于的版本号（取自详情的 version）")]


class ProjectSummary(Schema):
    id: int
    code: str | None
    name: str
    region: str
    region_name: str
    stage: str
    stage_label: str
    stage_date: dt.date | None
    total_investment_wan: str | None = Field(description="总投资（万元）")
    industry: str | None
    owner: int | None
    owner_name: str | None
    in_statistics: bool
    version: int


class ProjectPage(Schema):
    items: list[ProjectSummary]
    next_cursor: str | None = Field(description="下一页游标；为空表示已到最后一页")


class Named(Schema):
    id: int
    name: str


class ProjectDetail(ProjectSummary):
    project_type: str
    nature: str
    address: str
    longitude: str | None
    latitude: str | None
    industry_name: str | None
    domain: int | None
    domain_name: str | None
    sector: int | None
    sector_name: str | None
    industrial_chain: str
    scale_content: str
    land_mu: str | None = Field(description="占地（亩）")
    building_area_m2: str | None = Field(description="建筑面积（平方米）")
    expected_output_wan: str | None = Field(description="预计年产值（万元）")
    expected_tax_wan: str | None = Field(description="预计年税收（万元）")
    fund_source: str
    management_category: str
    fund_origin: str
    responsible_unit: int | None
    responsible_unit_name: str | None
    service_unit: int | None
    service_unit_name: str | None
    leaders: list[Named]
    contacts: str
    in_statistics_date: dt.date | None
    planned_sign_date: dt.date | None
    planned_start_date: dt.date | None
    planned_completion_date: dt.date | None
    planned_production_date: dt.date | None
    planned_capacity_date: dt.date | None
    signed_on: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    produced_on: dt.date | None
    capacity_on: dt.date | None
    phase: str
    previous_phase: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class StageAdvance(Schema):
    stage: StageCode
    occurred_on: Date
    note: Text(200) = ""


class StageCorrection(Schema):
    stage: StageCode
    occurred_on: Date
    reason: Text(200) = Field(description="更正原因（必填）")


class StageEventOut(Schema):
    id: int
    project: int
    stage: str
    stage_label: str
    occurred_on: dt.date
    recorded_by: str | None
    recorded_at: dt.datetime
    note: str
    evidence: str | None
    corrects: int | None
    reason: str
    superseded: bool


class HistoryEntry(Schema):
    when: dt.datetime
    who: str | None
    field: str
    old: str | None
    new: str | None


# ---- reference data ---------------------------------------------------------------------------

class RegionOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    reporting_unit: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class IndustryOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None


class CategoryOut(Schema):
    id: int
    scheme: str
    year: int
    code: str
    name: str


# ---- tokens -----------------------------------------------------------------------------------

class TokenCreate(Schema):
    name: Text(64) = Field(description="令牌用途，如“市平台数据对接”")
    username: Text(150) | None = Field(None, description="为其他用户创建（仅系统管理员）")


class TokenOut(Schema):
    id: int
    user: str
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime = Field(description="过期时间（创建后 SANPI_TOKEN_DAYS 天，默认90天）；修改密码或停用用户即吊销")


class TokenCreated(TokenOut):
    key: str = Field(description="令牌密钥：只显示这一次，请妥善保存")
