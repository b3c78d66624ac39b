"""Pure checks of an edited scoring scheme (no database access): indicators with weights summing to
100, each method's settings, parameters, groups. Each problem is a Chinese message under the form
field it belongs to (`ind-0-weight`, `grp-1-regions`, or `indicators` / `groups` for the whole)."""

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

TOTAL = Decimal(100)
METHODS = {"linear": "按目标线性计分", "rank": "按排名计分", "thresholds": "分档计分"}
BATCHES = {"signed": "签约", "started": "开工", "producing": "投产"}
MEASURES = {"projects": "项目数", "investment": "投资额"}
PERIOD_KINDS = {"month": "月度", "quarter": "季度", "year": "年度"}
PARTS = {  # the sub-periods a scheme_score indicator may name, by the scheme's own period kind
    "month": {"same"},
    "quarter": {"same", "m1", "m2", "m3"},
    "year": {"same", *(f"q{q}" for q in range(1, 5)), *(f"m{m}" for m in range(1, 13))},
}
_SEPARATORS = str.maketrans({"：": ":", "；": ";", "，": ";", ",": ";", "\n": ";"})


def parse_thresholds(text: str) -> tuple[list[list[str]], str | None]:
    """'0:10; 3:8; 6:5' (值:得分, best band first or in any order) → [["0", "10"], …] or an error."""
    bands = []
    for part in (text or "").translate(_SEPARATORS).split(";"):
        if not part.strip():
            continue
        value, sep, points = part.partition(":")
        try:
            pair = [Decimal(value.strip()), Decimal(points.strip())]
        except InvalidOperation:
            pair = None
        if not sep or pair is None or not all(x.is_finite() for x in pair):
            return [], f"分档“{part.strip()}”格式不对：每档写成 值:得分，各档用分号隔开，如 0:10; 3:8; 6:5。"
        bands.append([str(pair[0]), str(pair[1])])
    return bands, None


def thresholds_text(bands: Iterable) -> str:
    return "; ".join(f"{v}:{p}" for v, p in bands or ())


def _params_errors(key: str, params: Mapping[str, Any], period_kind: str, scheme_names: set[str]) -> str | None:
    if key == "activity_task_rate":
        if params.get("batch") not in BATCHES or params.get("measure") not in MEASURES:
            return ("三个一批任务完成率须给出批次和口径，如 {\"batch\": \"signed\", \"measure\": \"projects\"}"
                    "（batch：signed 签约 / started 开工 / producing 投产；measure：projects 项目数 / investment 投资额）。")
        extra = set(params) - {"batch", "measure"}
    elif key == "scheme_score":
        name = str(params.get("scheme", ""))
        if name not in scheme_names:
            return f"分项考评得分须用 scheme 指明引用的考评办法（现有办法之一），收到“{name}”。"
        part = str(params.get("part", "same"))
        if part not in PARTS[period_kind]:
            allowed = "、".join(sorted(PARTS[period_kind]))
            return f"{PERIOD_KINDS[period_kind]}考评的分项期次 part 应为 {allowed} 之一，收到“{part}”。"
        extra = set(params) - {"scheme", "part"}
    else:
        extra = set(params)
    if extra:
        return f"该指标没有参数 {'、'.join(sorted(extra))}。"
    return None


