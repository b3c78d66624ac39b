"""前期手续 pages: create a project's checklist from the catalogue, update one item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sanpi.accounts.access import access_project, fetch, scope_projects
from sanpi.core.errors import Conflict

from . import services
from .models import ApprovalItem


@login_required
@require_POST
def checklist_create(request, project_id: int):
    created = services.approval_checklist_create(user=request.user, project_id=project_id)
    messages.success(request, f"已按目录生成前期手续 {len(created)} 项。" if created else "前期手续清单已完整，无需补充。")
    return redirect("web:project_detail", project_id)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, item_id: int):
    item = fetch(scope_projects(ApprovalItem.objects.select_related("kind", "project"), request.user,
                                region_field="project__region"), item_id)
    access_project(user=request.user, project_id=item.project_id, need="report")
    errors: dict = {}
    if request.method == "POST":
        data = request.POST
        try:
            services.approval_item_update(
                user=request.user, item_id=item.pk, version=data.get("version") or None,
                status=data.get("status", item.status),
                required=data.get("required") == "on", responsible_unit=data.get("responsible_unit", ""),
                planned_on=data.get("planned_on") or None, done_on=data.get("done_on") or None,
                document_number=data.get("document_number", ""), note=data.get("note", ""),
                evidence=request.FILES.get("evidence"))
        except ValidationError as exc:
            errors = exc.message_dict
        except Conflict as exc:
            errors = {"version": [exc.message]}
        else:
            messages.success(request, f"已保存：{item.kind.name}。")
            return redirect("web:project_detail", item.project_id)
    return render(request, "approvals/item_edit.html", {
        "item": item, "errors": errors, "statuses": ApprovalItem.Status.choices, "data": request.POST or None})
