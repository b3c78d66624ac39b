"""观摩/拉练 pages: the event's results, and the phone page where a scorer marks each visited project."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from sanpi.accounts import access
from sanpi.core.errors import Forbidden, NotFound
from sanpi.core.inputs import parse_date, parse_decimal

from . import rules, services
from .inspections import project_results
from .models import InspectionEvent, InspectionScore


@login_required
def inspection_detail(request, pk: int):
    event = access.access_inspection(user=request.user, event_id=pk)
    results = project_results(InspectionEvent.objects.filter(pk=event.pk))
    items = list(event.items.all())
    visits = []
    by_region: dict[str, list[Decimal]] = defaultdict(list)
    names = {}
    for visit in event.visits.select_related("project", "region"):
        result = results.get(visit.pk)
        visits.append({"visit": visit, "items": [result["items"].get(i.name) if result else None for i in items],
                       "result": result["result"] if result else None})
        if result:
            by_region[visit.region_id].append(result["result"])
            names[visit.region_id] = visit.region.name
    regions = sorted(({"code": c, "name": names[c], "projects": len(v), "score": rules.q2(sum(v) / len(v))}
                      for c, v in by_region.items()), key=lambda r: -r["score"])
    may_score = event.scorers.filter(pk=request.user.pk).exists() or (
        access.can_administer(request.user) and access.is_organiser(request.user, event.region))
    return render(request, "ranking/inspection_detail.html", {
        "event": event, "items": items, "visits": visits, "regions": regions, "may_score": may_score,
        "scorers": event.scorers.count()})


@login_required
def inspection_score(request, pk: int):
    event = access.access_inspection(user=request.user, event_id=pk, need="score")
    visits = list(event.visits.select_related("project", "region"))
    if not visits:
        raise NotFound("本次观摩尚未确定观摩项目。")
    try:
        current = next(v for v in visits if str(v.pk) == request.GET.get("visit", str(visits[0].pk)))
    except StopIteration:
        raise NotFound() from None
    items = list(event.items.all())
    errors: dict = {}
    if request.method == "POST":
        marks = {}
        for item in items:
            marks[item.pk] = parse_decimal(request.POST.get(f"item_{item.pk}"), field=f"item_{item.pk}",
                                           label=item.name, unit="（分）", errors=errors, limit=Decimal(1000))
            if marks[item.pk] is None and f"item_{item.pk}" not in errors:
                errors[f"item_{item.pk}"] = [f"请填写“{item.name}”得分。"]
        if not errors:
            try:
                services.inspection_scores_enter(user=request.user, event_id=event.pk, visit_id=current.pk,
                                                 marks=marks)
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, f"已保存对“{current.project.name}”的评分。")
                index = visits.index(current)
                following = visits[index + 1] if index + 1 < len(visits) else current
                return redirect(f"{request.path}?visit={following.pk}")
    mine = dict(InspectionScore.objects.filter(visit=current, scorer=request.user).values_list("item_id", "points"))
    done = set(InspectionScore.objects.filter(visit__event=event, scorer=request.user)
               .values_list("visit_id", flat=True))
    fields = [{"item": i, "name": f"item_{i.pk}", "value": request.POST.get(f"item_{i.pk}", mine.get(i.pk, "")),
               "errors": errors.get(f"item_{i.pk}", [])} for i in items]
    return render(request, "ranking/inspection_score.html", {
        "event": event, "visits": visits, "current": current, "fields": fields, "done": done})


DEFAULT_ITEMS = "形象进度:40\n综合效益:30\n现场管理:30"


def _items(text: str, errors: dict) -> list[tuple[str, Decimal]]:
    """'形象进度:40' per line (a full-width colon too) → [(name, full points)]."""
    items = []
    for line in (text or "").replace("：", ":").splitlines():
        if not line.strip():
            continue
        name, _, weight = line.rpartition(":")
        value = parse_decimal(weight, field="items", label=f"“{name.strip() or line.strip()}”的满分", unit="（分）",
                              errors=errors, limit=Decimal(1000))
        if not name.strip() or value is None:
            errors.setdefault("items", [f"评分项目“{line.strip()}”应写成 名称:满分，如 形象进度:40。"])
            continue
        items.append((name.strip(), value))
    return items


@login_required
def inspection_new(request):
    if not access.may_own_scheme(request.user):
        raise Forbidden("观摩拉练由市、省项目办组织。")
    errors: dict = {}
    post = request.POST if request.method == "POST" else {"items": DEFAULT_ITEMS, "drop_high_low": "on"}
    if request.method == "POST":
        held_on = parse_date(post.get("held_on"), field="held_on", label="观摩日期", errors=errors, required=True)
        items = _items(post.get("items", ""), errors)
        if not errors:
            try:
                event = services.inspection_create(
                    user=request.user, name=post.get("name", ""), held_on=held_on,
                    drop_high_low=post.get("drop_high_low") == "on", project_refs=post.get("projects", "").split(),
                    scorer_ids=post.getlist("scorers"), items=items)
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, f"已创建观摩活动“{event.name}”：{event.visits.count()} 个项目、"
                                          f"{event.scorers.count()} 名评分人，评分人可用手机打开评分页。")
                return redirect("ranking:inspection_detail", pk=event.pk)
    chosen = set(post.getlist("scorers")) if hasattr(post, "getlist") else set()
    return render(request, "ranking/inspection_new.html", {
        "post": post, "errors": errors, "chosen": chosen,
        "scorers": services.scorer_choices(request.user)[:300]})
