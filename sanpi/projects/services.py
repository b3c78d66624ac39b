"""Every write to the ledger. Interfaces (pages, API, commands, imports) call these and nothing else.

Input problems raise django.core.exceptions.ValidationError with {field: [Chinese message]}; a
refused write changes nothing (each service runs in one transaction).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sanpi.accounts.access import access_project, check_region_writable, fetch, scope_projects
from sanpi.accounts.models import Organisation, Region
from sanpi.core import bounds
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict
from sanpi.core.inputs import clean_text, parse_date, parse_decimal
from sanpi.core.uploads import EVIDENCE, check_upload

from . import lifecycle
from .bulk import history_baseline
from .lifecycle import Event, Stage, StageRuleError
from .models import AnnualPlan, Category, Industry, Project, StageEvent
from .naming import name_key
from .validators import InvalidCode, parse_project_code, validate_uscc

MONEY_FIELDS = ("total_investment_wan", "expected_output_wan", "expected_tax_wan")
MEASURE_FIELDS = ("land_mu", "building_area_m2")
DATE_FIELDS = (
    "in_statistics_date", "planned_sign_date", "planned_start_date", "planned_completion_date",
    "planned_production_date", "planned_capacity_date",
)
TEXT_FIELDS = ("name", "address", "industrial_chain", "scale_content", "contacts", "phase", "fund_origin")
CHOICE_FIELDS = {"project_type": Project.ProjectType, "nature": Project.Nature, "fund_source": Project.FundSource,
                 "management_category": Project.ManagementCategory}
FK_FIELDS = {
    "region": Region, "industry": Industry, "domain": Category, "sector": Category,
    "owner": Organisation, "responsible_unit": Organisation, "service_unit": Organisation,
    "previous_phase": Project,
}
# Everything a user may set on a project; stage and its dates only change through stage events.
EDITABLE_FIELDS = (
    "code", *TEXT_FIELDS, *MONEY_FIELDS, *MEASURE_FIELDS, *DATE_FIELDS, *CHOICE_FIELDS, *FK_FIELDS,
    "longitude", "latitude", "in_statistics",
)
IN_STATISTICS_MINIMUM_WAN = Decimal(500)


def _label(field: str) -> str:
    return str(Project._meta.get_field(field).verbose_name)


def _decimal(value: Any, field: str, errors: dict, *, places: int = 2) -> Decimal | None:
    return parse_decimal(value, field=field, label=_label(field), errors=errors, places=places)


def _date(value: Any, field: str, errors: dict) -> dt.date | None:
    return parse_date(value, field=field, label=_label(field), errors=errors)


def _fk(model, value: Any, field: str, errors: dict):
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    obj = model.objects.filter(pk=value).first()
    if obj is None:
        errors[field] = [f"{_label(field)}“{value}”不存在。"]
    return obj


def project_clean(fields: dict[str, Any], *, current: Project | None = None,
                  code_owners: dict[str, int] | None = None) -> dict[str, Any]:
    """Validate and normalise project input; raise ValidationError naming each bad field.

    `code_owners` (项目代码 → id of the project using it), when given, answers the code's uniqueness
    instead of a query: an import reads it once per chunk for all the chunk's codes."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不可直接修改。"] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            limit = Project._meta.get_field(name).max_length or bounds.LONG_TEXT
            clean[name] = clean_text(value, field=name, label=_label(name), errors=errors, max_length=limit,
                                     single_line=name != "scale_content")
        elif name in MONEY_FIELDS or name in MEASURE_FIELDS:
            clean[name] = _decimal(value, name, errors)
        elif name in DATE_FIELDS:
            clean[name] = _date(value, name, errors)
        elif name in CHOICE_FIELDS:
            choices = CHOICE_FIELDS[name]
            if str(value) not in choices.values:
                errors[name] = [f"{_label(name)}“{value}”无效，可选：{'、'.join(choices.labels)}。"]
            clean[name] = str(value)
        elif name in FK_FIELDS:
            clean[name] = _fk(FK_FIELDS[name], value, name, errors)
        elif name in ("longitude", "latitude"):
            number = None
            if value not in (None, ""):
                try:
                    number = Decimal(str(value)).quantize(Decimal("0.000001"))
                except InvalidOperation:
                    errors[name] = [f"{_label(name)}应为数字。"]
            limit = 180 if name == "longitude" else 90
            if number is not None and abs(number) > limit:
                errors[name] = [f"{_label(name)}应在 -{limit} 到 {limit} 之间。"]
            clean[name] = number
        elif name == "in_statistics":
            clean[name] = bool(value) and str(value).lower() not in ("0", "false", "否")
        elif name == "code":
            code = str(value or "").strip() or None
            if code:
                try:
                    code = parse_project_code(code).code
                except InvalidCode as exc:
                    errors["code"] = [str(exc)]
                else:
                    mine = getattr(current, "pk", None)
                    if code_owners is not None:
                        taken = code_owners.get(code) not in (None, mine)
                    else:
                        taken = Project.objects.filter(code=code).exclude(pk=mine).exists()
                    if taken:
                        errors["code"] = [f"项目代码 {code} 已被另一个项目使用。"]
            clean[name] = code

    merged = {f: getattr(current, f) for f in EDITABLE_FIELDS if current is not None and f not in FK_FIELDS}
    if current is not None:
        merged.update({f: getattr(current, f) for f in FK_FIELDS})
    merged.update(clean)
    if not merged.get("name"):
        errors.setdefault("name", ["项目名称不能为空。"])
    if merged.get("region") is None and "region" not in errors:
        errors.setdefault("region", ["请选择建设地点所在区划。"])
    for a, b in (
        ("planned_start_date", "planned_completion_date"),
        ("planned_start_date", "planned_production_date"),
        ("planned_production_date", "planned_capacity_date"),
        ("planned_sign_date", "planned_start_date"),
    ):
        if merged.get(a) and merged.get(b) and merged[b] < merged[a] and b not in errors:
            errors[b] = [f"{_label(b)}（{merged[b]:%Y-%m-%d}）不能早于{_label(a)}（{merged[a]:%Y-%m-%d}）。"]
    if merged.get("in_statistics"):
        total = merged.get("total_investment_wan")
        if total is not None and total < IN_STATISTICS_MINIMUM_WAN and "in_statistics" not in errors:
            errors["in_statistics"] = ["总投资500万元以下的项目不能入库。"]
    elif merged.get("in_statistics_date") and "in_statistics_date" not in errors:
        errors["in_statistics_date"] = ["未入库的项目不应填写入库日期。"]
    for name in ("domain", "sector"):
        cat = merged.get(name)
        expected = Category.Scheme.DOMAIN if name == "domain" else Category.Scheme.SECTOR
        if cat is not None and cat.scheme != expected and name not in errors:
            errors[name] = [f"{_label(name)}所选类别不属于“{expected.label}”。"]
    industry = merged.get("industry")
    if industry is not None and industry.kind != Industry.Kind.DIVISION and "industry" not in errors:
        errors["industry"] = ["国民经济行业请选择到大类（两位代码）。"]
    if current is not None and merged.get("previous_phase") is not None and merged["previous_phase"].pk == current.pk:
        errors["previous_phase"] = ["上一期项目不能是项目本身。"]
    if errors:
        raise ValidationError(errors)
    return clean


