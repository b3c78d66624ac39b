"""Pages of the 三个一批 activity and key-project lists: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from sanpi.accounts.access import (
    access_period,
    can_administer,
    can_edit_ledger,
    is_organiser,
    period_totals_visible,
)
from sanpi.core import bounds
from sanpi.core.downloads import protect
from sanpi.core.errors import DomainError, NotFound
from sanpi.core.inputs import parse_date
from sanpi.core.money import wan_to_yi
from sanpi.documents.render import template_for
from sanpi.outlook.candidates import started_candidates
from sanpi.web import lists
from sanpi.web.listing import page_of

from . import rules, selectors, services
from .bulletin import bulletin_docx, bulletin_filename, bulletin_paragraphs, title
from .bulletin_writes import bulletin_text_of, bulletin_text_set
from .models import Period

PAGE_SIZE = 50


def _may_run(user, period) -> bool:
    return can_administer(user) and is_organiser(user, period.host_region)


@login_required
def period_list(request):
    sort, periods = lists.PERIODS.query(user=request.user, params=request.GET)
    page = page_of(periods, request.GET, per_page=PAGE_SIZE)
    for period in page:
        period.totals_visible = period_totals_visible(request.user, period)
    return render(request, "activities/period_list.html", {
        "page": page, "levels": Period.Level.choices, "sort": sort.key,
        "export_url": lists.export_url(lists.PERIODS, request.GET)})


def _chart_data(stats: dict) -> dict | None:
    if stats["totals_withheld"]:
        return None
    labels = [rules.BATCH_LABELS[b] for b in rules.BATCHES]
    cities = [r for r in stats["by_city"]]
    size = stats["by_size"]
    size_labels = [i["label"] for i in size["签约"]["at_least"]]
    return {
        "city": {
            "names": [r["name"] for r in cities],
            "series": [{"name": f"{label}一批", "data": [str(wan_to_yi(r["lists"][label]["total_investment_wan"]))
                                                         for r in cities]} for label in labels],
        },
        "size": {
            "names": size_labels,
            "series": [{"name": f"{label}一批", "data": [i["count"] for i in size[label]["at_least"]]}
                       for label in labels],
        },
        "started_ranges": {
            "names": [i["label"] for i in size["开工"]["ranges"]],
            "data": [i["count"] for i in size["开工"]["ranges"]],
        },
    }


@login_required
def period_detail(request, pk: int):
    period = selectors.period_get(user=request.user, period_id=pk)
    revision = request.GET.get("revision")
    number = bounds.parse_id(revision) if revision else None
    if revision and number is None:
        messages.warning(request, f"修订号“{revision[:20]}”无效，已显示最新数据。")
    stats = selectors.period_stats_for(user=request.user, period=period, revision=number)
    batch = request.GET.get("batch") if request.GET.get("batch") in rules.BATCHES else rules.SIGNED
    params = request.GET.copy()
    params["period"] = str(period.pk)
    sort, entries = lists.PERIOD_ENTRIES.query(user=request.user, params=params)
    page = page_of(entries, request.GET, per_page=PAGE_SIZE)
    # a tab counts the rows it lists: the entries this user may see, not the period's total
    visible = dict(selectors.period_entry_list(user=request.user, period=period).order_by().values_list("batch")
                   .annotate(n=Count("id")))
    return render(request, "activities/period_detail.html", {
        "tabs": [(b, rules.BATCH_LABELS[b], visible.get(b, 0)) for b in rules.BATCHES],
        "size_rows": _size_rows(stats),
        "period": period, "stats": stats, "batch": batch, "page": page, "sort": sort.key,
        "export_url": lists.export_url(lists.PERIOD_ENTRIES, request.GET, period=period.pk, batch=batch),
        "batches": [(b, rules.BATCH_LABELS[b], (stats["lists"] or {}).get(rules.BATCH_LABELS[b]))
                    for b in rules.BATCHES],
        "snapshots": period.snapshots.order_by("-revision"),
        "may_run": _may_run(request.user, period), "may_propose": can_edit_ledger(request.user),
        "chart_data": _chart_data(stats), "window": services.period_window(period=period),
    })


def _size_rows(stats: dict) -> list[tuple[str, dict]]:
    """项目规模 rows: each list's cumulative bands, then 开工一批's ranges not already among them
    (its "100亿元以上" is both a band and a range: listed once)."""
    rows = []
    for label, item in (stats.get("by_size") or {}).items():
        bands = [b["label"] for b in item["at_least"]]
        rows += [(label, b) for b in item["at_least"]]
        rows += [(label, b) for b in item.get("ranges", []) if b["label"] not in bands]
    return rows


def _run(request, pk: int, action, done: str):
    try:
        result = action()
    except NotFound:
        raise  # rendered as the 404 page, alike for unknown and foreign periods
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, done.format(result=result))
    return redirect("activities:period_detail", pk=pk)


@login_required
@require_POST
def period_close(request, pk: int):
    def close():
        period = services.period_close_request(user=request.user, period_id=pk)
        return ("本期已关闭，统计数据已冻结（第1版）。" if period.is_closed
                else "正在关闭本期并冻结统计数据，完成后本页显示“已关闭”，请稍后刷新。")

    return _run(request, pk, close, "{result}")


@login_required
@require_POST
def period_carry_over(request, pk: int):
    return _run(request, pk, lambda: services.period_carry_over(user=request.user, period_id=pk),
                "结转完成：新增投产一批项目 {result} 个。")


@login_required
@require_POST
def entry_add(request, pk: int):
    data = request.POST
    return _run(request, pk, lambda: services.entry_add(
        user=request.user, period_id=pk, batch=data.get("batch", ""), project_id=data.get("project_id"),
        declared_total_investment_wan=data.get("declared_total_investment_wan") or None,
        threshold_override_reason=data.get("threshold_override_reason", ""),
        window_override_reason=data.get("window_override_reason", "")), "已列入：{result.project}。{result.warning}")


@login_required
@require_POST
def period_settings(request, pk: int):
    data = request.POST

    def save():
        access_period(user=request.user, period_id=pk, need="run")  # 404 before any input check
        errors: dict = {}
        start = parse_date(data.get("window_start"), field="window_start", label="清单事件起始日期", errors=errors)
        end = parse_date(data.get("window_end"), field="window_end", label="清单事件截止日期", errors=errors)
        if errors:
            raise ValidationError(errors)
        return services.period_settings_set(user=request.user, period_id=pk, window_start=start, window_end=end,
                                            completed_in_producing=data.get("completed_in_producing") == "1")

    return _run(request, pk, save, "本期设置已保存。")


@login_required
def period_revise(request, pk: int):
    """更正 a closed period: corrected 申报总投资 of some entries and a reason give the next revision
    (services.period_revise); earlier revisions stay readable."""
    period = selectors.period_get(user=request.user, period_id=pk)
    errors: dict = {}
    if request.method == "POST":
        changes, bad = {}, []
        for line in request.POST.get("changes", "").splitlines():
            if not line.strip():
                continue
            entry, _, amount = line.replace("＝", "=").partition("=")
            if (number := bounds.parse_id(entry.strip())) is None or not amount.strip():
                bad.append(line.strip()[:40])
            else:
                changes[number] = amount.strip()
        if bad:
            errors = {"changes": [f"无法识别：{'、'.join(bad)}。每行写“清单项目编号=申报总投资（万元）”。"]}
        else:
            try:
                snapshot = services.period_revise(user=request.user, period_id=pk,
                                                  reason=request.POST.get("reason", ""), declared_changes=changes)
            except ValidationError as exc:
                errors = exc.message_dict
                errors["general"] = errors.pop("__all__", [])
            except DomainError as exc:
                if isinstance(exc, NotFound):
                    raise
                errors = {"general": [exc.message]}
            else:
                messages.success(request, f"已生成统计第{snapshot.revision}版。")
                return redirect(f"{period.get_absolute_url()}?revision={snapshot.revision}")
    entries = selectors.period_entry_list(user=request.user, period=period).order_by("batch", "id")[:500]
    return render(request, "activities/period_revise.html", {
        "period": period, "errors": errors, "entries": entries, "may_run": _may_run(request.user, period),
        "reason": request.POST.get("reason", ""), "changes": request.POST.get("changes", ""),
    }, status=400 if errors else 200)


@login_required
def period_started_candidates(request, pk: int):
    """开工一批 preparation: earlier signed projects not yet on a 开工一批, with 预计开工 and the risk of
    not starting within this period's window; started ones can be listed from here."""
    period = selectors.period_get(user=request.user, period_id=pk)
    result = started_candidates(user=request.user, period=period, today=timezone.localdate())
    return render(request, "activities/period_candidates.html", {
        "period": period, "result": result, "page": page_of(result["rows"], request.GET, per_page=PAGE_SIZE),
        "may_propose": can_edit_ledger(request.user) and not period.is_closed})


