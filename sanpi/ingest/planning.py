"""What importing a ledger's rows would do: per row, create / update (field by field) / unchanged / error.

Reads only, and in bulk: each chunk of rows costs a handful of queries (projects by code and by
name, organisations by USCC and by name, their plans and stage events), never one per row.
Validation is the ledger's own `project_clean`, so an import accepts exactly what the pages accept.

Reading the cells into values (and the columns' vocabulary) is `row_reader`; the names it defines
are re-exported here.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import Organisation, Region
from sanpi.projects import lifecycle
from sanpi.projects.lifecycle import Stage, StageRuleError
from sanpi.projects.models import AnnualPlan, Project, StageEvent
from sanpi.projects.services import project_clean
from sanpi.projects.validators import InvalidCode, validate_uscc

from .cells import is_empty
from .columns import Column
from .row_reader import (
    CHOICES,
    DATE_FIELDS,
    FK_FIELDS,
    LABELS,
    ORG_FIELDS,
    PLAN_CONTENT_FIELDS,
    SHORT_FORMS,
    SKIP_NAMES,
    STAGES,
    TEXT_FIELDS,
    Issue,
    RowReader,
    display,
    name_key,
    short_region_name,
)

__all__ = [
    "CHOICES",
    "DATE_FIELDS",
    "FK_FIELDS",
    "LABELS",
    "ORG_FIELDS",
    "PLAN_CONTENT_FIELDS",
    "SHORT_FORMS",
    "SKIP_NAMES",
    "STAGES",
    "TEXT_FIELDS",
    "Issue",
    "LedgerPlanner",
    "RowPlan",
    "display",
    "name_key",
    "short_region_name",
]


@dataclass(eq=False)
class RowPlan:
    line: int
    cells: list
    action: str = "error"  # create / update / unchanged / error / skip
    name: str = ""
    region: Region | None = None
    project: Project | None = None
    fields: dict = field(default_factory=dict)  # what project_create / project_update receive
    clean: dict = field(default_factory=dict)  # the same, as project_clean normalised it
    changes: list = field(default_factory=list)  # (label, old, new)
    new_orgs: dict = field(default_factory=dict)  # field -> (name, uscc, kind)
    plans: dict = field(default_factory=dict)  # year -> amount (万元), only those that change
    stage: tuple | None = None  # (Stage, date) when the stage changes
    issues: list = field(default_factory=list)


class LedgerPlanner(RowReader):
    def __init__(self, *, user, columns: list[Column], today: dt.date | None = None):
        super().__init__(user=user, columns=columns, today=today)
        self.orgs_by_uscc: dict[str, Organisation] = {}
        self.orgs_by_name: dict[str, Organisation] = {}
        self.pending_orgs: dict[str, tuple] = {}  # key -> (name, uscc, kind): created when applying
        self.seen: dict[tuple, int] = {}  # identity of a project in this file -> first line

    # --- the chunk -------------------------------------------------------------------------------

    def plan(self, rows: list[tuple[int, list]]) -> list[RowPlan]:
        parsed = []
        for line, cells in rows:
            if all(is_empty(c) for c in cells):
                continue
            values, issues = self._parse(line, cells)
            parsed.append((RowPlan(line=line, cells=cells, issues=issues), values))
        self._load_orgs([v for _, v in parsed])
        by_code, by_key = self._load_projects([v for _, v in parsed])
        plans = []
        for plan, values in parsed:
            if values.get("name") in SKIP_NAMES or (not values.get("name") and not values.get("code")
                                                    and not plan.issues and len(values) <= 2):
                plan.action = "skip"
                continue
            self._plan_row(plan, values, by_code, by_key)
            plans.append(plan)
        self._plan_extras(plans)
        return plans

    def _load_orgs(self, rows: list[dict]) -> None:
        usccs = {v["owner_uscc"] for v in rows if v.get("owner_uscc")} - set(self.orgs_by_uscc)
        names = {v[f] for v in rows for f in ORG_FIELDS if v.get(f)} - set(self.orgs_by_name)
        for org in Organisation.objects.filter(uscc__in=usccs):
            self.orgs_by_uscc[org.uscc] = org
        for org in Organisation.objects.filter(name__in=names).order_by("-id"):
            self.orgs_by_name[org.name] = org  # the oldest organisation of a name wins

    def _load_projects(self, rows: list[dict]) -> tuple[dict, dict]:
        scoped = scope_projects(Project.objects.all(), self.user)
        codes = {v["code"] for v in rows if v.get("code")}
        names = {v["name"] for v in rows if v.get("name")}
        names |= {" ".join(v["raw"]["name"].split()) for v in rows if v.get("name")}  # as project_clean stores it
        found = {p.pk: p for p in scoped.filter(code__in=codes)} if codes else {}
        if names:
            found.update({p.pk: p for p in scoped.filter(name__in=names)})
        org_ids = {getattr(p, f"{f}_id") for p in found.values() for f in ORG_FIELDS} - {None}
        orgs = Organisation.objects.in_bulk(org_ids)
        previous = Project.objects.in_bulk({p.previous_phase_id for p in found.values()} - {None})
        for project in found.values():
            cache = {"region": self.regions.get(project.region_id), "industry": self.industries.get(project.industry_id),
                     "domain": self.categories.get(project.domain_id), "sector": self.categories.get(project.sector_id),
                     "previous_phase": previous.get(project.previous_phase_id),
                     **{f: orgs.get(getattr(project, f"{f}_id")) for f in ORG_FIELDS}}
            for name, obj in cache.items():
                if obj is not None or getattr(project, f"{name}_id") is None:
                    Project._meta.get_field(name).set_cached_value(project, obj)
        by_code = {p.code: p for p in found.values() if p.code}
        by_key = {}
        for project in sorted(found.values(), key=lambda p: p.pk, reverse=True):
            by_key[(name_key(project.name), project.region_id)] = project
        return by_code, by_key

    def _org(self, plan: RowPlan, name_field: str, values: dict):
        """The organisation a row names (by USCC, else by exact name), or a pending new one."""
        name = values.get(name_field)
        uscc = values.get("owner_uscc") if name_field == "owner" else None
        if uscc:
            try:
                uscc = validate_uscc(uscc)
            except InvalidCode as exc:
                plan.issues.append(Issue(plan.line, self.header["owner_uscc"], uscc, str(exc)))
                return None
            if uscc in self.orgs_by_uscc:
                return self.orgs_by_uscc[uscc]
            if not name:
                plan.issues.append(Issue(plan.line, self.header["owner_uscc"], uscc,
                                         "该统一社会信用代码的单位尚未登记，请同时填写建设单位名称。"))
                return None
        if not name:
            return None
        known = self.orgs_by_name.get(name)
        if known is not None and (not uscc or known.uscc is None):
            return known  # an organisation registered without its USCC is matched by name
        if len(name) > 128:
            plan.issues.append(Issue(plan.line, self.header[name_field], name, "单位名称不能超过128个字符。"))
            return None
        key = uscc or name
        self.pending_orgs.setdefault(key, (name, uscc, ORG_FIELDS[name_field]))
        plan.new_orgs[name_field] = self.pending_orgs[key]
        return None

    def _plan_row(self, plan: RowPlan, values: dict, by_code: dict, by_key: dict) -> None:
        code, name = values.get("code"), values.get("name", "")
        region = values.get("region")
        plan.name = name
        project = by_code.get(code) if code else None
        if project is None and name:
            project = by_key.get((name_key(name), (region or self.default_region or Region()).pk))
            if project is not None and project.code and code and project.code != code:
                project = None
        plan.project = project
        plan.region = region or (project.region if project else self.default_region)
        identity = ("project", project.pk) if project else ("code", code) if code else (
            "name", name_key(name), getattr(plan.region, "pk", None))
        if identity in self.seen:
            plan.issues.append(Issue(plan.line, self.header.get("name", "项目名称"), name,
                                     f"与第{self.seen[identity]}行是同一个项目，请合并为一行。"))
        else:
            self.seen[identity] = plan.line
        fields = {f: v for f, v in values.items() if f in LABELS and f not in ("owner_uscc", "stage", "stage_date",
                                                                              "annual_plan_wan")}
        if region is None and project is None and self.default_region is not None:
            fields["region"] = self.default_region
        for org_field in ORG_FIELDS:
            fields.pop(org_field, None)
            org = self._org(plan, org_field, values)
            if org is not None:
                fields[org_field] = org
        if project is not None:
            fields = {f: v for f, v in fields.items() if not _same(project, f, v)}
            plan.changes = [(LABELS[f], display(getattr(project, f)), display(v)) for f, v in fields.items()]
            plan.changes += [(LABELS[f], display(getattr(project, f)), new[0])
                             for f, new in plan.new_orgs.items()]
        plan.fields = fields
        try:
            plan.clean = project_clean(fields, current=project) if (fields or project is None) else {}
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = self.header.get(field_name, LABELS.get(field_name, field_name))
                value = values["raw"].get(field_name, "")
                plan.issues.append(Issue(plan.line, column, value, "；".join(messages)))
        plan.stage = None
        if (stage := values.get("stage")) and stage != (project.stage if project else Stage.PLANNED):
            plan.stage = (stage, values.get("stage_date"))
        plan.plans = dict(values["plans"])

    def _plan_extras(self, plans: list[RowPlan]) -> None:
        """Annual plans and stage changes, with the chunk's existing plans and events read at once."""
        ids = [p.project.pk for p in plans if p.project is not None]
        existing = {(a.project_id, a.year): a for a in AnnualPlan.objects.filter(project_id__in=ids)} if ids else {}
        moving = [p.project.pk for p in plans if p.project is not None and p.stage]
        events: dict[int, list] = {}
        for event in StageEvent.objects.filter(project_id__in=moving, superseded=False).order_by("occurred_on", "id"):
            events.setdefault(event.project_id, []).append(lifecycle.Event(Stage(event.stage), event.occurred_on))
        for plan in plans:
            pk = plan.project.pk if plan.project else None
            changed_plans = {}
            for year, amount in plan.plans.items():
                if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal(10) ** 13:
                    plan.issues.append(Issue(plan.line, self.header["annual_plan_wan"], display(amount),
                                             "年度计划投资（万元）应为非负数，最多2位小数。"))
                    continue
                old = existing.get((pk, year))
                if old is not None and old.planned_investment_wan == amount:
                    continue
                if pk is not None:
                    old_text = display(old.planned_investment_wan) if old else ""
                    plan.changes.append((f"{year}年度计划投资（万元）", old_text, display(amount)))
                changed_plans[year] = (amount, old)
            plan.plans = changed_plans
            if plan.stage:
                stage, on = plan.stage
                column = self.header.get("stage", "当前阶段")
                if on is None:
                    plan.issues.append(Issue(plan.line, column, stage.label,
                                             "阶段有变化，请在“阶段日期”列填写该阶段的发生日期。"))
                else:
                    try:
                        lifecycle.check_advance(events.get(pk, []), stage, on, today=self.today)
                    except StageRuleError as exc:
                        plan.issues.append(Issue(plan.line, column, stage.label, exc.message))
                    if pk is not None:
                        plan.changes.append(("当前阶段", plan.project.get_stage_display(), f"{stage.label}（{on:%Y-%m-%d}）"))
            if plan.issues:
                plan.action = "error"
            elif plan.project is None:
                plan.action = "create"
            else:
                plan.action = "update" if plan.changes else "unchanged"


def _same(project: Project, name: str, value) -> bool:
    if name in FK_FIELDS:
        return getattr(project, f"{name}_id") == getattr(value, "pk", value)
    current = getattr(project, name)
    if name in TEXT_FIELDS:  # cells lose the spaces around Chinese characters, so compare without spaces
        return name_key(str(current or "")) == name_key(str(value))
    if name == "scale_content":
        return (current or "").strip() == (value or "").strip()
    if isinstance(value, Decimal):
        return current is not None and Decimal(current) == value
    return current == value