class DuplicateProject(Conflict):
    """The project being registered seems to exist already. `existing` are the projects it matches
    (ids the caller may be shown); `by_code` means its 项目代码 is taken, which no confirmation lifts."""

    code = "duplicate"

    def __init__(self, existing: list[Project], *, by_code: bool = False):
        self.existing, self.by_code = existing, by_code
        listed = "、".join(f"{p.pk}“{p.name}”" for p in existing[:5])
        if by_code:
            message = f"项目代码已被已登记的项目使用（系统编号 {listed}），不能重复登记。" if existing else \
                "项目代码已被另一个项目使用，不能重复登记。"
        else:
            message = (f"同一区划、同一建设单位下已有名称相同的项目（系统编号 {listed}）。"
                       "如确为另一个项目，请确认后再登记。")
        super().__init__(message)


def _visible(user):
    from sanpi.accounts.access import scope_projects

    return scope_projects(Project.objects.all(), user)


def _code_taken(user, value) -> None:
    """A 项目代码 names one project: registering it again is refused, naming the project if the
    caller may see it (project_clean's own check stays for edits)."""
    try:
        code = parse_project_code(str(value or "").strip()).code
    except InvalidCode:
        return  # project_clean says what is wrong with it
    if Project.objects.filter(code=code).exists():
        raise DuplicateProject(list(_visible(user).filter(code=code)), by_code=True)


