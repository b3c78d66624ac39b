"""Ledger pages: the filtered list, a project's page, and the forms that write through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sanpi.accounts.access import can_edit_ledger, fetch
from sanpi.accounts.models import User
from sanpi.core.errors import Conflict, Forbidden, NotFound
from sanpi.outlook.locations import location_warning, photo_suggestion
from sanpi.projects import lifecycle, services
from sanpi.projects.models import StageEvent
from sanpi.projects.selectors import project_stage_events
from sanpi.stats import ledger
from sanpi.stats.project_page import project_page_data
from sanpi.web.filters import filter_options

from ..forms import ProjectForm, StageAdvanceForm, StageCorrectForm
from .common import get_project, url_or_none


def _location_flag(request, project) -> None:
    """A point outside the project's county is saved and flagged, never refused."""
    if warning := location_warning(project):
        messages.warning(request, warning)


@login_required
def project_list(request):
    query = ledger.LedgerQuery.from_params(request.GET)
    if query.ignored and not request.headers.get("HX-Request"):
        messages.warning(request, f"已忽略无效的筛选条件：{'、'.join(query.ignored)}。")
    page = ledger.ledger_page(user=request.user, query=query)
    params = request.GET.copy()
    params.pop("page", None)
    export = url_or_none("ingest:export_ledger")
    context = {
        "page": page, "query": query, "filters": query.filters, "qs": params.urlencode(),
        "export_url": f"{export}?{params.urlencode()}" if export else None,
        "can_edit": can_edit_ledger(request.user),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "web/projects/_results.html", context)
    context["options"] = filter_options(request.user)
    return render(request, "web/projects/list.html", context)


@login_required
def project_totals(request):
    """Count and 总投资 of the filtered list (loaded by htmx after the rows)."""
    query = ledger.LedgerQuery.from_params(request.GET)
    totals = ledger.ledger_totals(user=request.user, query=query)
    pages = max(-(-totals["count"] // ledger.PAGE_SIZE), 1)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "web/projects/_totals.html", {
        "totals": totals, "pages": pages, "page": query.page, "params": params,
        # past MAX_PAGE pages the list still answers, and the line suggests narrowing the filters
        "narrow": pages > ledger.MAX_PAGE,
    })


@login_required
def project_detail(request, project_id: int):
    project = get_project(request.user, project_id)
    data = project_page_data(user=request.user, project=project)
    return render(request, "web/projects/detail.html", {
        **data, "can_edit": can_edit_ledger(request.user),
        "can_report": can_edit_ledger(request.user) or request.user.role == User.Role.ENTERPRISE,
    })


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not can_edit_ledger(request.user):
        raise Forbidden("只有园区/县区、市、省项目办可以登记项目。")
    form = ProjectForm(request.POST or None, user=request.user)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                project = services.project_create(user=request.user, fields=form.service_fields(),
                                                  leaders=form.leader_ids(),
                                                  confirm_duplicate=form.cleaned_data.get("confirm_duplicate", False))
        except services.DuplicateProject as exc:
            if exc.by_code:
                form.add_error("code", exc.message)
            else:
                duplicate = exc  # the page lists them and asks for the confirmation box
        except ValidationError as exc:
            form.add_service_errors(exc)
        except (NotFound, Forbidden) as exc:
            form.add_error("region", exc.message)
        else:
            messages.success(request, f"已登记项目“{project.name}”。")
            _location_flag(request, project)
            return redirect(project.get_absolute_url())
    return render(request, "web/projects/form.html", {"form": form, "project": None, "duplicate": duplicate})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id: int):
    project = get_project(request.user, project_id, need="edit")
    conflict = None
    if request.method == "POST":
        form = ProjectForm(request.POST, user=request.user, project=project)
        if form.is_valid():
            version = form.cleaned_data.get("version") or 0
            try:
                with transaction.atomic():
                    project = services.project_update(
                        user=request.user, project_id=project.pk, version=version,
                        fields=form.service_fields(), leaders=form.leader_ids())
            except ValidationError as exc:
                form.add_service_errors(exc)
            except Conflict as exc:
                conflict = exc.message
            except NotFound as exc:
                form.add_error("region", exc.message)
            else:
                messages.success(request, "项目信息已保存。")
                _location_flag(request, project)
                return redirect(project.get_absolute_url())
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project), user=request.user, project=project)
    return render(request, "web/projects/form.html", {"form": form, "project": project, "conflict": conflict,
                                                      "suggestion": photo_suggestion(project_id=project.pk)},
                  status=409 if conflict else 200)


def _live_facts(project):
    rows = project.stage_events.filter(superseded=False).order_by("occurred_on", "id")
    return [lifecycle.Event(lifecycle.Stage(r.stage), r.occurred_on) for r in rows]


@login_required
@require_http_methods(["GET", "POST"])
def stage_advance(request, project_id: int):
    project = get_project(request.user, project_id, need="edit")
    allowed = lifecycle.allowed_next(_live_facts(project))
    form = StageAdvanceForm(request.POST or None, request.FILES or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.stage_advance(user=request.user, project_id=project.pk, stage=data["stage"],
                                           occurred_on=data["occurred_on"], evidence=data.get("evidence"),
                                           note=data.get("note") or "")
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已记录：{event.get_stage_display()}（{event.occurred_on:%Y-%m-%d}）。")
            return redirect(project.get_absolute_url())
    return render(request, "web/projects/stage_form.html", {
        "form": form, "project": project, "events": project_stage_events(project=project),
        "title": "推进阶段", "submit": "记录新阶段",
    })


@login_required
@require_http_methods(["GET", "POST"])
def stage_correct(request, project_id: int, event_id: int):
    project = get_project(request.user, project_id, need="edit")
    event = fetch(StageEvent.objects.filter(project=project), event_id)
    initial = {"stage": event.stage, "occurred_on": event.occurred_on.isoformat()}
    form = StageCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and event.superseded:
        form.add_error(None, "该阶段记录已被更正，请更正最新的记录。")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.stage_correct(user=request.user, event_id=event.pk, stage=data["stage"],
                                         occurred_on=data["occurred_on"], reason=data.get("reason") or "")
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已更正阶段记录：{new.get_stage_display()}（{new.occurred_on:%Y-%m-%d}）。")
            return redirect(project.get_absolute_url())
    return render(request, "web/projects/stage_form.html", {
        "form": form, "project": project, "event": event, "events": project_stage_events(project=project),
        "title": "更正阶段记录", "submit": "保存更正",
    })
