"""Pages of monthly dispatch: reports, lights, rule sets, problems, the leader's page. Thin: parse,
call one service or selector, render. NotFound answers 404 alike for "unknown" and "not yours"."""


import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanpi.accounts.access import (
    access_project,
    access_rule_set,
    can_edit_ledger,
    may_revise_rule_set,
)
from sanpi.core import bounds
from sanpi.core.errors import DomainError, Forbidden, NotFound
from sanpi.web import lists
from sanpi.web.listing import page_of, sort_from

from . import selectors, services
from .models import Colour, Dimension, MonthlyReport, Problem, ProblemEscalation
from .review import report_review_context

REPORT_FIELDS = ("month_completed_wan", "ytd_completed_wan", "since_start_completed_wan", "progress_text",
                 "milestones", "problems_text", "next_steps")


def _int(value, default=None):
    """A year or month from the query string; anything else (², a 23-digit number) is the default."""
    number = bounds.parse_id(value)
    return number if number is not None and number < 10_000 else default


# ---------------------------------------------------------------- reports

@login_required
def report_list(request):
    """待填报 (enterprise), 待审核 (offices) and every report in scope, filterable by month and status."""
    today = timezone.localdate()
    todo = selectors.todo_for(user=request.user, today=today)
    status = request.GET.get("status") or None
    year, month = _int(request.GET.get("year")), _int(request.GET.get("month"))
    sort, reports = lists.REPORTS.query(user=request.user, params=request.GET)
    page = page_of(reports, request.GET)
    review_sort = sort_from({"sort": request.GET.get("rsort")}, lists.REPORTS.sorts, "submitted")
    return render(request, "progress/report_list.html", {
        "todo": todo, "page": page, "sort": sort.key, "status": status, "statuses": MonthlyReport.Status.choices,
        "year": year, "month": month, "to_file": list(todo["to_file"][:200]),
        "to_review": list(review_sort.order(todo["to_review"])[:200]), "rsort": review_sort.key,
        "export_url": lists.export_url(lists.REPORTS, request.GET),
    })


def _report_form_context(request, *, project, year, month, report=None, values=None, errors=None):
    values = values or ({f: getattr(report, f) for f in REPORT_FIELDS} if report else {})
    from sanpi.approvals.selectors import approval_items

    return {"project": project, "year": year, "month": month, "report": report, "values": values,
            "errors": errors or {}, "photos": report.photos.all() if report else [],
            # 前期手续 are updated with the month's report: each open item links to its form.
            "approvals": [i for i in approval_items(user=request.user, project=project)
                          if i.required and i.status != "done" and i.status != "not_applicable"]}


def _save_report(request, *, project, year, month, report=None):
    values = {f: request.POST.get(f, "") for f in REPORT_FIELDS}
    try:
        saved = services.report_file(user=request.user, project_id=project.pk, year=year, month=month,
                                     photos=request.FILES.getlist("photos"), submit="submit" in request.POST,
                                     **values)
        if "submit" in request.POST:
            messages.success(request, f"{year}年{month}月月报已报送，等待项目办审核。")
        else:
            messages.success(request, "草稿已保存。")
        return redirect("progress:report_detail", pk=saved.pk)
    except ValidationError as exc:
        errors = dict(exc.message_dict) if hasattr(exc, "error_dict") else {"general": exc.messages}
        errors["general"] = errors.pop("__all__", []) + errors.get("general", []) + errors.get("month", [])
        return render(request, "progress/report_form.html", _report_form_context(
            request, project=project, year=year, month=month, report=report, values=values, errors=errors),
            status=400)


@login_required
def report_new(request):
    """New report for ?project=&year=&month= (default last month); an existing one opens for editing."""
    project = access_project(user=request.user, project_id=request.GET.get("project"), need="report")
    default_year, default_month = selectors.previous_month(timezone.localdate())
    try:  # a month that can't be filed (13, 0, -1, next year) is refused, never replaced by another one
        year, month = services.report_month_check(year=request.GET.get("year") or default_year,
                                                  month=request.GET.get("month") or default_month)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.message_dict.get("month", [])) or "报告期无效。")
        return redirect("progress:report_list")
    existing = MonthlyReport.objects.filter(project=project, year=year, month=month, is_current=True).first()
    if existing is not None:
        return redirect("progress:report_edit" if existing.editable else "progress:report_detail", pk=existing.pk)
    if request.method == "POST":
        return _save_report(request, project=project, year=year, month=month)
    return render(request, "progress/report_form.html",
                  _report_form_context(request, project=project, year=year, month=month))


