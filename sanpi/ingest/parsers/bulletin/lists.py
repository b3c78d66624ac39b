"""Pipeline step 3: list figures (签约/开工/投产/竣工一批 …), with the place each list belongs to."""

from __future__ import annotations

import re
from decimal import Decimal

from ..amounts import AmountParse, find_amounts, find_counts
from ..numerals import parse_number
from ..places import find_places, principal_places, short_name
from .patterns import _ACTIVITY_MARK, _BATCH_STRONG, _BATCH_WEAK, _is_total
from .results import ListFigure
from .text import _Sent

# --------------------------------------------------------------------------- scope


_SCOPE_STRONG_AFTER = re.compile(r"(?:第[一二三四五六七八九十\d]+期|[\"“]?三个一批|重点项目|重大项目|项目建设|集中(?:签约|开工|投产|竣工)|20\d\d年)")
_VENUE_BEFORE = re.compile(r"(?:在|于|设在|位于|落户|来到|赴|到|走进)$")


class _ScopeResolver:
    def __init__(self, paragraphs: list[str]):
        self.principal = principal_places("\n".join(paragraphs))
        self.paragraphs = paragraphs

    def _resolve(self, name: str, level: str, deictic: bool) -> str:
        if deictic:
            return short_name(self.principal.get(level, name))
        return short_name(name)

    def _candidates(self, text: str, bonus: float):
        out = []
        for pl in find_places(text):
            after = text[pl.end:pl.end + 8]
            before = text[max(0, pl.start - 4):pl.start]
            if _VENUE_BEFORE.search(before):
                continue
            score = 1.0
            if _SCOPE_STRONG_AFTER.match(after):
                score = 3.0
            elif pl.deictic:
                score = 2.0
            out.append((score + bonus, pl))
        return out

    def scope_for(self, sent: _Sent, pos_in_sent: int, prev_sents: list[_Sent]) -> str | None:
        best = None
        cands = [(s, pl, 0) for s, pl in self._candidates(sent.text, 0.5)]
        for dist, ps in enumerate(reversed(prev_sents), start=1):
            cands += [(s, pl, dist) for s, pl in self._candidates(ps.text, 0.0)]
        if self.paragraphs:
            cands += [(s - 0.5, pl, 99) for s, pl in self._candidates(self.paragraphs[0], 0.0)]
        for score, pl, dist in cands:
            key = (score, -dist, -abs(pl.start - pos_in_sent) if dist == 0 else 0)
            if best is None or key > best[0]:
                best = (key, pl)
        if best is None:
            return None
        pl = best[1]
        return self._resolve(pl.name, pl.level, pl.deictic)


# --------------------------------------------------------------------------- lists


def _batch_mentions(s: str) -> list[tuple[int, int, str, bool, bool]]:
    """(start, end, batch, carried_over, strong) sorted by position."""
    out = []
    for m in _BATCH_STRONG.finditer(s):
        if re.match(r"项目中", s[m.end():]):
            continue  # '"签约一批"项目中先进制造业项目457个': a breakdown, not the list
        out.append((m.start(), m.end(), m.group("b1") or m.group("b2"), bool(m.group("carry")), True))
    if _ACTIVITY_MARK.search(s):
        for m in _BATCH_WEAK.finditer(s):
            if any(a <= m.start() < b for a, b, *_ in out):
                continue
            if re.search(r"20\d\d年[^，,;；]{0,6}$", s[: m.start()]):
                continue  # "2023年经开区新开工项目43个": a yearly statistic
            out.append((m.start(), m.end(), m.group("b3"), bool(re.search(r"结转\W?$", s[: m.start()])), False))
    out.sort()
    return out


def _first_count(seg: str, thresholds: list[AmountParse]) -> int | None:
    for c in find_counts(seg):
        if c.unit != "个":
            continue
        # a count right after a threshold ("10亿元以上项目124个") counts the threshold class
        if any(t.end <= c.start and c.start - t.end <= 8 for t in thresholds):
            continue
        return c.value
    return None


def _first_total(seg: str) -> Decimal | None:
    for a in find_amounts(seg):
        if a.kind != "value":
            continue
        if _is_total(seg[max(0, a.start - 14):a.start]):
            return a.value_wan
    return None


def _extract_lists(paragraphs: list[str], sents: list[list[_Sent]], scopes: _ScopeResolver) -> tuple[list[ListFigure], set]:
    figures: list[ListFigure] = []
    list_sentences: set[tuple[int, int]] = set()
    last_batch: dict[int, str] = {}  # paragraph -> last list batch stated in it
    for pi, ps in enumerate(sents):
        for si, sent in enumerate(ps):
            s = sent.text
            mentions = _batch_mentions(s)
            if not mentions:
                continue
            for k, (start, end, batch, carried, strong) in enumerate(mentions):
                nxt = mentions[k + 1][0] if k + 1 < len(mentions) else len(s)
                seg = s[end:nxt]
                cut = re.search(r"其中|;|；", seg)
                seg_main = seg[: cut.start()] if cut and cut.start() > 0 and "其中" in cut.group(0) else seg
                seg_main = re.split(r"[;；]", seg_main)[0]
                thresholds = [a for a in find_amounts(seg_main) if a.kind == "threshold"]
                count = _first_count(seg_main, thresholds)
                total = _first_total(seg_main)
                if count is None or total is None:
                    # "共有32个项目集中签约" / "总投资156亿元的32个项目集中开工"
                    prev_end = mentions[k - 1][1] if k else 0
                    pre = s[prev_end:start]
                    pre = re.split(r"[;；。]|其中", pre)[-1]
                    if count is None:
                        m = re.search(r"(\d+|[一二两三四五六七八九十百千]+)个(?:重大|重点)?(?:产业)?项目(?:集中|顺利|正式)?$", pre)
                        if m:
                            n = parse_number(m.group(1))
                            count = int(n) if n is not None else None
                    if total is None and count is not None and re.search(r"项目(?:集中|顺利|正式)?$", pre):
                        total = _first_total(pre)
                if count is None and (total is None or not strong):
                    continue  # "此次开工的重点项目之一…总投资逾50亿元" is a project, not a list
                scope = scopes.scope_for(sent, start, ps[:si])
                figures.append(ListFigure(batch, count, total, scope, s, carried))
                list_sentences.add((pi, si))
                last_batch[pi] = batch
    # merge duplicates (a headline and the body restating the same list)
    merged: list[ListFigure] = []
    for f in figures:
        twin = next(
            (g for g in merged if g.batch == f.batch and g.carried_over == f.carried_over and g.scope == f.scope
             and (g.count in (None, f.count) or f.count is None)
             and (g.total_investment_wan is None or f.total_investment_wan is None
                  or g.total_investment_wan == f.total_investment_wan)),
            None,
        )
        if twin is None:
            merged.append(f)
        else:
            twin.count = twin.count if twin.count is not None else f.count
            if twin.total_investment_wan is None:
                twin.total_investment_wan = f.total_investment_wan
    return merged, list_sentences, last_batch
