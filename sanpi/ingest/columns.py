"""Ledger column headers as real workbooks write them, and the unit each header names (no database code).

A header is reduced to its words (no spaces, line breaks, "*" markers, full-width brackets made
half-width) and its unit ("总投资（亿元）" -> 总投资 in 亿元). Several spellings map to one field.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# field -> header words that name it (after normalisation, unit removed).
ALIASES: dict[str, tuple[str, ...]] = {
    # sanpi's own project id: every ledger export carries it; an import identifies rows by it first.
    "id": ("系统编号", "sanpi编号", "项目ID", "项目id", "系统ID"),
    "code": ("项目代码", "项目编码", "项目统一代码", "投资项目统一代码", "投资项目代码", "项目赋码"),
    "name": ("项目名称", "项目全称", "项目名"),
    "owner": ("建设单位", "项目单位", "业主单位", "项目建设单位", "项目业主", "建设主体", "项目法人单位"),
    "owner_uscc": ("统一社会信用代码", "建设单位统一社会信用代码", "项目单位统一社会信用代码", "社会信用代码", "信用代码"),
    "region": ("建设地点", "所在县区", "所在县(市、区)", "县(市、区)", "县区", "所在区县", "区划代码", "所在区划",
               "所属区域", "所在地区", "行政区划", "建设地点(区划)", "区县"),
    "address": ("详细地址", "建设地址", "地址", "具体地点"),
    "total_investment_wan": ("总投资", "项目总投资", "计划总投资", "总投资额"),
    "annual_plan_wan": ("年度计划投资", "年度计划", "本年计划投资", "年计划投资", "年度投资计划", "当年计划投资"),
    "expected_output_wan": ("预计年产值", "年产值", "达产后年产值", "预计产值"),
    "expected_tax_wan": ("预计年税收", "年税收", "达产后年税收", "预计税收"),
    "land_mu": ("占地", "占地面积", "用地面积", "用地", "总占地", "总用地面积"),
    "building_area_m2": ("建筑面积", "总建筑面积"),
    "industry": ("行业", "国民经济行业", "所属行业", "行业分类", "国民经济行业分类", "行业代码"),
    "domain": ("领域", "所属领域", "投资领域"),
    "sector": ("产业类别", "产业类型", "产业分类", "所属产业"),
    "industrial_chain": ("产业链", "所属产业链", "产业链条"),
    "scale_content": ("建设规模及内容", "建设内容", "建设规模及主要内容", "主要建设内容", "建设规模和内容", "项目简介"),
    "project_type": ("项目类型",),
    "nature": ("建设性质",),
    "fund_source": ("资金来源", "资金来源类型", "投资方来源"),
    "management_category": ("管理类别", "项目管理类别", "投资管理类别"),
    "fund_origin": ("资金来源地", "资金来源地(国家或省份)", "外资来源国", "资金来源省份"),
    "in_statistics": ("是否入库", "入库情况", "是否纳统", "是否纳入统计"),
    "in_statistics_date": ("入库日期", "入库时间", "纳统时间"),
    "planned_sign_date": ("计划签约时间", "计划签约日期", "计划签约"),
    "planned_start_date": ("计划开工时间", "计划开工日期", "计划开工"),
    "planned_completion_date": ("计划竣工时间", "计划竣工日期", "计划竣工"),
    "planned_production_date": ("计划投产时间", "计划投产日期", "计划投产"),
    "planned_capacity_date": ("计划达产时间", "计划达产日期", "计划达产"),
    "phase": ("分期", "项目分期", "期次", "期数"),
    "stage": ("当前阶段", "项目阶段", "阶段", "项目进展阶段", "项目状态"),
    "stage_date": ("阶段日期", "当前阶段日期", "阶段时间"),
    "contacts": ("联系人及电话", "联系人", "联系方式", "联系人电话"),
    "responsible_unit": ("责任单位", "牵头责任单位"),
    "service_unit": ("代办单位", "服务单位", "代办/服务单位", "代办服务单位"),
    "longitude": ("经度",),
    "latitude": ("纬度",),
}
# Columns an export writes for reading only; an import recognises and skips them.
READ_ONLY: dict[str, tuple[str, ...]] = {
    "row_number": ("序号", "编号"),
    "signed_on": ("签约日期", "实际签约日期"),
    "started_on": ("开工日期", "实际开工日期", "实际开工时间"),
    "completed_on": ("竣工日期", "实际竣工日期"),
    "produced_on": ("投产日期", "实际投产日期"),
    "capacity_on": ("达产日期", "实际达产日期"),
    "owner_region": (),
    "version": ("版本",),
}

MONEY_FIELDS = {"total_investment_wan", "annual_plan_wan", "expected_output_wan", "expected_tax_wan"}
# unit -> (field kind, factor to the stored unit: 万元, 亩, 平方米)
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal("0.0001")), "万元": ("money", Decimal(1)), "亿元": ("money", Decimal(10000)),
    "万亿元": ("money", Decimal(10) ** 8), "万": ("money", Decimal(1)), "亿": ("money", Decimal(10000)),
    "亩": ("land", Decimal(1)), "公顷": ("land", Decimal(15)), "万亩": ("land", Decimal(10000)),
    "平方米": ("area", Decimal(1)), "m2": ("area", Decimal(1)), "㎡": ("area", Decimal(1)),
    "平米": ("area", Decimal(1)), "万平方米": ("area", Decimal(10000)), "万平米": ("area", Decimal(10000)),
    "万m2": ("area", Decimal(10000)), "万㎡": ("area", Decimal(10000)),
}
KIND_OF_FIELD = {"land_mu": "land", "building_area_m2": "area", **{f: "money" for f in MONEY_FIELDS}}
DEFAULT_UNIT = {"money": "万元", "land": "亩", "area": "平方米"}
# Land given in 平方米 (some ledgers do): 1亩 = 10000/15 平方米 exactly.
LAND_FROM_M2 = Decimal("0.0015")

_BRACKET_UNIT = re.compile(r"^(.*?)[(\[]([^()\[\]]*)[)\]]$")
_YEAR_PLAN = re.compile(r"^(20\d{2})年(?:度)?(计划投资|投资计划|计划完成投资|计划)$")
_LOOKUP = {re.sub(r"[()]", "", alias): field for field, aliases in ALIASES.items() for alias in aliases}
_READ_ONLY_LOOKUP = {alias: field for field, aliases in READ_ONLY.items() for alias in aliases}


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as written in the sheet (for messages)
    field: str | None  # None: not recognised; "-": recognised, read only
    unit: str | None = None
    factor: Decimal = Decimal(1)
    year: int | None = None  # a "2024年计划投资" column


def normalise(header) -> str:
    text = unicodedata.normalize("NFKC", str(header or ""))
    text = text.replace("*", "").replace("※", "").replace("【", "[").replace("】", "]")
    return "".join(text.split())


def read_header(index: int, raw) -> Column:
    header = " ".join(str(raw or "").split())
    text = normalise(raw)
    unit = None
    if match := _BRACKET_UNIT.match(text):
        text, inside = match.group(1), match.group(2)
        unit = inside if inside in UNITS else None
        if unit is None and re.sub(r"[()]", "", f"{text}{inside}") in _LOOKUP:
            text = f"{text}({inside})"  # part of the name, e.g. 所在县(市、区)
    if unit is None:
        for suffix in sorted(UNITS, key=len, reverse=True):
            base = text[: -len(suffix)].rstrip("/")
            if text.endswith(suffix) and base:
                if _LOOKUP.get(re.sub(r"[()]", "", base)) in KIND_OF_FIELD or _YEAR_PLAN.match(base):
                    text, unit = base, suffix
                    break
    year = None
    if match := _YEAR_PLAN.match(text):
        field, year = "annual_plan_wan", int(match.group(1))
    else:
        key = re.sub(r"[()]", "", text)
        field = _LOOKUP.get(key)
        if field is None and key in _READ_ONLY_LOOKUP:
            field = "-"
    factor = Decimal(1)
    if field in KIND_OF_FIELD:
        kind = KIND_OF_FIELD[field]
        unit = unit or DEFAULT_UNIT[kind]
        unit_kind, factor = UNITS[unit]
        if field == "land_mu" and unit_kind == "area":
            factor = LAND_FROM_M2 * factor
        elif unit_kind != kind:
            field = None  # a unit that cannot be this field: leave the column unrecognised
    return Column(index, header, field, unit, factor, year)


def find_header(rows: list[list], *, look: int = 30) -> tuple[int, list[Column]] | None:
    """The header row: the first of the top rows where at least 3 cells name known columns (title
    rows merged above it, a blank row, a 填报单位 line are skipped). Returns (row index, columns)."""
    for number, row in enumerate(rows[:look]):
        columns = [read_header(i, cell) for i, cell in enumerate(row) if cell not in (None, "")]
        known = {c.field for c in columns if c.field and c.field != "-"}
        if len(known) >= 3 and "name" in known:
            return number, columns
    return None
