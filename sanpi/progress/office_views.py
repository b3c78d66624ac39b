"""Pages over services that had none: correcting a locked report, due dates per region, the
notifications list. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sanpi.accounts.access import can_edit_ledger, is_global, scope_regional
from sanpi.core.errors import DomainError, Forbidden, NotFound

from . import selectors, services
from .models import MonthlyReport, ReportingMonth
from .services.reporting_months import reporting_month_set_due
from .services.reports import MONEY_FIELDS, TEXT_FIELDS

CORRECTABLE = MONEY_FIELDS + TEXT_FIELDS


def _errors(exc: ValidationError) -> dict:
    """Field errors by name; errors of no field under "general" (templates can't read "__all__")."""
    errors = dict(exc.message_dict) if hasattr(exc, "error_dict") else {"general": exc.messages}
    if "__all__" in errors:
        errors["general"] = errors.pop("__all__")
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def report_correct(request, pk: int):
    """更正 a locked report: a new version with the reason (services.report_correct)."""
    report = services.access_report(user=request.user, report_id=pk)
    if not can_edit_ledger(request.user):
        raise Forbidden("只有园区/县区、市、省项目办可以更正已锁定的月报。")
    values = {f: getattr(report, f) for f in CORRECTABLE}
    errors: dict = {}
    if request.method == "POST":
        changes = {f: request.POST.get(f, "") for f in CORRECTABLE
                   if request.POST.get(f, "") != str(values[f] if values[f] is not None else "")}
        try:
            new = services.report_correct(user=request.user, report_id=pk, reason=request.POST.get("reason", ""),
                                          **changes)
        except ValidationError as exc:
            errors = _errors(exc)
            values.update(changes)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            errors = {"general": [exc.message]}
        else:
            messages.success(request, f"已生成第{new.version}版，原版本保留在历史版本中。")
            return redirect("progress:report_detail", pk=new.pk)
    return render(request, "progress/report_correct.html", {
        "report": report, "errors": errors, "reason": request.POST.get("reason", ""),
        "locked": report.status == MonthlyReport.Status.LOCKED and report.is_current,
        "fields": [(f, MonthlyReport._meta.get_field(f).verbose_name, values[f]) for f in CORRECTABLE],
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def due_dates(request):
    """报送截止日期 per month for the user's region and below (the default for global users)."""
    if not can_edit_ledger(request.user):
        raise Forbidden("只有园区/县区、市、省项目办可以设置报送截止日期。")
    errors: dict = {}
    if request.method == "POST":
        try:
            row = reporting_month_set_due(user=request.user, year=request.POST.get("year") or 0,
                                          month=request.POST.get("month") or 0,
                                          due_date=request.POST.get("due_date", ""))
        except (ValidationError, ValueError) as exc:
            errors = _errors(exc) if isinstance(exc, ValidationError) else {"month": ["年度、月份应为数字。"]}
        else:
            messages.success(request, f"{row.year}年{row.month}月月报截止日期已设为 {row.due_date:%Y-%m-%d}。")
            return redirect("progress:due_dates")
    rows = ReportingMonth.objects.select_related("region").order_by("-year", "-month", "region_id")
    rows = rows if is_global(request.user) else scope_regional(rows, request.user, region_field="region")
    year, month = selectors.previous_month(timezone.localdate())
    return render(request, "progress/due_dates.html", {
        "rows": rows[:120], "errors": errors, "year": year, "month": month,
        "region": None if is_global(request.user) else request.user.region,
    }, status=400 if errors else 200)
