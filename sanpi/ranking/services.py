"""Writes of targets, rankings and 观摩 scores. Each runs in one transaction, checks access through
accounts/access.py and keeps history (simple_history rows; published rankings are never changed)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from sanpi.accounts import access
from sanpi.accounts.models import Region
from sanpi.core import bounds
from sanpi.core.errors import Conflict, Forbidden, NotFound
from sanpi.projects.models import Project

from . import rules
from .models import (
    ActivityTask,
    InspectionEvent,
    InspectionItem,
    InspectionProject,
    InspectionScore,
    Ranking,
    Target,
)
from .scoring import ranking_compute

TARGET_FIELDS = ("investment_wan", "new_starts", "new_starts_investment_wan", "q1_percent", "q2_percent",
                 "q3_percent")


def _check_target(values: dict) -> None:
    errors = {}
    for name, value in values.items():
        if value is not None and Decimal(value) < 0:
            errors[name] = ["不能为负数。"]
    shares = [values.get(f"q{q}_percent") for q in (1, 2, 3)]
    if any(v is not None and Decimal(v) > 100 for v in shares):
        errors["q3_percent"] = ["季度累计目标不能超过100%。"]
    given = [Decimal(v) for v in shares if v is not None]
    if given != sorted(given):
        errors["q2_percent"] = ["季度累计目标应逐季不减（如 30、60、85）。"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_set(*, user, region_code: str, year: int, investment_wan: Decimal | None = None,
               new_starts: int | None = None, new_starts_investment_wan: Decimal | None = None,
               q1_percent: Decimal | None = None, q2_percent: Decimal | None = None,
               q3_percent: Decimal | None = None, note: str = "") -> Target:
    """Set (create or replace) a region's annual targets; only the office of a region above it may."""
    region = Region.objects.filter(pk=str(region_code)).first()
    if region is None or not access.region_in_scope(user, region):
        raise NotFound("所选区划不存在，或不在您的管辖范围内。")
    if not access.may_set_target(user, region):
        raise Forbidden("年度目标由上级下达：省项目办下达各市，市项目办下达所辖县区。")
    values = {"investment_wan": investment_wan, "new_starts": new_starts,
              "new_starts_investment_wan": new_starts_investment_wan, "q1_percent": q1_percent,
              "q2_percent": q2_percent, "q3_percent": q3_percent}
    _check_target(values)
    target = Target.objects.select_for_update().filter(region=region, year=year).first() or Target(
        region=region, year=year)
    for name, value in values.items():
        setattr(target, name, value)
    target.note = (note or "").strip()[:200]
    target.set_by = user
    target.set_by_region_id = user.region_id
    target.save()
    return target


@transaction.atomic
def activity_task_set(*, user, region_code: str, period_id: int, batch: str, projects: int,
                      investment_wan: Decimal) -> ActivityTask:
    """A region's 三个一批 task for one period (its year's Target row is created when missing)."""
    period = access.access_period(user=user, period_id=period_id)
    if batch not in ActivityTask.Batch.values:
        raise ValidationError({"batch": ["批次应为 签约、开工 或 投产。"]})
    if projects < 0 or investment_wan < 0:
        raise ValidationError({"projects": ["任务不能为负数。"]})
    target = Target.objects.filter(region_id=str(region_code), year=period.held_on.year).first()
    if target is None:
        target = target_set(user=user, region_code=region_code, year=period.held_on.year)
    elif not access.may_set_target(user, target.region):
        raise Forbidden("年度目标由上级下达：省项目办下达各市，市项目办下达所辖县区。")
    task = ActivityTask.objects.filter(target=target, period=period, batch=batch).first() or ActivityTask(
        target=target, period=period, batch=batch)
    task.projects, task.investment_wan = projects, investment_wan
    task.save()  # save(), so simple_history keeps the earlier task
    return task


@transaction.atomic
def ranking_publish(*, user, scheme_id, period: str, reason: str = "") -> Ranking:
    """Freeze the ranking of a period: revision 1, or with a reason a correction (revision N+1) of an
    already published one. The stored JSON is never changed afterwards."""
    scheme = access.access_scheme(user=user, scheme_id=scheme_id, need="run", lock=True)
    try:
        parsed = rules.parse_period(period)
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from None
    if parsed.kind != scheme.period_kind:
        example = {"month": "2024-06", "quarter": "2024-Q2", "year": "2024"}[scheme.period_kind]
        raise ValidationError({"period": [f"“{scheme.name}”是{scheme.get_period_kind_display()}考评，"
                                          f"考评期应为{example}的形式。"]})
    latest = Ranking.objects.filter(scheme=scheme, period=parsed.key).order_by("-revision").first()
    reason = (reason or "").strip()
    if latest is not None and not reason:
        raise Conflict(f"{parsed.label}的排名已发布（第{latest.revision}版）；更正须说明原因，另发新版。")
    data = ranking_compute(scheme=scheme, period=parsed)
    revision = latest.revision + 1 if latest else 1
    data["revision"] = revision
    data["reason"] = reason if latest else ""
    try:
        with transaction.atomic():
            return Ranking.objects.create(scheme=scheme, period=parsed.key, revision=revision,
                                          reason=reason if latest else "", data=data, published_by=user)
    except IntegrityError:
        raise Conflict("同一排名刚刚已由他人发布，请刷新后查看。") from None