def _same_name(user, clean: dict[str, Any]) -> None:
    """The same name (by `name_key`: spaces, full-width characters, the 演示 suffix) in the same
    region with the same owner organisation (or both without one)."""
    owner = clean.get("owner")
    same_place = Project.objects.filter(region=clean["region"])
    same_place = same_place.filter(owner=owner) if owner is not None else same_place.filter(owner__isnull=True)
    key = name_key(clean["name"])
    ids = [pk for pk, name in same_place.values_list("pk", "name") if name_key(name) == key]
    if ids:
        raise DuplicateProject(list(_visible(user).filter(pk__in=ids).order_by("pk")))


@transaction.atomic
def project_create(*, user, fields: dict[str, Any], leaders: list | None = None,
                   confirm_duplicate: bool = False) -> Project:
    """Register a project. `fields` uses Project field names; region must be in the user's scope.
    A project that seems registered already (same name, region and owner) raises DuplicateProject
    unless `confirm_duplicate` says the caller means a new one; a taken 项目代码 is refused either way."""
    if fields.get("code"):
        _code_taken(user, fields["code"])
    clean = project_clean(fields)
    check_region_writable(user, clean["region"])
    if not confirm_duplicate:
        _same_name(user, clean)
    project = Project(**clean)
    project._history_user = user if getattr(user, "pk", None) else None
    # The 项目代码 check above reads before it writes; the same code registered at the same moment
    # meets the unique index instead, and gets the same answer.
    with unique_or(ValidationError({"code": [f"项目代码 {clean.get('code')} 已被另一个项目使用。"]})):
        project.save()
    if leaders:
        project.leaders.set(leaders)
    return project


@transaction.atomic
def project_update(*, user, project_id: int, version: int, fields: dict[str, Any],
                   leaders: list | None = None) -> Project:
    """Change a project's fields. `version` is the one the user's edit started from: if another
    edit was saved since, the update is refused with Conflict instead of overwriting it."""
    project = access_project(user=user, project_id=project_id, need="edit")
    clean = project_clean(fields, current=project)
    if "region" in clean and clean["region"].pk != project.region_id:
        check_region_writable(user, clean["region"])
    history_baseline(Project, pks=[project.pk])
    bumped = Project.objects.filter(pk=project.pk, version=version).update(version=F("version") + 1)
    if not bumped:
        raise Conflict()
    project.refresh_from_db()
    for name, value in clean.items():
        setattr(project, name, value)
    project._history_user = user
    with unique_or(ValidationError({"code": [f"项目代码 {clean.get('code')} 已被另一个项目使用。"]})):
        project.save()
    if leaders is not None:
        project.leaders.set(leaders)
    return project


def _events(project: Project) -> list[StageEvent]:
    return list(project.stage_events.filter(superseded=False).order_by("occurred_on", "id"))


def _facts(rows: list[StageEvent]) -> list[Event]:
    return [Event(Stage(r.stage), r.occurred_on) for r in rows]


def _apply_derived_stage(project: Project, rows: list[StageEvent], user) -> None:
    """Recompute the cached stage and stage dates from the live events."""
    history_baseline(Project, pks=[project.pk])
    facts = _facts(rows)
    stage = lifecycle.current_stage(facts)
    project.stage = stage or Stage.PLANNED
    project.stage_date = facts[-1].on if facts else None
    for name, value in lifecycle.stage_dates(facts).items():
        setattr(project, name, value)
    project.version += 1
    project._history_user = user
    project.save()
    project.refresh_from_db()


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def stage_advance(*, user, project_id: int, stage: str, occurred_on: dt.date, evidence=None,
                  note: str = "") -> StageEvent:
    """Record that a project reached `stage` on `occurred_on` (the lifecycle rules decide if it may)."""
    project = access_project(user=user, project_id=project_id, need="edit")
    project = Project.objects.select_for_update().get(pk=project.pk)
    rows = _events(project)
    try:
        stage = Stage(stage)
    except ValueError:
        raise ValidationError({"stage": [f"阶段“{stage}”无效。"]}) from None
    if not isinstance(occurred_on, dt.date):
        errors: dict = {}
        occurred_on = _date(occurred_on, "planned_start_date", errors)
        if occurred_on is None:
            raise ValidationError({"occurred_on": ["发生日期无效，请按 2024-01-02 的格式填写。"]})
    if evidence:
        check_upload(evidence, purpose=EVIDENCE, field="evidence")
    try:
        lifecycle.check_advance(_facts(rows), stage, occurred_on, today=_today())
    except StageRuleError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None
    event = StageEvent.objects.create(
        project=project, stage=stage, occurred_on=occurred_on, recorded_by=user if user.pk else None,
        evidence=evidence, note=note[:200],
    )
    _apply_derived_stage(project, [*rows, event], user)
    return event