@login_required
def report_edit(request, pk):
    report = services.access_report(user=request.user, report_id=pk)
    access_project(user=request.user, project_id=report.project_id, need="report")
    if not report.editable:
        raise Forbidden("该月报当前状态不能修改。")
    if request.method == "POST":
        return _save_report(request, project=report.project, year=report.year, month=report.month, report=report)
    return render(request, "progress/report_form.html", _report_form_context(
        request, project=report.project, year=report.year, month=report.month, report=report))


@login_required
def report_detail(request, pk):
    report = services.access_report(user=request.user, report_id=pk)
    user = request.user
    return render(request, "progress/report_detail.html", {
        "report": report, "steps": report.steps.select_related("by"), "photos": report.photos.all(),
        "review": report_review_context(report=report),
        "versions": selectors.report_versions(report=report),
        "can_review": can_edit_ledger(user) and report.status == MonthlyReport.Status.SUBMITTED,
        "can_lock": can_edit_ledger(user) and report.status == MonthlyReport.Status.APPROVED,
        "can_correct": can_edit_ledger(user) and report.status == MonthlyReport.Status.LOCKED and report.is_current,
        "can_file": report.editable,
    })


def _workflow(action):
    @login_required
    @require_POST
    def view(request, pk):
        try:
            action(request, pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, exc.message)
        return redirect("progress:report_detail", pk=pk)

    return view


def _submit(request, pk):
    services.report_submit(user=request.user, report_id=pk)
    messages.success(request, "月报已报送。")


def _return(request, pk):
    services.report_return(user=request.user, report_id=pk, reason=request.POST.get("reason", ""))
    messages.success(request, "月报已退回。")


def _approve(request, pk):
    services.report_approve(user=request.user, report_id=pk)
    messages.success(request, "月报已审核通过，该项目本月红黄绿灯已重新评价。")


def _lock(request, pk):
    services.report_lock(user=request.user, report_id=pk)
    messages.success(request, "月报已锁定。")


report_submit = _workflow(_submit)
report_return = _workflow(_return)
report_approve = _workflow(_approve)
report_lock = _workflow(_lock)


# ---------------------------------------------------------------- lights and rules

@login_required
def light_list(request):
    year, month = lists.month_of(request.GET)
    colour = request.GET.get("colour") or None
    dimension = request.GET.get("dimension") or None
    sort, lights = lists.LIGHTS.query(user=request.user, params=request.GET)
    return render(request, "progress/light_list.html", {
        "year": year, "month": month, "period": f"{year}-{month:02d}", "colour": colour, "dimension": dimension,
        "colours": Colour.choices, "dimensions": Dimension.choices, "page": page_of(lights, request.GET),
        "sort": sort.key, "export_url": lists.export_url(lists.LIGHTS, request.GET, period=f"{year}-{month:02d}"),
        "counts": selectors.light_counts(user=request.user, year=year, month=month),
        "summary": selectors.progress_summary(user=request.user, year=year, month=month),
    })


@login_required
def project_lights(request, project_id):
    project = access_project(user=request.user, project_id=project_id)
    return render(request, "progress/project_lights.html", {
        "project": project, "history": selectors.project_lights(user=request.user, project_id=project.pk)})


@login_required
def ruleset_list(request):
    rule_sets = list(selectors.rule_set_list())
    for rule_set in rule_sets:
        rule_set.may_revise = may_revise_rule_set(request.user, rule_set)
    return render(request, "progress/ruleset_list.html", {
        "rule_sets": rule_sets, "can_edit": any(r.may_revise for r in rule_sets)})


@login_required
def ruleset_edit(request, pk):
    rule_set = access_rule_set(user=request.user, rule_set_id=pk, need="revise")
    rules = list(selectors.rule_list(rule_set_id=rule_set.pk))
    errors = {}
    if request.method == "POST":
        thresholds = {r.dimension: (request.POST.get(f"{r.dimension}_yellow", r.yellow_threshold),
                                    request.POST.get(f"{r.dimension}_red", r.red_threshold)) for r in rules}
        try:
            new = services.rule_set_revise(user=request.user, rule_set_id=rule_set.pk,
                                           effective_from=request.POST.get("effective_from", ""), thresholds=thresholds)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, f"已生成新版本：{new}。此前已评价的月份保留原结果。")
            return redirect("progress:ruleset_list")
    return render(request, "progress/ruleset_edit.html", {"rule_set": rule_set, "rules": rules, "errors": errors},
                  status=400 if errors else 200)


# ---------------------------------------------------------------- problems