@transaction.atomic
def inspection_scores_enter(*, user, event_id, visit_id, marks: dict[int, Decimal]) -> int:
    """A scorer's marks for one visited project ({item id: points}); a re-entry replaces them.
    Each mark lies between 0 and the item's full points. Returns the number of marks written."""
    event = access.access_inspection(user=user, event_id=event_id, need="score")
    visit = InspectionProject.objects.filter(event=event, pk=access.parse_id(visit_id)).first()
    if visit is None:
        raise NotFound()
    items = {item.pk: item for item in event.items.all()}
    errors = {}
    for item_id, points in marks.items():
        item = items.get(int(item_id))
        if item is None:
            raise NotFound()
        if points is None or not Decimal(0) <= Decimal(points) <= item.weight:
            errors[f"item_{item_id}"] = [f"“{item.name}”得分应在 0 到 {item.weight} 分之间。"]
    if errors:
        raise ValidationError(errors)
    for item_id, points in marks.items():
        score = InspectionScore.objects.filter(visit=visit, item_id=int(item_id), scorer=user).first()
        if score is None:
            score = InspectionScore(visit=visit, item_id=int(item_id), scorer=user)
        score.points = Decimal(points)
        score.save()  # save(), not update(): simple_history keeps the earlier mark
    return len(marks)


@transaction.atomic
def inspection_create(*, user, name: str, held_on, drop_high_low: bool, project_refs: list[str],
                      scorer_ids: list, items: list[tuple[str, Decimal]], is_demo: bool = False) -> InspectionEvent:
    """A 观摩/拉练 event organised by the user's office (a city or province): the projects visited (by
    系统编号 or 项目代码, each one the user may see), the scorers (users of the office's region and
    below) and the scoring items, whose full points add up to 100."""
    if not access.may_own_scheme(user):
        raise Forbidden("观摩拉练由市、省项目办组织。")
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        errors["name"] = ["请填写活动名称（不超过100个字）。"]
    if held_on is None:
        errors["held_on"] = ["请填写观摩日期。"]
    elif message := bounds.date_error(held_on, "观摩日期"):
        errors["held_on"] = [message]
    names = [n.strip() for n, _ in items]
    if not items:
        errors["items"] = ["至少要有一个评分项目，如“形象进度:40”。"]
    elif any(not n or len(n) > 32 for n in names) or len(set(names)) != len(names):
        errors["items"] = ["评分项目名称不能为空、不超过32个字、不能重复。"]
    elif any(w is None or w <= 0 for _, w in items):
        errors["items"] = ["各评分项目满分应大于0分。"]
    elif (total := sum((w for _, w in items), Decimal(0))) != 100:
        errors["items"] = [f"各评分项目满分合计应为100分，现为{total.normalize():f}分。"]
    refs = list(dict.fromkeys(r.strip() for r in project_refs if r.strip()))
    found = {}
    if refs:
        ids = [int(r) for r in refs if r.isdigit() and len(r) < 19]
        qs = access.scope_projects(Project.objects.filter(Q(code__in=refs) | Q(pk__in=ids)), user)
        for project in qs.order_by("pk"):
            for ref in (project.code, str(project.pk)):
                if ref in refs:
                    found.setdefault(ref, project)
    missing = [r for r in refs if r not in found]
    if not refs:
        errors["projects"] = ["请填写观摩项目（每行一个系统编号或项目代码）。"]
    elif missing:
        errors["projects"] = [f"没有找到这些项目（或不在您的管辖范围内）：{'、'.join(missing[:10])}。"]
    scorers = list(scorer_choices(user).filter(pk__in=[access.parse_id(s) for s in scorer_ids]))
    if not scorer_ids:
        errors["scorers"] = ["请至少选择一名评分人。"]
    elif len(scorers) != len(set(scorer_ids)):
        errors["scorers"] = ["评分人应为本地区及下级的用户。"]
    if errors:
        raise ValidationError(errors)
    event = InspectionEvent.objects.create(name=name, region=user.region, held_on=held_on,
                                           drop_high_low=drop_high_low, is_demo=is_demo)
    for order, (item_name, weight) in enumerate(items):
        InspectionItem.objects.create(event=event, name=item_name.strip(), weight=weight, order=order)
    projects = list(dict.fromkeys(found[r] for r in refs))
    for order, project in enumerate(projects):
        InspectionProject.objects.create(event=event, project=project, region_id=project.region_id, order=order)
    event.scorers.set(scorers)
    return event


def scorer_choices(user):
    """Who may score an event the user organises: active users of the user's region and below
    (offices and leaders, not enterprises)."""
    from sanpi.accounts.models import User

    if not user.is_authenticated or not user.region_id:
        return User.objects.none()
    return (User.objects.filter(is_active=True, region__path__startswith=user.region.path)
            .exclude(role=User.Role.ENTERPRISE).select_related("region").order_by("region", "username"))
