"""Pages of targets and rankings: thin views over selectors and services."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanpi.accounts import access
from sanpi.core.downloads import protect
from sanpi.core.errors import DomainError, NotFound
from sanpi.core.inputs import parse_decimal

from . import bulletin, exports, rules, selectors, services
from .models import ActivityTask, Scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year_month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET.get("month") or (today.month if year == today.year else 12))
    except ValueError:
        raise NotFound() from None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise NotFound()
    return year, month


@login_required
def index(request):
    today = timezone.localdate()
    default = f"{today.year}-{today.month:02d}"
    schemes = [(s, _default_period(s, today)) for s in selectors.scheme_list(user=request.user)]
    return render(request, "ranking/index.html", {
        "schemes": schemes, "inspections": selectors.inspection_list(user=request.user)[:20], "default": default,
        "may_set_targets": bool(selectors.target_regions(user=request.user)),
        "may_organise": access.may_own_scheme(request.user)})


def _default_period(scheme: Scheme, today) -> str:
    """The last complete period of the scheme's kind."""
    month = rules.Period(today.year, "month", today.month).previous()
    if scheme.period_kind == "month":
        return month.key
    if scheme.period_kind == "quarter":
        quarter = rules.Period(month.year, "quarter", (month.number - 1) // 3 + 1)
        return quarter.key if month.number % 3 == 0 else quarter.previous().key
    return str(today.year - 1)


def _target_values(post) -> tuple[dict, dict]:
    errors: dict = {}
    values = {
        "investment_wan": parse_decimal(post.get("investment_wan"), field="investment_wan",
                                        label="完成投资目标", unit="（万元）", errors=errors),
        "new_starts_investment_wan": parse_decimal(post.get("new_starts_investment_wan"),
                                                   field="new_starts_investment_wan", label="新开工投资目标",
                                                   unit="（万元）", errors=errors),
    }
    count = parse_decimal(post.get("new_starts"), field="new_starts", label="新开工项目目标", places=0, errors=errors)
    values["new_starts"] = None if count is None else int(count)
    for q in (1, 2, 3):
        name = f"q{q}_percent"
        values[name] = parse_decimal(post.get(name), field=name, label=f"第{q}季度累计目标", places=1,
                                     limit=1000, errors=errors)
    return values, errors


@login_required
def targets(request):
    year, month = _year_month(request)
    regions = selectors.target_regions(user=request.user)
    errors: dict = {}
    task_errors: dict = {}
    if request.method == "POST" and request.POST.get("form") == "task":
        task_errors = _task_post(request, year)
        if not task_errors:
            return redirect(f"{request.path}?year={year}&month={month}")
    elif request.method == "POST":
        values, errors = _target_values(request.POST)
        if not errors:
            try:
                target = services.target_set(user=request.user, region_code=request.POST.get("region", ""),
                                             year=year, **values)
            except ValidationError as exc:
                errors = exc.message_dict
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已下达{target.region.name}{year}年目标。")
                return redirect(f"{request.path}?year={year}&month={month}")
    rows = selectors.target_progress(regions=regions, year=year, month=month)
    own = selectors.own_target(user=request.user, year=year, month=month)
    return render(request, "ranking/targets.html", {
        "rows": rows, "own": own, "year": year, "month": month, "errors": errors, "post": request.POST,
        "months": range(1, 13), "tasks": selectors.activity_tasks(regions=regions, year=year),
        "task_periods": selectors.task_periods(user=request.user, year=year) if regions else [],
        "task_errors": task_errors, "batches": ActivityTask.Batch.choices})


def _task_post(request, year: int) -> dict:
    """Set one 三个一批 task from the targets page; the errors to show (none: saved)."""
    errors: dict = {}
    post = request.POST
    count = parse_decimal(post.get("task_projects"), field="task_projects", label="项目任务", places=0, errors=errors)
    money = parse_decimal(post.get("task_investment_wan"), field="task_investment_wan", label="投资任务",
                          unit="（万元）", errors=errors)
    if not post.get("task_period"):
        errors["task_period"] = ["请选择期次。"]
    if errors:
        return errors
    try:
        task = services.activity_task_set(user=request.user, region_code=post.get("task_region", ""),
                                          period_id=post.get("task_period"), batch=post.get("task_batch", ""),
                                          projects=int(count or 0), investment_wan=money or Decimal(0))
    except ValidationError as exc:
        return {f"task_{k}" if not k.startswith("task_") else k: v for k, v in exc.message_dict.items()}
    except DomainError as exc:
        return {"task_region": [str(exc)]}
    messages.success(request, f"已下达{task.target.region.name}{task.period}{task.get_batch_display()}任务："
                              f"{task.projects}个项目、{task.investment_wan}万元。")
    return {}


@login_required
def targets_export(request):
    year, month = _year_month(request)
    rows = selectors.target_progress(regions=selectors.target_regions(user=request.user), year=year, month=month)
    response = HttpResponse(exports.targets_xlsx(rows, year=year, month=month), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="targets-{year}-{month:02d}.xlsx"'
    return protect(response)


@login_required
def scheme_detail(request, pk: int):
    scheme = access.access_scheme(user=request.user, scheme_id=pk)
    period = request.GET.get("period")
    if period:
        return redirect("ranking:ranking_detail", pk=scheme.pk, period=period.strip().upper())
    return render(request, "ranking/scheme_detail.html", {
        "scheme": scheme, "indicators": scheme.indicators.order_by("order", "id"),
        "groups": scheme.groups.prefetch_related("regions"), "default": _default_period(scheme, timezone.localdate()),
        "published": scheme.rankings.order_by("-period", "-revision")[:24],
        "may_edit": access.can_administer(request.user) and access.is_organiser(request.user, scheme.owner_region),
        "may_copy": access.may_own_scheme(request.user),
        "copy_name": f"{request.user.region.name if request.user.region_id else ''}{scheme.name.removesuffix('示例')}"})


def _ranking(request, pk: int, period: str, need: str = "read"):
    scheme = access.access_scheme(user=request.user, scheme_id=pk, need=need)
    try:
        parsed = rules.parse_period(period)
    except ValueError:
        raise NotFound("考评期格式不对：应为 2024-06（月）、2024-Q2（季度）或 2024（年度）。") from None
    if parsed.kind != scheme.period_kind:
        raise NotFound(f"“{scheme.name}”是{scheme.get_period_kind_display()}考评。")
    return scheme, parsed


@login_required
def ranking_detail(request, pk: int, period: str):
    scheme, parsed = _ranking(request, pk, period)
    data, revisions = selectors.ranking_view(scheme=scheme, period=parsed)
    chart = [{"group": g["name"], "names": [r["name"] for r in g["rows"]], "scores": [r["score"] for r in g["rows"]]}
             for g in data["groups"]]
    may_publish = access.can_administer(request.user) and access.is_organiser(request.user, scheme.owner_region)
    return render(request, "ranking/ranking_detail.html", {
        "scheme": scheme, "period": parsed, "data": data, "revisions": revisions, "chart": chart,
        "may_publish": may_publish, "previous": parsed.previous().key,
        "next": _next(parsed).key})


def _next(period: rules.Period) -> rules.Period:
    if period.kind == "year":
        return rules.Period(period.year + 1, "year", 0)
    last = 12 if period.kind == "month" else 4
    return rules.Period(period.year + (period.number == last), period.kind, period.number % last + 1)


@login_required
@require_POST
def ranking_publish(request, pk: int, period: str):
    scheme, parsed = _ranking(request, pk, period, need="run")
    try:
        ranking = services.ranking_publish(user=request.user, scheme_id=scheme.pk, period=parsed.key,
                                           reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已发布{parsed.label}排名（第{ranking.revision}版），此后台账变动不再影响本排名。")
    return redirect("ranking:ranking_detail", pk=scheme.pk, period=parsed.key)


@login_required
def ranking_export(request, pk: int, period: str):
    scheme, parsed = _ranking(request, pk, period)
    data, _ = selectors.ranking_view(scheme=scheme, period=parsed)
    response = HttpResponse(exports.ranking_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ranking-{scheme.pk}-{parsed.key}.xlsx"'
    return protect(response)


@login_required
def ranking_docx(request, pk: int, period: str):
    scheme, parsed = _ranking(request, pk, period)
    data, _ = selectors.ranking_view(scheme=scheme, period=parsed)
    response = HttpResponse(bulletin.bulletin_docx(data), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="ranking-{scheme.pk}-{parsed.key}-bulletin.docx"'
    return protect(response)