@transaction.atomic
def stage_correct(*, user, event_id: int, stage: str, occurred_on: dt.date, reason: str) -> StageEvent:
    """Correct a recorded stage event: the old one stays (superseded) and the new one says why."""
    old = fetch(scope_projects(StageEvent.objects.all(), user, region_field="project__region"), event_id)
    project = access_project(user=user, project_id=old.project_id, need="edit")
    project = Project.objects.select_for_update().get(pk=project.pk)
    # Read after the lock: a correction of the same event that landed meanwhile has superseded it.
    old.refresh_from_db(fields=["superseded"])
    if old.superseded:
        raise ValidationError({"event": ["该阶段记录已被更正，请更正最新的记录。"]})
    rows = _events(project)
    index = next(i for i, r in enumerate(rows) if r.pk == old.pk)
    try:
        lifecycle.check_correction(_facts(rows), index, Stage(stage), occurred_on, reason, today=_today())
    except StageRuleError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None
    old.superseded = True
    old.save(update_fields=["superseded"])
    new = StageEvent.objects.create(
        project=project, stage=stage, occurred_on=occurred_on, recorded_by=user if user.pk else None,
        corrects=old, reason=reason.strip()[:200], evidence=old.evidence, note=old.note,
    )
    rows[index] = new
    _apply_derived_stage(project, rows, user)
    return new


@transaction.atomic
def annual_plan_set(*, user, project_id: int, year: int, planned_investment_wan, planned_content: str = "",
                    planned_start=None, planned_completion=None, planned_production=None) -> AnnualPlan:
    """Create or replace a project's plan for one year."""
    project = access_project(user=user, project_id=project_id, need="edit")
    errors: dict = {}
    amount = _decimal(planned_investment_wan, "total_investment_wan", errors)
    if errors or amount is None:
        raise ValidationError({"planned_investment_wan": ["年度计划投资（万元）应为非负数，最多2位小数。"]})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": ["年度无效。"]})
    dates = {}
    for name, value in (("planned_start", planned_start), ("planned_completion", planned_completion),
                        ("planned_production", planned_production)):
        dates[name] = _date(value, "planned_start_date", errors)
        if errors:
            raise ValidationError({name: ["日期无效，请按 2024-01-02 的格式填写。"]})
    history_baseline(AnnualPlan, pks=AnnualPlan.objects.filter(project=project, year=int(year)).values_list("pk", flat=True))
    plan, _ = AnnualPlan.objects.update_or_create(
        project=project, year=int(year),
        defaults={"planned_investment_wan": amount, "planned_content": planned_content, **dates},
    )
    return plan


@transaction.atomic
def organisation_create(*, name: str, region: Region | str, kind: str = Organisation.Kind.ENTERPRISE,
                        uscc: str | None = None, contact: str = "") -> Organisation:
    errors: dict = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = ["单位名称不能为空。"]
    if uscc:
        try:
            uscc = validate_uscc(uscc)
        except InvalidCode as exc:
            errors["uscc"] = [str(exc)]
        else:
            if Organisation.objects.filter(uscc=uscc).exists():
                errors["uscc"] = [f"统一社会信用代码 {uscc} 已登记。"]
    region_obj = region if isinstance(region, Region) else Region.objects.filter(pk=region).first()
    if region_obj is None:
        errors["region"] = ["所在区划不存在。"]
    if kind not in Organisation.Kind.values:
        errors["kind"] = ["单位类型无效。"]
    if errors:
        raise ValidationError(errors)
    with unique_or(ValidationError({"uscc": [f"统一社会信用代码 {uscc} 已登记。"]})):
        return Organisation.objects.create(name=name, uscc=uscc or None, region=region_obj, kind=kind,
                                           contact=contact)
