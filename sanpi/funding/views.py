"""Money-by-source pages: register a funding line, edit it, record a month's 到位/支付. Thin: each
POST calls one service of services.py (access, validation, history, version check there)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sanpi.accounts.access import access_funding_line, access_project, can_edit_ledger
from sanpi.core.errors import Conflict, NotFound

from . import services
from .models import FundingMonth, Source
from .selectors import funding_lines


@login_required
@require_http_methods(["GET", "POST"])
def line_create(request, project_id: int):
    project = access_project(user=request.user, project_id=project_id, need="edit")
    errors: dict = {}
    if request.method == "POST":
        data = request.POST
        try:
            line = services.funding_line_create(
                user=request.user, project_id=project.pk, year=data.get("year"), source=data.get("source", ""),
                allocated_wan=data.get("allocated_wan"), bond_batch=data.get("bond_batch", ""),
                bond_issued_on=data.get("bond_issued_on") or None, note=data.get("note", ""))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, f"已登记资金来源：{line.year}年{line.get_source_display()}。")
            return redirect("funding:line_edit", line.pk)
    return render(request, "funding/line_form.html", {
        "project": project, "line": None, "errors": errors, "sources": Source.choices,
        "data": request.POST or {"year": timezone.localdate().year}})


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, line_id: int):
    line = access_funding_line(user=request.user, line_id=line_id, need="edit")
    errors: dict = {}
    if request.method == "POST":
        data = request.POST
        try:
            services.funding_line_update(user=request.user, line_id=line.pk, version=data.get("version"),
                                         allocated_wan=data.get("allocated_wan"),
                                         bond_issued_on=data.get("bond_issued_on") or None, note=data.get("note", ""))
        except ValidationError as exc:
            errors = exc.message_dict
        except Conflict as exc:
            errors = {"version": [exc.message]}
        else:
            messages.success(request, "已保存资金来源。")
            return redirect("funding:line_edit", line.pk)
    [annotated] = [x for x in funding_lines(project=line.project, year=line.year) if x.pk == line.pk]
    recorded = {m.month: m for m in annotated.months.all()}
    return render(request, "funding/line_form.html", {
        "project": line.project, "line": annotated, "errors": errors, "sources": Source.choices,
        "data": request.POST or None, "months": [(m, recorded.get(m)) for m in range(1, 13)]})


@login_required
@require_http_methods(["GET", "POST"])
def month_edit(request, line_id: int, month: int):
    line = access_funding_line(user=request.user, line_id=line_id, need="report")
    if not 1 <= month <= 12:
        raise NotFound("没有这个月份。")
    row = FundingMonth.objects.filter(line=line, month=month).first()
    errors: dict = {}
    if request.method == "POST":
        data = request.POST
        try:
            services.funding_month_set(user=request.user, line_id=line.pk, month=month, version=data.get("version"),
                                       arrived_wan=data.get("arrived_wan"), arrived_on=data.get("arrived_on") or None,
                                       paid_wan=data.get("paid_wan"), paid_on=data.get("paid_on") or None)
        except ValidationError as exc:
            errors = exc.message_dict
        except Conflict as exc:
            errors = {"version": [exc.message]}
        else:
            messages.success(request, f"已保存 {line.year}年{month}月 的到位与支付。")
            # an enterprise records months but may not open the line's edit page
            return redirect("funding:line_edit", line.pk) if can_edit_ledger(request.user) else \
                redirect("web:project_detail", line.project_id)
    return render(request, "funding/month_form.html", {
        "line": line, "project": line.project, "month": month, "row": row, "errors": errors,
        "data": request.POST or None})
