"""The ledger workbook (项目台账) and any list page's rows.

A ledger export imports back with no change (the headers are the ones the import reads, and its
系统编号 column identifies each row's project). With `extras`, it also carries the 前期手续 and 资金到位
sheets of its projects (exports/checklists.py), which the import reads back the same way.
"""

from collections.abc import Callable

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import AnnualPlan, Project
from sanpi.projects.selectors import project_list

from .sheets import CHUNK, Col, SheetWriter, _book, _from, _get

STAGE_LABELS = dict(Stage.choices)
TYPE_LABELS = dict(Project.ProjectType.choices)
NATURE_LABELS = dict(Project.Nature.choices)
FUND_LABELS = dict(Project.FundSource.choices)
CATEGORY_LABELS = dict(Project.ManagementCategory.choices)


def _category(prefix: str) -> Callable[[dict], object]:
    return _from((prefix + "__name", prefix + "__year"), lambda name, year: f"{name}（{year}）" if name else None)


def ledger_columns(year: int) -> list[Col]:
    return [
        Col("序号", _get("_n"), "number", 6),
        # sanpi's id, as a whole number: the import identifies the row's project by it (ADR "导入如何认定项目").
        Col("系统编号", _get("id"), "number", 9),
        Col("项目代码", _get("code"), width=26),
        Col("项目名称", _get("name"), width=36),
        Col("建设单位", _get("owner__name"), width=28),
        Col("统一社会信用代码", _get("owner__uscc"), width=20),
        Col("区划代码", _get("region_id"), width=9),
        Col("建设地点（县区）", _get("region__name"), width=16),
        Col("详细地址", _get("address"), width=24),
        Col("项目类型", _from(("project_type",), TYPE_LABELS.get), width=10),
        Col("建设性质", _from(("nature",), NATURE_LABELS.get), width=10),
        Col("国民经济行业", _from(("industry_id", "industry__name"), lambda code, name: f"{code} {name}" if code else None)),
        Col("领域", _category("domain"), width=22),
        Col("产业类别", _category("sector"), width=22),
        Col("产业链", _get("industrial_chain")),
        Col("建设规模及内容", _get("scale_content"), "long", 40),
        Col("总投资（万元）", _get("total_investment_wan"), "number"),
        Col(f"{year}年计划投资（万元）", _get("_plan"), "number"),
        Col("占地（亩）", _get("land_mu"), "number", 10),
        Col("建筑面积（平方米）", _get("building_area_m2"), "number"),
        Col("预计年产值（万元）", _get("expected_output_wan"), "number"),
        Col("预计年税收（万元）", _get("expected_tax_wan"), "number"),
        Col("管理类别", _from(("management_category",), CATEGORY_LABELS.get), width=10),
        Col("资金来源", _from(("fund_source",), FUND_LABELS.get), width=10),
        Col("资金来源地（国家或省份）", _get("fund_origin"), width=12),
        Col("是否入库", _from(("in_statistics",), lambda flag: "是" if flag else "否"), width=8),
        Col("入库日期", _get("in_statistics_date"), "date", 11),
        Col("计划签约日期", _get("planned_sign_date"), "date", 11),
        Col("计划开工日期", _get("planned_start_date"), "date", 11),
        Col("计划竣工日期", _get("planned_completion_date"), "date", 11),
        Col("计划投产日期", _get("planned_production_date"), "date", 11),
        Col("计划达产日期", _get("planned_capacity_date"), "date", 11),
        Col("当前阶段", _from(("stage",), STAGE_LABELS.get), width=8),
        Col("阶段日期", _get("stage_date"), "date", 11),
        Col("签约日期", _get("signed_on"), "date", 11),
        Col("开工日期", _get("started_on"), "date", 11),
        Col("投产日期", _get("produced_on"), "date", 11),
        Col("分期", _get("phase"), width=6),
        Col("责任单位", _get("responsible_unit__name"), width=20),
        Col("代办/服务单位", _get("service_unit__name"), width=20),
        Col("联系人及电话", _get("contacts"), width=18),
        Col("经度", _get("longitude"), "number", 11),
        Col("纬度", _get("latitude"), "number", 11),
    ]


