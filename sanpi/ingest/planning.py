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
from django.db import connection

from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import Organisation, Region
from sanpi.projects import lifecycle
from sanpi.projects.lifecycle import Stage, StageRuleError
from sanpi.projects.models import AnnualPlan, Category, Project, StageEvent
from sanpi.projects.naming import name_key, name_variants
from sanpi.projects.services import project_clean
from sanpi.projects.validators import InvalidCode, parse_project_code, validate_uscc

from .cells import EMPTY
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
    raw_text,
    short_region_name,
)
from .row_reader import name_key as spaceless

CHANGED_SINCE_PREVIEW = "预览后此项目已被修改，请重新预览后再导入。"

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
    "shown",
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
    version: int | None = None  # the matched project's version when planned: writes happen only at it
    issues: list = field(default_factory=list)


class LedgerPlanner(RowReader):
    def __init__(self, *, user, columns: list[Column], today: dt.date | None = None, pinned: dict | None = None):
        super().__init__(user=user, columns=columns, today=today)
        self.orgs_by_uscc: dict[str, Organisation] = {}
        self.orgs_by_name: dict[str, Organisation] = {}
        self.pending_orgs: dict[str, tuple] = {}  # key -> (name, uscc, kind): created when applying
        self.seen: dict[tuple, int] = {}  # identity of a project in this file -> first line
        self.known: dict[int, Project] = {}
        self.code_owners: dict[str, int] | None = None  # the chunk's taken 项目代码 (_load_codes)
        # project id -> version the preview saw; when given (an apply after a preview), a project whose
        # version moved on since is a row error instead of an overwrite of someone's later edit.
        self.pinned = {int(k): v for k, v in pinned.items()} if pinned is not None else None

    # --- the chunk -------------------------------------------------------------------------------

    def plan(self, rows: list[tuple[int, list]]) -> list[RowPlan]:
        parsed = []
        for line, cells in rows:
            if not any(c is not None and (not isinstance(c, str) or c.strip() not in EMPTY) for c in cells):  # is_empty
                continue
            values, issues = self._parse(line, cells)
            parsed.append((RowPlan(line=line, cells=cells, issues=issues), values))
        self._load_orgs([v for _, v in parsed])
        self._load_projects([v for _, v in parsed])
        self._load_codes([v for _, v in parsed])
        plans = []
        for plan, values in parsed:
            if values.get("name") in SKIP_NAMES or (not values.get("name") and not values.get("code")
                                                    and not plan.issues and len(values) <= 2):
                plan.action = "skip"
                continue
            self._plan_row(plan, values)
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

    def _load_codes(self, rows: list[dict]) -> None:
        """Which of the chunk's 项目代码 are taken, and by which project (anywhere, not only in scope:
        a code is unique nationwide): one query per chunk instead of one per row."""
        codes = set()
        for v in rows:
            if v.get("code"):
                try:
                    codes.add(parse_project_code(str(v["code"]).strip()).code)
                except InvalidCode:
                    pass
        self.code_owners = dict(Project.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}

    def _load_projects(self, rows: list[dict]) -> None:
        """The chunk's candidate projects, in the importer's scope only: by 系统编号, by 项目代码, and
        by name (every stored spelling that may mean a row's name, confirmed by `name_key`)."""
        scoped = scope_projects(Project.objects.all(), self.user)
        ids = {v["id"] for v in rows if v.get("id")}
        codes = {v["code"] for v in rows if v.get("code")}
        names = set().union(*(name_variants(raw_text(v, "name")) | name_variants(v["name"])
                              for v in rows if v.get("name")))
        # The code and name matches come from plain SQL first (the ORM prepared each of a chunk's ~4,000
        # names one by one, ~1 s per 10k rows), then the scoped query reads only the matched projects.
        ids |= _ids_where("code", codes) | _ids_where("name", names)
        found = {p.pk: p for p in scoped.filter(pk__in=ids)} if ids else {}
        found = {pk: self.known.setdefault(pk, p) for pk, p in found.items()}  # one object per project per import
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
        self.by_id = found
        self.by_code = {p.code: p for p in found.values() if p.code}
        self.by_name: dict[str, list[Project]] = {}
        for project in sorted(found.values(), key=lambda p: p.pk):
            self.by_name.setdefault(name_key(project.name), []).append(project)

    def _identify(self, plan: RowPlan, values: dict, fields: dict) -> Project | None:
        """The project a row means, or None for a new one; a row that can't say which (or names one
        the importer may not see) gets an issue. Rule and reasons: docs/decisions.md, 导入如何认定项目."""
        name_column = self.header.get("name", "项目名称")
        if (pid := values.get("id")) is not None:
            project = self.by_id.get(pid)
            if project is None:
                plan.issues.append(Issue(plan.line, self.header["id"], str(pid),
                                         f"系统编号 {pid} 的项目不存在，或不在您的管辖范围内。"))
            return project
        code = values.get("code")
        if code and code in self.by_code:
            return self.by_code[code]
        name = values.get("name")
        if not name:
            return None
        # A stored project with another 项目代码 is another project, whatever its name.
        candidates = [p for p in self.by_name.get(name_key(name), []) if not (code and p.code and p.code != code)]
        if not candidates:
            return None
        owner = fields.get("owner")
        owner_id = owner.pk if owner is not None else None
        if len(candidates) == 1 and candidates[0].owner_id == owner_id and "owner" not in plan.new_orgs:
            return candidates[0]
        listed = "、".join(f"{p.pk}“{p.name}”（{p.owner.name if p.owner else '无建设单位'}）" for p in candidates[:10])
        if len(candidates) == 1:
            reason = (f"名称相同的项目（系统编号 {listed}）建设单位与本行不同，无法确定是否同一项目；"
                      "如是同一项目请填写其系统编号或项目代码，如是新项目请改用可区分的名称。")
        else:
            more = f"等{len(candidates)}个" if len(candidates) > 10 else ""
            reason = (f"您的范围内有{len(candidates)}个同名项目（系统编号 {listed}{more}），"
                      "无法确定是哪一个；请填写系统编号或项目代码。")
        plan.issues.append(Issue(plan.line, name_column, name, reason))
        return None

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

    def _plan_row(self, plan: RowPlan, values: dict) -> None:
        code, name = values.get("code"), values.get("name", "")
        region = values.get("region")
        plan.name = name
        fields = {f: v for f, v in values.items() if f in LABELS and f not in ("id", "owner_uscc", "stage", "stage_date",
                                                                              "annual_plan_wan")}
        for org_field in ORG_FIELDS:
            fields.pop(org_field, None)
            org = self._org(plan, org_field, values)
            if org is not None:
                fields[org_field] = org
        before = len(plan.issues)
        project = self._identify(plan, values, fields)
        unidentified = len(plan.issues) > before
        plan.project = project
        plan.region = region or (project.region if project else self.default_region)
        if project is not None:
            plan.version = project.version
            if self.pinned is not None and self.pinned.get(project.pk) != project.version:
                plan.issues.append(Issue(plan.line, self.header.get("name", "项目名称"), name, CHANGED_SINCE_PREVIEW))
        identity = ("project", project.pk) if project else ("code", code) if code else (
            "name", name_key(name))
        if identity in self.seen:
            plan.issues.append(Issue(plan.line, self.header.get("name", "项目名称"), name,
                                     f"与第{self.seen[identity]}行是同一个项目，请合并为一行。"))
        elif not unidentified:
            self.seen[identity] = plan.line
        if region is None and project is None and self.default_region is not None:
            fields["region"] = self.default_region
        if unidentified:  # nothing is compared with, or written to, a project the row doesn't identify
            plan.fields = {}
            return
        if project is not None:
            fields = {f: v for f, v in fields.items() if not _same(project, f, v)}
            plan.changes = [(LABELS[f], shown(f, getattr(project, f)), shown(f, v)) for f, v in fields.items()]
            plan.changes += [(LABELS[f], shown(f, getattr(project, f)), new[0])
                             for f, new in plan.new_orgs.items()]
        plan.fields = fields
        try:
            plan.clean = (project_clean(fields, current=project, code_owners=self.code_owners)
                          if (fields or project is None) else {})
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = self.header.get(field_name, LABELS.get(field_name, field_name))
                value = raw_text(values, field_name)
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


