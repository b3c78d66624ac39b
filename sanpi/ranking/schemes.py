"""Writes of scoring schemes: copy one (an example) as the office's own, and edit it (indicators,
weights, methods, caps, groups, period). One transaction each; access through accounts/access.py
("edit": the owner region's office or one above); the edit names the version it started from and is
refused when another landed first. Rows are saved one by one so simple_history keeps every earlier
value (groups with their regions); published rankings are frozen JSON and never change."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from sanpi.accounts import access
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict, Forbidden, NotFound

from . import scheme_checks
from .indicators import REGISTRY
from .models import RegionGroup, Scheme, SchemeIndicator
from .selectors import regions_ranked_by

INDICATOR_FIELDS = ("indicator", "label", "weight", "method", "higher_is_better", "target", "floor", "thresholds",
                    "cap_points", "min_points", "params")
NAME_TAKEN = "名称“{}”已被另一个考评办法使用，请换一个。"


def allowed_regions(owner) -> dict[str, str]:
    """{code: name} of the regions a scheme owned by `owner` may rank."""
    return {r.code: r.name for r in regions_ranked_by(owner)}


def _clean_indicator(row: dict[str, Any]) -> dict[str, Any]:
    out = {name: row.get(name) for name in INDICATOR_FIELDS}
    out["label"] = (out["label"] or "").strip()[:64]
    out["higher_is_better"] = bool(row.get("higher_is_better", True))
    out["thresholds"] = [[str(v), str(p)] for v, p in (row.get("thresholds") or [])]
    out["params"] = dict(row.get("params") or {})
    for name in ("weight", "target", "floor", "cap_points", "min_points"):
        if out[name] is not None:
            out[name] = Decimal(str(out[name]))
    return out


@transaction.atomic
def scheme_copy(*, user, scheme_id, name: str) -> Scheme:
    """A copy of a visible scheme (an example, another office's) owned by the user's region: the
    indicators as they are, the groups narrowed to the regions the user's office ranks (one group of
    all of them when none is left)."""
    source = access.access_scheme(user=user, scheme_id=scheme_id)
    if not access.may_own_scheme(user):
        raise Forbidden("考评办法由省、市项目办制定。")
    name = " ".join((name or "").split())
    errors = scheme_checks.scheme_errors(name=name, period_kind=source.period_kind, top_n=source.top_n)
    if not errors and Scheme.objects.filter(name=name).exists():
        errors["name"] = [NAME_TAKEN.format(name)]
    if errors:
        raise ValidationError(errors)
    owner = user.region
    with unique_or(ValidationError({"name": [NAME_TAKEN.format(name)]})):
        scheme = Scheme.objects.create(name=name, owner_region=owner, period_kind=source.period_kind,
                                       description=source.description, top_n=source.top_n, is_example=False)
    for row in source.indicators.order_by("order", "id"):
        SchemeIndicator.objects.create(scheme=scheme, order=row.order,
                                       **{f: getattr(row, f) for f in INDICATOR_FIELDS})
    allowed = allowed_regions(owner)
    kept = [(g.name, [r.code for r in g.regions.all() if r.code in allowed])
            for g in source.groups.order_by("order", "id").prefetch_related("regions")]
    kept = [(n, codes) for n, codes in kept if codes] or [("全部", sorted(allowed))]
    for order, (group_name, codes) in enumerate(kept):
        group = RegionGroup.objects.create(scheme=scheme, name=group_name, order=order)
        group.regions.set(codes)
    return scheme


@transaction.atomic
def scheme_update(*, user, scheme_id, version: int, name: str, description: str, period_kind: str,
                  top_n: int | None, indicators: list[dict], groups: list[dict]) -> Scheme:
    """Replace a scheme's settings, indicators and groups with the ones given (rows with an `id` are
    the scheme's existing ones, changed in place; rows without are new; existing rows not given are
    removed). Raises ValidationError with a Chinese message per field, Conflict on a stale version."""
    scheme = access.access_scheme(user=user, scheme_id=scheme_id, need="edit")
    name = " ".join((name or "").split())
    rows = [_clean_indicator(r) for r in indicators]
    names = set(Scheme.objects.exclude(pk=scheme.pk).values_list("name", flat=True))
    errors = scheme_checks.scheme_errors(name=name, period_kind=period_kind, top_n=top_n)
    if not errors.get("name") and name in names:
        errors["name"] = [NAME_TAKEN.format(name)]
    if period_kind != scheme.period_kind and scheme.rankings.exists():
        # its published rankings are of the old kind and must stay readable under their periods
        errors["period_kind"] = ["该办法已发布过排名，不能改考评周期；请复制为新办法后修改。"]
    errors |= scheme_checks.indicator_errors(rows, period_kind=period_kind if period_kind in scheme_checks.PERIOD_KINDS
                                             else scheme.period_kind, registry=REGISTRY, scheme_names=names)
    clean_groups = [{"id": g.get("id"), "name": (g.get("name") or "").strip(), "regions": list(g.get("regions") or [])}
                    for g in groups]
    errors |= scheme_checks.group_errors(clean_groups, allowed=allowed_regions(scheme.owner_region))
    if errors:
        raise ValidationError(errors)
    if not Scheme.objects.filter(pk=scheme.pk, version=version).update(version=F("version") + 1):
        raise Conflict("该考评办法已被他人修改，请刷新页面后重新修改。")
    scheme.refresh_from_db()
    scheme.name, scheme.description, scheme.period_kind, scheme.top_n = name, (description or "").strip()[:2000], \
        period_kind, top_n
    scheme._history_user = user
    with unique_or(ValidationError({"name": [NAME_TAKEN.format(name)]})):
        scheme.save()
    _replace_indicators(scheme, indicators, rows, user)
    _replace_groups(scheme, clean_groups, user)
    return scheme


def _existing(qs, given: list[dict], user) -> dict[int, Any]:
    """The scheme's rows that `given` names (an id of another scheme's row is NotFound); the rows it
    leaves out are deleted first, so a new row may take a removed one's name."""
    rows = {r.pk: r for r in qs}
    named = {access.parse_id(g["id"]) for g in given if g.get("id") is not None}
    if named - set(rows):
        raise NotFound("指标或分组不属于该考评办法。")
    for pk in set(rows) - named:
        row = rows.pop(pk)
        row._history_user = user
        row.delete()
    return rows