@login_required
def problem_list(request):
    status = request.GET.get("status") or None
    kind = request.GET.get("kind") or None
    overdue = request.GET.get("overdue") == "1"
    sort, problems = lists.PROBLEMS.query(user=request.user, params=request.GET)
    return render(request, "progress/problem_list.html", {
        "page": page_of(problems, request.GET), "sort": sort.key, "status": status,
        "export_url": lists.export_url(lists.PROBLEMS, request.GET), "kind": kind, "overdue": overdue,
        "statuses": Problem.Status.choices, "kinds": Problem.Kind.choices, "today": timezone.localdate(),
        "can_raise": True,
    })


@login_required
def problem_new(request):
    project = access_project(user=request.user, project_id=request.GET.get("project"), need="report")
    values, errors = {}, {}
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in ("kind", "description", "responsible_department", "deadline",
                                                       "measures")}
        try:
            problem = services.problem_raise(user=request.user, project_id=project.pk, **values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, "协调事项已登记。")
            return redirect("progress:problem_detail", pk=problem.pk)
    return render(request, "progress/problem_form.html", {
        "project": project, "values": values, "errors": errors, "kinds": Problem.Kind.choices},
        status=400 if errors else 200)


@login_required
def problem_detail(request, pk):
    problem = services.access_problem(user=request.user, problem_id=pk)
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "escalate":
                letter = services.problem_escalate(user=request.user, problem_id=pk, level=request.POST.get("level"))
                messages.success(request, f"已生成{letter.get_level_display()} {letter.number}。")
            elif action == "resolve":
                services.problem_resolve(user=request.user, problem_id=pk,
                                         closure_note=request.POST.get("closure_note", ""),
                                         closure_evidence=request.FILES.get("closure_evidence"))
                messages.success(request, "协调事项已销号。")
            elif action == "update":
                services.problem_update(user=request.user, problem_id=pk, status=request.POST.get("status") or None,
                                        measures=request.POST.get("measures"),
                                        deadline=request.POST.get("deadline") or None)
                messages.success(request, "已更新。")
            return redirect("progress:problem_detail", pk=pk)
        except ValidationError as exc:
            errors = exc.message_dict
    return render(request, "progress/problem_detail.html", {
        "problem": problem, "escalations": problem.escalations.select_related("issued_by"), "errors": errors,
        "levels": ProblemEscalation.Level.choices, "can_handle": can_edit_ledger(request.user),
        "today": timezone.localdate(),
    }, status=400 if errors else 200)


# ---------------------------------------------------------------- leaders

@login_required
def leader_page(request):
    """The 包联领导's projects with their latest light and open problems."""
    projects = list(selectors.leader_projects(user=request.user))
    leader = selectors.leader_for(user=request.user)
    problems = selectors.leader_problems(user=request.user)
    return render(request, "progress/leader.html", {"leader": leader, "projects": projects, "problems": problems})


@login_required
def uncounted_list(request):
    """应统未统: started projects at or above the threshold not yet counted, per region, exportable."""
    from django.core.paginator import Paginator

    from sanpi.stats.uncounted import checklist_status, uncounted_by_region, uncounted_projects

    from . import counting

    today = timezone.localdate()
    region = request.GET.get("region") or None
    if region and not re.fullmatch(r"\d{6}", region):
        region = None
    page = Paginator(uncounted_projects(user=request.user, as_of=today, region=region), 50).get_page(
        request.GET.get("page"))
    rows = [(p, checklist_status(p, today)) for p in page]
    level, by_region = uncounted_by_region(user=request.user, as_of=today)
    return render(request, "progress/uncounted_list.html", {
        "page": page, "rows": rows, "level": level, "by_region": by_region, "region": region, "today": today,
        "threshold": counting.THRESHOLD_WAN, "documents": counting.DOCUMENTS,
    })


def _counting_action(request, project_id: int, action, done: str):
    """Run one 纳统 write from the project page and go back there with its message."""
    try:
        action()
    except NotFound:
        raise  # 404 alike for unknown and foreign projects
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, done)
    return redirect("web:project_detail", project_id=project_id)


@login_required
@require_POST
def counted_set(request, project_id: int):
    data = request.POST
    year, month = _int(data.get("year"), 0), _int(data.get("month"), 0)
    return _counting_action(request, project_id, lambda: services.counted_investment_set(
        user=request.user, project_id=project_id, year=year, month=month, counted_wan=data.get("counted_wan"),
        note=data.get("note", "")), f"已保存{year}年{month}月入库纳统投资。")


@login_required
@require_POST
def statistics_document_record(request, project_id: int):
    data = request.POST
    return _counting_action(request, project_id, lambda: services.statistics_document_record(
        user=request.user, project_id=project_id, kind=data.get("kind", ""), received_on=data.get("received_on"),
        note=data.get("note", "")), "已登记入库资料。")
