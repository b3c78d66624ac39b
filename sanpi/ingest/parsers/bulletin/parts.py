"""The parts of a list (part of pipeline step 3): category breakdowns ("其中，产业项目173个、总投资…"),
the same list place by place ("嘉兴市58个，总投资603亿元", "从县市看，…", "A市、B县分别…15个、12个"), one
list per verb ("签约、开工项目分别为44个、57个"), and when two places are one place written two ways."""

from __future__ import annotations

import re
from decimal import Decimal

from ..amounts import find_amounts, find_counts
from ..numerals import parse_number
from ..places import Place, place_at_start, short_name
from .figures import _first_total
from .patterns import _KIND_OF_VERB
from .results import ListFigure

_BREAKDOWN_ITEM = re.compile(
    r"(?P<label>[\u4e00-\u9fff\d.]{1,14}?)(?:类)?项目(?:共|共有|共计)?(?P<count>\d+|[一二两三四五六七八九十百千]+)个")

_RESP_COUNTS = re.compile(r"^(?:的)?(?:重大|重点)?(?:项目)?(?:数量|个数)?(?:分别)(?:为|是|达)?[:：]?"
                          r"((?:(?:\d+|[一二两三四五六七八九十百千]+)个[、和及与,，]?){2,4})")

_RESP_VERBS = re.compile(r"签约|开工|动工|投产|竣工")

def _respectively(mention: str, after: str) -> list[tuple[str, int, Decimal | None]] | None:
    """'签约、开工、投产项目' + '分别为44个、57个、32个，总投资分别为386.2亿元、452.7亿元、209.5亿元'."""
    m = _RESP_COUNTS.match(after)
    verbs = [_KIND_OF_VERB[v] for v in _RESP_VERBS.findall(mention)]
    if not m:
        return None
    counts = [int(parse_number(c)) for c in re.findall(r"(\d+|[一二两三四五六七八九十百千]+)个", m.group(1))]
    if len(counts) != len(verbs):
        return None
    totals: list[Decimal | None] = [None] * len(verbs)
    rest = re.split(r"[。;；]", after[m.end():])[0]
    t = re.search(r"(?:总投资|投资总额|总额|金额)(?:额)?分别(?:为|是|达)?", rest)
    if t:
        amounts = [a for a in find_amounts(rest[t.end():]) if a.kind == "value"]
        if len(amounts) >= len(verbs):
            totals = [a.value_wan for a in amounts[:len(verbs)]]
    return list(zip(verbs, counts, totals, strict=True))

def _breakdowns(tail: str) -> list[dict]:
    """'其中，产业项目173个、总投资1086亿元，基础设施项目98个…' -> [{label, count, total}]."""
    out = []
    items = list(_BREAKDOWN_ITEM.finditer(tail))
    for k, m in enumerate(items):
        label = m.group("label").split("项目")[-1]  # "开工项目涉及新能源项目52个": the part is 新能源
        label = re.sub(r"^(?:其中|包括|涉及|分别为|分别是|[，,、；;：:])+", "", label)
        if not label:
            continue
        nxt = items[k + 1].start() if k + 1 < len(items) else len(tail)
        n = parse_number(m.group("count"))
        out.append({"label": label, "count": int(n) if n is not None else None,
                    "total_investment_wan": _first_total(tail[m.end():nxt])})
    return out

# "嘉兴市58个，总投资603亿元" / "福州市开工项目68个，总投资612亿元" after the list
_ELLIPTICAL = re.compile(r"(?:(?:集中)?(?:签约|开工|动工|投产|竣工)?(?:的)?(?:重大|重点)?项目(?:共|共有|共计)?)?"
                         r"(?:\d+|[一二两三四五六七八九十百]+)个(?:项目)?[,，](?:计划)?总投资")

def _elliptical_parts(seg: str, fig: ListFigure, sentence: str) -> list[ListFigure]:
    """'湖州市集中开工项目46个，总投资512亿元；嘉兴市58个，总投资603亿元；…': each later clause that
    opens with a place and repeats count and total is the same kind of list for that place."""
    out = []
    for clause in re.split(r"[;；]|其中[，,:：]?", seg)[1:]:
        clause = re.sub(r"^(?:其中|分地区看|分县区看)?[，,:：]?", "", clause)
        pl = place_at_start(clause)
        if pl is None:
            # "麻城市21个，总投资86.2亿元": a county-level place the gazetteer lacks, known by its suffix
            m = re.match(r"[\u4e00-\u9fff]{2,4}?(?:市|县|区|旗)(?=(?:\d+|[一二两三四五六七八九十百]+)个)", clause)
            pl = Place(m.group(0), "县", 0, m.end()) if m else None
        if pl is None or pl.name == fig.scope or not _ELLIPTICAL.match(clause[pl.end:]):
            continue
        count = find_counts(clause[pl.end:])
        total = _first_total(clause[pl.end:])
        if not count or total is None:
            continue
        out.append(ListFigure(fig.kind, int(count[0].value), total, short_name(pl.name), sentence,
                              fig.carried_over, kind=fig.kind))
    return out