@login_required
def period_bulletin(request, pk: int):
    period = selectors.period_get(user=request.user, period_id=pk)
    stats = selectors.period_bulletin_stats(user=request.user, period=period)
    texts = bulletin_text_of(period=period)
    try:
        access_period(user=request.user, period_id=pk, need="run")
        can_write = True
    except (NotFound, DomainError):
        can_write = False
    return render(request, "activities/period_bulletin.html", {
        "period": period, "title": title(stats), "paragraphs": bulletin_paragraphs(stats), "stats": stats,
        "texts": texts, "problems": texts.items("problems") if texts else [],
        "requirements": texts.items("requirements") if texts else [], "can_write": can_write})


@login_required
@require_POST
def period_bulletin_texts(request, pk: int):
    """The office writes the 通报's 存在问题 and 下步要求 before generating it (kept as a new version)."""
    try:
        bulletin_text_set(user=request.user, period_id=pk, problems=request.POST.get("problems", ""),
                          requirements=request.POST.get("requirements", ""))
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, "存在问题与下步要求已保存，下载的 Word 版已包含。")
    return redirect("activities:period_bulletin", pk=pk)


@login_required
def period_bulletin_docx(request, pk: int):
    period = selectors.period_get(user=request.user, period_id=pk)
    stats = selectors.period_bulletin_stats(user=request.user, period=period)
    template = template_for(kind="bulletin", region_code=period.host_region_id)
    response = HttpResponse(bulletin_docx(stats, template=template, texts=bulletin_text_of(period=period)),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(True, bulletin_filename(stats))
    return protect(response)


@login_required
def keylist_list(request):
    sort, rows = lists.KEYLISTS.query(user=request.user, params=request.GET)
    return render(request, "activities/keylist_list.html", {
        "page": page_of(rows, request.GET, per_page=PAGE_SIZE), "sort": sort.key,
        "export_url": lists.export_url(lists.KEYLISTS, request.GET)})


@login_required
def keylist_detail(request, pk: int):
    key_list = selectors.keylist_get(user=request.user, key_list_id=pk)
    params = request.GET.copy()
    params["keylist"] = str(key_list.pk)
    sort, entries = lists.KEYLIST_ENTRIES.query(user=request.user, params=params)
    page = page_of(entries, request.GET, per_page=PAGE_SIZE)
    return render(request, "activities/keylist_detail.html", {
        "key_list": key_list, "page": page, "sort": sort.key,
        "export_url": lists.export_url(lists.KEYLIST_ENTRIES, request.GET, keylist=key_list.pk)})
