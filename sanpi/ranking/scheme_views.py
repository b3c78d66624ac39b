"""The scheme editing pages: copy a scheme as the office's own, edit its indicators and groups. Thin:
the form's rows are read here, checked and written by schemes.py."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanpi.accounts import access
from sanpi.core.errors import Conflict
from sanpi.core.inputs import parse_decimal

from . import scheme_checks, schemes
from .indicators import choices
from .models import Scheme

BLANK_INDICATORS = 2  # empty rows offered for new indicators
NUMBERS = (("weight", "分值", 2), ("target", "满分值", 2), ("floor", "零分值", 2), ("cap_points", "得分上限", 2),
           ("min_points", "保底分", 2))


def _text(value) -> str:
    return "" if value is None else str(value)


def _rows_from_scheme(scheme: Scheme) -> tuple[list[dict], list[dict]]:
    indicators = [{"id": str(i.pk), "indicator": i.indicator, "label": i.label, "weight": _text(i.weight),
                   "method": i.method, "higher_is_better": i.higher_is_better, "target": _text(i.target),
                   "floor": _text(i.floor), "thresholds": scheme_checks.thresholds_text(i.thresholds),
                   "cap_points": _text(i.cap_points), "min_points": _text(i.min_points),
                   "params": json.dumps(i.params, ensure_ascii=False) if i.params else ""}
                  for i in scheme.indicators.order_by("order", "id")]
    groups = [{"id": str(g.pk), "name": g.name, "regions": [r.code for r in g.regions.all()]}
              for g in scheme.groups.order_by("order", "id").prefetch_related("regions")]
    return indicators, groups


def _count(value, cap: int) -> int:
    return min(int(value), cap) if str(value or "").isdigit() else 0


def _rows_from_post(post) -> tuple[list[dict], list[dict]]:
    """The typed rows as strings (to show again), deleted and blank rows left out."""
    indicators, groups = [], []
    for i in range(_count(post.get("ind-count"), 60)):
        row = {name: post.get(f"ind-{i}-{name}", "").strip() for name in (
            "id", "indicator", "label", "weight", "method", "target", "floor", "thresholds", "cap_points",
            "min_points", "params")}
        row["higher_is_better"] = post.get(f"ind-{i}-higher_is_better") == "on"
        if post.get(f"ind-{i}-delete") == "on" or (not row["id"] and not row["indicator"] and not row["weight"]):
            continue
        indicators.append(row)
    for i in range(_count(post.get("grp-count"), 30)):
        row = {"id": post.get(f"grp-{i}-id", "").strip(), "name": post.get(f"grp-{i}-name", "").strip(),
               "regions": post.getlist(f"grp-{i}-regions")}
        if post.get(f"grp-{i}-delete") == "on" or (not row["id"] and not row["name"] and not row["regions"]):
            continue
        groups.append(row)
    return indicators, groups


def _parse(indicators: list[dict], groups: list[dict]) -> tuple[list[dict], list[dict], dict]:
    """Typed rows → the service's values; errors of numbers, 分档 and 参数 keyed like the service's."""
    errors: dict = {}
    parsed = []
    for i, row in enumerate(indicators):
        values = {"id": row["id"] or None, "indicator": row["indicator"], "label": row["label"],
                  "method": row["method"], "higher_is_better": row["higher_is_better"]}
        for name, label, places in NUMBERS:
            values[name] = parse_decimal(row[name], field=f"ind-{i}-{name}", label=label, unit="（分）"
                                         if name in ("weight", "cap_points", "min_points") else "", places=places,
                                         allow_negative=name in ("target", "floor"), errors=errors,
                                         limit=10**9)
        values["thresholds"], problem = scheme_checks.parse_thresholds(row["thresholds"])
        if problem:
            errors[f"ind-{i}-thresholds"] = [problem]
        try:
            values["params"] = json.loads(row["params"]) if row["params"] else {}
            if not isinstance(values["params"], dict):
                raise ValueError
        except ValueError:
            errors[f"ind-{i}-params"] = ['参数应写成 {"键": "值"} 的形式，如 {"batch": "signed", "measure": "projects"}。']
            values["params"] = {}
        parsed.append(values)
    return parsed, [{"id": g["id"] or None, "name": g["name"], "regions": g["regions"]} for g in groups], errors


def _blank_indicator() -> dict:
    return {"id": "", "indicator": "", "label": "", "weight": "", "method": "linear", "higher_is_better": True,
            "target": "", "floor": "", "thresholds": "", "cap_points": "", "min_points": "", "params": ""}


@login_required
def scheme_edit(request, pk: int):
    scheme = access.access_scheme(user=request.user, scheme_id=pk, need="edit")
    errors: dict = {}
    fields = {"name": scheme.name, "description": scheme.description, "period_kind": scheme.period_kind,
              "top_n": str(scheme.top_n), "version": str(scheme.version)}
    if request.method == "POST":
        fields = {name: request.POST.get(name, "").strip() for name in fields}
        indicators, groups = _rows_from_post(request.POST)
        parsed, parsed_groups, errors = _parse(indicators, groups)
        top_n = parse_decimal(fields["top_n"], field="top_n", label="红黑榜名次", places=0, errors=errors, limit=1000)
        if not errors:
            try:
                schemes.scheme_update(
                    user=request.user, scheme_id=scheme.pk, version=_count(fields["version"], 10**9), name=fields["name"],
                    description=fields["description"], period_kind=fields["period_kind"],
                    top_n=None if top_n is None else int(top_n), indicators=parsed, groups=parsed_groups)
            except ValidationError as exc:
                errors = exc.message_dict
            except Conflict as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已保存考评办法“{fields['name']}”。此前已发布的排名不受影响。")
                return redirect("ranking:scheme_detail", pk=scheme.pk)
        if errors:
            messages.error(request, "未保存：请按提示修改标红的项目。")
    else:
        indicators, groups = _rows_from_scheme(scheme)
    indicators = indicators + [_blank_indicator() for _ in range(BLANK_INDICATORS)]
    groups = groups + [{"id": "", "name": "", "regions": []}]
    for i, row in enumerate(indicators):
        row["index"] = i
        row["errors"] = {k.rsplit("-", 1)[1]: v for k, v in errors.items() if k.startswith(f"ind-{i}-")}
    for i, row in enumerate(groups):
        row["index"] = i
        row["errors"] = {k.rsplit("-", 1)[1]: v for k, v in errors.items() if k.startswith(f"grp-{i}-")}
    return render(request, "ranking/scheme_edit.html", {
        "scheme": scheme, "fields": fields, "errors": errors, "indicators": indicators, "groups": groups,
        "choices": choices(), "methods": list(scheme_checks.METHODS.items()),
        "period_kinds": list(scheme_checks.PERIOD_KINDS.items()),
        "regions": sorted(schemes.allowed_regions(scheme.owner_region).items()),
        "total": sum((parse_decimal(r["weight"], field="w", label="w", errors={}) or 0) for r in indicators)})


@login_required
@require_POST
def scheme_copy(request, pk: int):
    try:
        copy = schemes.scheme_copy(user=request.user, scheme_id=pk, name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect("ranking:scheme_detail", pk=pk)
    messages.success(request, f"已复制为“{copy.name}”（{copy.owner_region.name}制定），请按本地做法修改指标和分组。")
    return redirect("ranking:scheme_edit", pk=copy.pk)
