"""Reading a ledger's rows: cells -> field values, with regions, industries and categories
looked up by code or name among those the user may see.

The vocabulary of the ledger's columns (field kinds, choice labels, stage names, labels) lives
here too; `planning` decides what importing the values would do.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sanpi.accounts.access import scope_regions
from sanpi.accounts.models import Organisation, Region
from sanpi.core.money import format_wan
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Industry, Project

from .cells import (
    CellError,
    clean_code,
    clean_long_text,
    clean_text,
    is_empty,
    parse_bool,
    parse_date,
    parse_quantity,
)
from .columns import KIND_OF_FIELD, Column

TEXT_FIELDS = {"name", "address", "industrial_chain", "contacts", "phase", "fund_origin"}
DATE_FIELDS = {"in_statistics_date", "planned_sign_date", "planned_start_date", "planned_completion_date",
               "planned_production_date", "planned_capacity_date", "stage_date"}
ORG_FIELDS = {"owner": Organisation.Kind.ENTERPRISE, "responsible_unit": Organisation.Kind.GOVERNMENT,
              "service_unit": Organisation.Kind.GOVERNMENT}
FK_FIELDS = {"region", "industry", "domain", "sector", "previous_phase", *ORG_FIELDS}
CHOICES = {
    "project_type": {**{str(label): value for value, label in Project.ProjectType.choices},
                     "技改": "02", "基建": "01"},
    "nature": {**{str(label): value for value, label in Project.Nature.choices},
               "改建": "3", "技术改造": "3", "技改": "3", "新建项目": "1", "扩建项目": "2"},
    "fund_source": {**{str(label): value for value, label in Project.FundSource.choices},
                    "本地": "local", "内资": "local", "省外": "out_of_province", "外商投资": "foreign",
                    "政府投资": "government", "政府": "government", "财政资金": "government"},
    "management_category": {**{str(label): value for value, label in Project.ManagementCategory.choices},
                            "政府": "government", "审批": "government", "企业": "enterprise",
                            "核准": "enterprise", "备案": "enterprise"},
}
STAGES = {**{str(label): value for value, label in Stage.choices},
          "储备": "planned", "谋划储备": "planned", "部分投产": "producing", "全部投产": "producing",
          "试生产": "producing", "停建": "suspended", "缓建": "suspended", "退库": "terminated"}
LABELS = {f.name: str(f.verbose_name) for f in Project._meta.get_fields() if hasattr(f, "verbose_name")}
LABELS.update({"id": "系统编号", "owner_uscc": "统一社会信用代码", "stage": "当前阶段", "stage_date": "阶段日期",
               "annual_plan_wan": "年度计划投资（万元）"})
SKIP_NAMES = {"合计", "总计", "小计", "合 计"}
_INDUSTRY = re.compile(r"^([A-Ta-t])?(\d{2})?\s*(.*)$")
PLAN_CONTENT_FIELDS = ("planned_content", "planned_start", "planned_completion", "planned_production")


# How workbooks shorten zone names: 郑州经济技术开发区 -> 郑州经开区.
SHORT_FORMS = (("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区"), ("航空港经济综合实验区", "航空港区"),
               ("经济开发区", "经开区"), ("产业集聚区", "集聚区"))


def short_region_name(region: Region) -> str:
    for long, short in SHORT_FORMS:
        if region.name.endswith(long):
            return region.name[: -len(long)] + short
    return region.name


def name_key(name: str) -> str:
    return "".join((name or "").split())


@dataclass
class Issue:
    line: int
    column: str
    value: str
    reason: str


def display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format_wan(value)
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 2.0 is the id 2
    return str(value)


def _project_id(raw) -> int:
    """A 系统编号 cell: a whole number however the sheet stored it (2, 2.0, "2")."""
    try:
        number = Decimal(str(raw).strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value() or number <= 0 \
            or number >= 2 ** 63:
        raise CellError("应为正整数（导出时写入的系统编号，请勿修改）。")
    return int(number)


def _cell_text(value) -> str:
    return display(value.date() if isinstance(value, dt.datetime) else value).strip()


def raw_text(values: dict, name: str) -> str:
    """The cell a field was read from, as the user typed it (values["raw"] keeps the cells themselves:
    turning every cell into text cost more than reading it, and only messages and names need it)."""
    raw = values["raw"].get(name)
    return "" if raw is None else _cell_text(raw)


class RowReader:
    """The cell-reading half of `planning.LedgerPlanner`: the columns, and the regions, industries
    and categories that cells are read against."""

    def __init__(self, *, user, columns: list[Column], today: dt.date | None = None):
        self.user = user
        self.today = today or dt.date.today()
        self.columns = [c for c in columns if c.field and c.field != "-"]
        self.header = {}
        for column in self.columns:
            self.header.setdefault(column.field, column.header)
        regions = list(scope_regions(Region.objects.all(), user))
        self.regions = {r.code: r for r in regions}
        self.regions_by_name: dict[str, list[Region]] = {}
        for region in regions:
            for alias in {region.name, short_region_name(region)}:
                self.regions_by_name.setdefault(alias, []).append(region)
        parents = {r.parent_id for r in regions}
        mine = self.regions.get(getattr(user, "region_id", None) or "")
        self.default_region = mine if mine is not None and mine.code not in parents else None
        self.industries = {i.code: i for i in Industry.objects.all()}
        self.industry_names = {i.name: i for i in self.industries.values()}
        self.categories = {c.pk: c for c in Category.objects.all()}
        self.category_names: dict[tuple, dict[int, Category]] = {}
        for cat in self.categories.values():
            self.category_names.setdefault((cat.scheme, cat.name), {})[cat.year] = cat

    # --- reading cells ---------------------------------------------------------------------------

    def _parse(self, line: int, cells: list) -> tuple[dict, list[Issue]]:
        values: dict = {"plans": {}, "raw": {}}
        issues: list[Issue] = []
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else None
            if is_empty(raw) or column.field in values:  # the first of two columns of a field wins
                continue
            try:
                value = self._cell(column, raw)
            except CellError as exc:
                issues.append(Issue(line, column.header, _cell_text(raw), f"{column.header}{exc.reason}"))
                continue
            if value is None:
                continue
            values["raw"].setdefault(column.field, raw)  # the cell as read; raw_text() when a message shows it
            if column.field == "annual_plan_wan":
                values["plans"][column.year or self.today.year] = value
            else:
                values.setdefault(column.field, value)
        if values.get("fund_source") == "government":  # the old mixed column: 政府投资 is a 管理类别
            values["fund_source"] = "local"
            values.setdefault("management_category", "government")
        return values, issues

    def _cell(self, column: Column, raw):
        name = column.field
        if name in KIND_OF_FIELD:
            number, factor = parse_quantity(raw)
            if number is None:
                return None
            if factor is not None and KIND_OF_FIELD[name] != "money":
                raise CellError("的单位应为面积单位，不能是金额单位。")
            return number * (factor if factor is not None else column.factor)
        if name == "id":
            return _project_id(raw)
        if name in DATE_FIELDS:
            return parse_date(raw)
        if name == "in_statistics":
            return parse_bool(raw)
        if name in ("longitude", "latitude"):
            number, _ = parse_quantity(raw)
            return number
        if name == "scale_content":
            return clean_long_text(raw)
        if name in ("code", "owner_uscc"):
            return clean_code(raw)
        text = clean_text(raw)
        if name in CHOICES:
            return CHOICES[name].get(text, text)
        if name == "stage":
            if text not in STAGES and text not in Stage.values:
                raise CellError(f"“{text}”不是有效阶段，可选：{'、'.join(Stage.labels)}。")
            return Stage(STAGES.get(text, text))
        if name == "region":
            return self._region(text)
        if name == "industry":
            return self._industry(text)
        if name in ("domain", "sector"):
            return self._category(name, text)
        return text

    def _region(self, text: str) -> Region:
        code = clean_code(text)
        if code.isdigit() and len(code) == 6:
            if code in self.regions:
                return self.regions[code]
            raise CellError(f"区划代码“{code}”不存在，或不在您的管辖范围内。")
        found = self.regions_by_name.get(text)
        if not found:  # "郑州市中原区" or "河南省郑州市中原区": the last region named inside the text
            found = [r for name, rs in self.regions_by_name.items() if len(name) >= 2 and text.endswith(name) for r in rs]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(f"“{text}”对应多个区划（{'、'.join(r.code for r in found)}），请填写6位区划代码。")
        raise CellError(f"“{text}”不是您管辖范围内的区划名称，请填写区划名称或6位区划代码。")

    def _industry(self, text: str) -> Industry:
        """"39", "C39", "39 计算机、通信和其他电子设备制造业", "C" or the name alone."""
        match = _INDUSTRY.match(text)
        letter, code, name = match.groups()
        if code and code in self.industries:
            return self.industries[code]
        if letter and not code and not name and letter.upper() in self.industries:
            return self.industries[letter.upper()]
        if text in self.industry_names:
            return self.industry_names[text]
        raise CellError(f"“{text}”不是国民经济行业门类或大类（如“39”或“C39”）。")

    def _category(self, name: str, text: str) -> Category:
        scheme = Category.Scheme.DOMAIN if name == "domain" else Category.Scheme.SECTOR
        label, year = text, None
        if text.endswith("）") and "（" in text:  # "创新驱动能力提升（2024）", as exports write it
            label, _, tail = text[:-1].rpartition("（")
            year = int(tail) if tail.isdigit() else None
        years = self.category_names.get((scheme, label))
        if not years:
            raise CellError(f"“{text}”不是已登记的{scheme.label}。")
        if year is None:
            year = self.today.year if self.today.year in years else max(years)
        if year not in years:
            raise CellError(f"{year}年的{scheme.label}中没有“{label}”。")
        return years[year]