def indicator_errors(rows: list[dict], *, period_kind: str, registry: Iterable[str],
                     scheme_names: set[str]) -> dict[str, list[str]]:
    """Problems of the indicators (each row: indicator, label, weight, method, higher_is_better, target,
    floor, thresholds, cap_points, min_points, params; Decimals or None), keyed by the row's fields."""
    errors: dict[str, list[str]] = {}
    keys = set(registry)

    def add(i: int, name: str, message: str) -> None:
        errors.setdefault(f"ind-{i}-{name}", []).append(message)

    if not rows:
        return {"indicators": ["考评办法至少要有一项指标。"]}
    for i, row in enumerate(rows):
        weight = row.get("weight")
        if row.get("indicator") not in keys:
            add(i, "indicator", "请选择指标。")
        if weight is None or weight <= 0:
            add(i, "weight", "分值应大于0分。")
            continue
        method = row.get("method")
        if method not in METHODS:
            add(i, "method", "计分方法应为按目标线性计分、按排名计分或分档计分。")
            continue
        low, cap = row.get("min_points"), row.get("cap_points")
        if low is not None and not Decimal(0) <= low <= weight:
            add(i, "min_points", f"保底分应在0到该项分值{weight}分之间。")
        if cap is not None and (cap <= 0 or (low is not None and cap < low)):
            add(i, "cap_points", "得分上限应大于0，且不低于保底分。")
        if method == "linear":
            target, floor = row.get("target"), row.get("floor") if row.get("floor") is not None else Decimal(0)
            if target is None:
                add(i, "target", "按目标线性计分须填满分值（达到即得满分的指标值）。")
            elif target == floor:
                add(i, "target", "满分值不能等于零分值。")
            elif row.get("higher_is_better", True) and target < floor:
                add(i, "target", "越大越好的指标，满分值应高于零分值。")
            elif not row.get("higher_is_better", True) and target > floor:
                add(i, "target", "越小越好的指标，满分值应低于零分值。")
        if method == "thresholds":
            bands = row.get("thresholds") or []
            top = cap if cap is not None else weight
            if not bands:
                add(i, "thresholds", "分档计分须至少填一档（值:得分）。")
            elif any(not Decimal(0) <= Decimal(str(p)) <= top for _, p in bands):
                add(i, "thresholds", f"各档得分应在0到{top}分之间。")
        if (message := _params_errors(row.get("indicator", ""), row.get("params") or {}, period_kind, scheme_names)):
            add(i, "params", message)
    total = sum((r["weight"] for r in rows if r.get("weight") is not None), Decimal(0))
    if total != TOTAL:
        errors["indicators"] = [f"各项指标分值合计应为100分，现为{total.normalize():f}分。"]
    return errors


def group_errors(groups: list[dict], *, allowed: Mapping[str, str]) -> dict[str, list[str]]:
    """Problems of the groups (each: name, regions = region codes); `allowed` = {code: name} of the
    regions the scheme's owner ranks (those below it)."""
    errors: dict[str, list[str]] = {}
    if not groups:
        return {"groups": ["至少要有一个排名分组。"]}
    seen_names: set[str] = set()
    seen: dict[str, str] = {}
    for i, group in enumerate(groups):
        name = (group.get("name") or "").strip()
        if not name:
            errors[f"grp-{i}-name"] = ["请填写分组名称。"]
        elif name in seen_names:
            errors[f"grp-{i}-name"] = [f"分组名称“{name}”重复。"]
        elif len(name) > 32:
            errors[f"grp-{i}-name"] = ["分组名称不超过32个字。"]
        seen_names.add(name)
        codes = list(group.get("regions") or [])
        if not codes:
            errors[f"grp-{i}-regions"] = ["每个分组至少选一个参评地区。"]
        for code in codes:
            if code not in allowed:
                errors[f"grp-{i}-regions"] = [f"区划 {code} 不在本办法可考评的范围内（制定单位所辖地区）。"]
            elif code in seen:
                errors[f"grp-{i}-regions"] = [f"{allowed[code]}已在“{seen[code]}”组，一个地区只能在一个分组。"]
            else:
                seen[code] = name
    return errors


def scheme_errors(*, name: str, period_kind: str, top_n: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["请填写考评办法名称。"]
    elif len(name) > 64 or re.search(r"[\x00-\x1f]", name):
        errors["name"] = ["名称不超过64个字，且不含控制字符。"]
    if period_kind not in PERIOD_KINDS:
        errors["period_kind"] = ["考评周期应为月度、季度或年度。"]
    if top_n is None or not 0 <= top_n <= 50:
        errors["top_n"] = ["红黑榜名次应为0到50之间的整数（0：不设红黑榜）。"]
    return errors