# "从县市看，喀什市签约9个、签约额63.4亿元，疏勒县签约7个…": the last list, place by place
_BY_PLACE = re.compile(r"^(?:从|分|按)(?:县市区|县市|县区|区县|市县|各县市区|各县区|各地|地区|区域|地域)(?:来)?看[，,:：]")

_PLACE_PART = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{2,6}?(?:市|县|区|旗|州|盟))(?:的)?(?:集中)?(?P<v>签约|开工|动工|投产|竣工)?(?:重大|重点)?(?:项目)?"
    r"(?:共|有)?(?P<n>\d+|[一二两三四五六七八九十百]+)个")

def _per_place(s: str, fig: ListFigure) -> list[ListFigure]:
    m = _BY_PLACE.match(s)
    if not m:
        return []
    out = []
    rest = s[m.end():]
    starts = [p for p in _PLACE_PART.finditer(rest) if p.start() == 0 or rest[p.start() - 1] in "，,；;、"]
    for k, p in enumerate(starts):
        if p.group("v") and _KIND_OF_VERB[p.group("v")] != fig.kind:
            continue
        chunk = rest[p.end():starts[k + 1].start() if k + 1 < len(starts) else len(rest)]
        total = _first_total(chunk)
        pl = place_at_start(p.group("place"))
        name = short_name(pl.name) if pl and pl.end == len(p.group("place")) else p.group("place")
        n = parse_number(p.group("n"))
        if total is None or n is None or _same_place(name, fig.scope):
            continue
        out.append(ListFigure(fig.kind, int(n), total, name, s, fig.carried_over, kind=fig.kind))
    return out

_RESP_PLACES = re.compile(r"((?:[\u4e00-\u9fff]{2,6}?(?:市|县|区|旗)[、和及与]){1,5}[\u4e00-\u9fff]{2,6}?(?:市|县|区|旗))"
                          r"(?:的)?(?:重大|重点)?(?:项目)?分别(?:为)?(?:集中)?$")

_RESP_PLACE_COUNTS = re.compile(r"^(?:的)?(?:重大|重点)?(?:项目)?(?:数量)?(?:分别)?(?:为)?"
                                r"((?:(?:\d+|[一二两三四五六七八九十百]+)个[、和及与]){1,5}(?:\d+|[一二两三四五六七八九十百]+)个)")

def _places_respectively(before: str, after: str, kind: str, sentence: str) -> list[ListFigure]:
    """'靖江市、泰兴市分别集中开工项目15个、12个(，总投资分别为…)': the places and counts pair up in order."""
    pm = _RESP_PLACES.search(re.split(r"[，,。；;]", before)[-1])
    cm = _RESP_PLACE_COUNTS.match(after)
    if not pm or not cm:
        return []
    places = re.split(r"[、和及与]", pm.group(1))
    counts = [parse_number(c) for c in re.findall(r"(\d+|[一二两三四五六七八九十百]+)个", cm.group(1))]
    if len(places) != len(counts) or any(c is None for c in counts):
        return []
    totals: list[Decimal | None] = [None] * len(places)
    rest = re.split(r"[。;；]", after[cm.end():])[0]
    t = re.search(r"(?:总投资|投资总额|总额|金额|签约额)(?:额)?分别(?:为|是|达)?", rest)
    if t:
        amounts = [a.value_wan for a in find_amounts(rest[t.end():]) if a.kind == "value"]
        if len(amounts) >= len(places):
            totals = amounts[:len(places)]
    return [ListFigure(kind, int(c), tot, short_name(p), sentence, kind=kind)
            for p, c, tot in zip(places, counts, totals, strict=True)]

def _same_place(a: str | None, b: str | None) -> bool:
    """"天津滨海新区" and "天津市滨海新区", "松山湖高新区" and "东莞松山湖高新区": one place written two ways."""
    if a == b:
        return True
    if not a or not b:
        return False
    a, b = re.sub(r"(?<=.)[市省]", "", a), re.sub(r"(?<=.)[市省]", "", b)
    return a == b or (len(a) >= 3 and len(b) >= 3 and (a.endswith(b) or b.endswith(a)))