def _replace_indicators(scheme: Scheme, given: list[dict], rows: list[dict], user) -> None:
    existing = _existing(scheme.indicators.all(), given, user)
    for order, (raw, row) in enumerate(zip(given, rows, strict=True)):
        current = existing.get(access.parse_id(raw["id"])) if raw.get("id") is not None else None
        values = {**row, "order": order}
        if current is None:
            current = SchemeIndicator(scheme=scheme, **values)
        elif all(getattr(current, f) == v for f, v in values.items()):
            continue  # unchanged: no history row
        else:
            for f, v in values.items():
                setattr(current, f, v)
        current._history_user = user
        current.save()


def _replace_groups(scheme: Scheme, groups: list[dict], user) -> None:
    existing = _existing(scheme.groups.prefetch_related("regions"), groups, user)
    for order, g in enumerate(groups):
        current = existing.get(access.parse_id(g["id"])) if g.get("id") is not None else None
        if current is None:
            current = RegionGroup(scheme=scheme)
        codes = sorted(set(g["regions"]))
        same = current.pk and current.name == g["name"] and current.order == order and sorted(
            r.code for r in current.regions.all()) == codes
        if not same:
            current.name, current.order = g["name"], order
            current._history_user = user
            with unique_or(ValidationError({"groups": [f"分组名称“{g['name']}”重复。"]})):
                current.save()
            current.regions.set(codes)