LEDGER_VALUES = (
    "id", "code", "name", "owner__name", "owner__uscc", "region_id", "region__name", "address", "project_type",
    "nature", "industry_id", "industry__name", "domain__name", "domain__year", "sector__name", "sector__year",
    "industrial_chain", "scale_content", "total_investment_wan", "land_mu", "building_area_m2",
    "expected_output_wan", "expected_tax_wan", "management_category", "fund_source", "fund_origin", "in_statistics", "in_statistics_date",
    "planned_sign_date", "planned_start_date", "planned_completion_date", "planned_production_date",
    "planned_capacity_date", "stage", "stage_date", "signed_on", "started_on", "produced_on", "phase",
    "responsible_unit__name", "service_unit__name", "contacts", "longitude", "latitude",
)


def ledger_queryset(*, user, filters: dict | None = None, year: int | None = None, projects=None):
    """The export's rows as dicts; `projects` is an already filtered queryset of the user's projects
    (the project list page's), else `project_list(user=, filters=)`."""
    year = year or timezone.localdate().year
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment_wan")[:1]
    qs = projects if projects is not None else project_list(user=user, filters=filters or {})
    return qs.annotate(_plan=Subquery(plan)).values(*LEDGER_VALUES, "_plan")


def ledger_rows(*, user, filters: dict | None = None, year: int | None = None, projects=None):
    """(names, tuples) of the export's rows: the same query as `ledger_queryset`, as tuples."""
    qs = ledger_queryset(user=user, filters=filters, year=year, projects=projects)
    names = (*LEDGER_VALUES, "_plan")
    return names, qs.values_list(*names)


def ledger_export(*, user, target, filters: dict | None = None, year: int | None = None, projects=None,
                  progress: Callable[[int], None] | None = None, extras: bool = False) -> int:
    """Write the ledger the user may see (filtered as the project list is) to `target` (a path or a
    binary file object); returns the number of projects written. With `extras`, the 前期手续 and 资金到位
    sheets of the same projects follow (the import template: pages and `sanpi export ledger`)."""
    year = year or timezone.localdate().year
    book = _book(target)
    scope = filters_text(filters or {})
    writer = SheetWriter(book, "项目台账", f"项目台账（{timezone.localdate():%Y-%m-%d} 导出，金额单位：万元"
                         f"{'；筛选：' + scope if scope else ''}）", ledger_columns(year))
    names, rows = ledger_rows(user=user, filters=filters, year=year, projects=projects)
    count = writer.write_rows(rows.iterator(chunk_size=CHUNK), names, progress=progress)
    if extras:
        from .checklists import ledger_checklist_sheets

        ledger_checklist_sheets(book, projects=projects if projects is not None
                                else project_list(user=user, filters=filters or {}), year=year)
    book.close()
    return count


def list_export(*, spec, user, params, target, progress: Callable[[int], None] | None = None) -> int:
    """Write the rows a list page shows (`spec`, a sanpi.web.lists.ListSpec, with the page's query
    string `params`: the same filters and order) to `target`; returns the number of rows written."""
    _, qs = spec.query(user=user, params=params)
    names = spec.values()
    book = _book(target)
    writer = SheetWriter(book, spec.title[:31], f"{spec.title}（{timezone.localdate():%Y-%m-%d} 导出）", spec.columns())
    count = writer.write_rows(qs.values_list(*names).iterator(chunk_size=CHUNK), names, progress=progress)
    book.close()
    return count


def filters_text(filters: dict) -> str:
    """The list filters an export was made with, in words (for its title): 区划、阶段、关键词 …"""
    from sanpi.accounts.models import Region
    from sanpi.projects.models import Project

    parts = []
    if region := filters.get("region"):
        parts.append(f"区划 {Region.objects.filter(pk=region).values_list('name', flat=True).first() or region}")
    if stage := filters.get("stage"):
        labels = dict(Project._meta.get_field("stage").choices)
        stages = stage if isinstance(stage, list | tuple) else [stage]
        parts.append("阶段 " + "、".join(str(labels.get(s, s)) for s in stages))
    for key, label in (("industry", "行业"), ("domain", "领域"), ("sector", "产业类别"), ("leader", "包联领导"),
                       ("owner", "建设单位"), ("in_statistics", "是否入库"), ("q", "关键词")):
        if (value := filters.get(key)) not in (None, "", []):
            parts.append(f"{label} {value}")
    if (low := filters.get("min_investment")) not in (None, ""):
        parts.append(f"总投资不低于 {low} 万元")
    if (high := filters.get("max_investment")) not in (None, ""):
        parts.append(f"总投资不高于 {high} 万元")
    return "，".join(parts)