def _ids_where(column: str, values: set) -> set[int]:
    """Ids of the projects whose `column` is one of `values` (any region: the caller scopes them)."""
    values, found = list(values), set()
    table, qn = Project._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(values), 900):  # within any SQLite's limit on parameters
            batch = values[start:start + 900]
            cursor.execute(f"SELECT {qn('id')} FROM {qn(table)} WHERE {qn(column)} IN ({', '.join(['%s'] * len(batch))})",
                           batch)
            found.update(pk for (pk,) in cursor.fetchall())
    return found


def _same(project: Project, name: str, value) -> bool:
    if name in ("domain", "sector"):  # year-scoped: the same category in another year's list means the same
        current = getattr(project, name)
        return current is not None and isinstance(value, Category) and (current.scheme, current.code) == (
            value.scheme, value.code)
    if name in FK_FIELDS:
        return getattr(project, f"{name}_id") == getattr(value, "pk", value)
    current = getattr(project, name)
    if name in TEXT_FIELDS:  # cells lose the spaces around Chinese characters, so compare without spaces
        return spaceless(str(current or "")) == spaceless(str(value))
    if name == "scale_content":
        return (current or "").strip() == (value or "").strip()
    if isinstance(value, Decimal):
        return current is not None and Decimal(current) == value
    return current == value


def shown(name: str, value) -> str:
    """A value as the preview shows it: choices by their label, categories by name (their year is
    bookkeeping), the rest as `display` writes them."""
    if value is None or value == "":
        return ""
    if name in CHOICES:
        labels = {v: label for label, v in CHOICES[name].items()}
        choices = {"project_type": Project.ProjectType, "nature": Project.Nature, "fund_source": Project.FundSource,
                   "management_category": Project.ManagementCategory}
        return str(dict(choices[name].choices).get(value, labels.get(value, value)))
    if isinstance(value, Category):
        return value.name
    return display(value)
