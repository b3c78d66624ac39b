"""Matching and scoring of the bulletin extractor's output against hand labels (used by
``bench/extract_eval.py``, which walks the corpus folders and prints the figures).

* **lists** — a predicted list is correct when a labelled list has the same ``kind`` (and
  ``carried_over`` where the label states it), the same ``count`` and a total within 1 %; the
  scope of each matched pair is scored apart (equal, or one is the other with its parent place in
  front: "武汉市东湖高新区" ≙ "东湖高新区"; both empty is equal).
* **project investment** — a predicted project is correct when its name overlaps a labelled one
  (one contains the other, or they share a run of at least half the shorter name, 项目 ignored)
  and its total is within 1 % of the labelled total.
* secondary: list breakdowns (label, count, total) and project fields (exact name, each field).

Names, places and labels are compared in simplified characters (OpenCC t2s): a measurement
convention, not an extraction rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

PROJECT_FIELDS = ("owner", "location", "total_investment_wan", "land_mu", "building_area_m2",
                  "output_value_wan", "phase", "stage")


@dataclass
class Score:
    correct: int = 0
    predicted: int = 0
    expected: int = 0
    errors: list[str] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)
    scope_ok: int = 0  # lists only: matched lists whose scope is right
    scope_n: int = 0  # lists only: matched lists
    scope_errors: int = 0

    def add(self, other: Score) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.expected += other.expected
        self.errors += other.errors
        self.categories.update(other.categories)
        self.scope_ok += other.scope_ok
        self.scope_n += other.scope_n
        self.scope_errors += other.scope_errors

    def error(self, category: str, detail: str) -> None:
        self.categories[category] += 1
        self.errors.append(f"[{category}] {detail}")

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def scope_accuracy(self) -> float:
        return self.scope_ok / self.scope_n if self.scope_n else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC
    return OpenCC("t2s")


def simplified(text: str | None) -> str:
    """Names, places and labels are compared in simplified characters: a traditional-character
    label (龍巖市) and the extractor's simplified output (龙岩市) name the same thing. This is a
    measurement convention, not an extraction rule."""
    return _t2s().convert(text) if text else (text or "")


def _norm_name(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", simplified(name)))


def _kind(item: dict) -> str:
    return item.get("kind") or item.get("batch")


_ETHNIC = ("(?:朝鲜|土家|苗|回|傣|彝|白|藏|哈尼|壮|布依|蒙古|哈萨克|柯尔克孜|景颇|傈僳|羌|侗|黎|纳西|拉祜|佤|"
           "普米|怒|独龙|撒拉|保安|东乡|裕固|土|维吾尔|锡伯|达斡尔|鄂温克|满|瑶|畲|水|仡佬|毛南|仫佬|京|门巴|珞巴)族")


def _place(name: str | None) -> str:
    """Simplified, and "延边朝鲜族自治州" written as "延边州": two spellings of one place."""
    return re.sub(rf"^(.+?)(?:{_ETHNIC})+族?自治州$", r"\1州", simplified(name or ""))


def _scope_eq(a: str | None, b: str | None) -> bool:
    a, b = _place(a), _place(b)
    if not a or not b:
        return a == b
    return a == b or a.endswith(b) or b.endswith(a)


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def _same_total(a, b) -> bool:
    """Totals agree within 1 % (both empty also agrees)."""
    a, b = _dec(a), _dec(b)
    if a is None or b is None:
        return a is b
    return _within(a, b)


def _list_match(p: dict, g: dict) -> bool:
    """kind, count and total (within 1 %); ``carried_over`` only where the label states it."""
    return (_kind(p) == _kind(g)
            and ("carried_over" not in g or bool(p.get("carried_over")) == bool(g.get("carried_over")))
            and p.get("count") == g.get("count")
            and _same_total(p.get("total_investment_wan"), g.get("total_investment_wan")))


def score_lists(pred: list[dict], gold: list[dict]) -> Score:
    """Lists match on kind + count + total; the scope of each matched pair is scored apart
    (``scope_ok`` of ``scope_n``)."""
    s = Score(predicted=len(pred), expected=len(gold))
    remaining = list(pred)
    unmatched = []
    # pairs with the same scope first, so that two lists differing only in scope pair up right
    for g in gold:
        hit = next((p for p in remaining if _list_match(p, g) and _scope_eq(p.get("scope"), g.get("scope"))), None) \
            or next((p for p in remaining if _list_match(p, g)), None)
        if hit is None:
            unmatched.append(g)
            continue
        remaining.remove(hit)
        s.correct += 1
        s.scope_n += 1
        if _scope_eq(hit.get("scope"), g.get("scope")):
            s.scope_ok += 1
        else:
            s.errors.append(f"[list scope wrong] {_kind(g)} {g.get('count')}: want {g.get('scope')!r}, "
                            f"got {hit.get('scope')!r}")
            s.scope_errors += 1
    # explain what went wrong with the rest
    for g in unmatched:
        def closeness(p, g=g):
            return (p.get("count") == g.get("count")) + _same_total(
                p.get("total_investment_wan"), g.get("total_investment_wan")) + (_kind(p) == _kind(g))
        near = max(remaining, key=closeness, default=None)
        desc = f"{_kind(g)} {g.get('count')} {g.get('total_investment_wan')} {g.get('scope')}"
        if near is None or closeness(near) < 2:
            s.error("list missed", desc)
            continue
        remaining.remove(near)
        got = f"{_kind(near)} {near.get('count')} {near.get('total_investment_wan')} {near.get('scope')}"
        if _kind(near) != _kind(g):
            s.error("list kind wrong", f"want {desc}, got {got}")
        elif near.get("count") != g.get("count"):
            s.error("list count wrong", f"want {desc}, got {got}")
        elif not _same_total(near.get("total_investment_wan"), g.get("total_investment_wan")):
            s.error("list total wrong", f"want {desc}, got {got}")
        else:
            s.error("list carried_over wrong", f"want {desc}, got {got}")
    for p in remaining:
        s.error("list spurious", f"{_kind(p)} {p.get('count')} {p.get('total_investment_wan')} {p.get('scope')}")
    return s


def score_breakdowns(pred: list[dict], gold: list[dict]) -> Score:
    """Breakdown items of the labelled lists that have them: (label, count, total) must all match."""
    s = Score()
    for g in gold:
        items = g.get("breakdowns") or []
        if not items:
            continue
        twin = next((p for p in pred if _kind(p) == _kind(g) and p.get("count") == g.get("count")), None)
        # "产业发展类" and "产业发展" name the same part
        got = [(simplified(b["label"]).removesuffix("类"), b["count"], _dec(b["total_investment_wan"]))
               for b in (twin or {}).get("breakdowns", [])]
        want = [(simplified(b["label"]).removesuffix("类"), b["count"], _dec(b["total_investment_wan"])) for b in items]
        s.expected += len(want)
        s.predicted += len(got)
        s.correct += sum(1 for w in want if w in got)
        s.errors += [f"breakdown missing: {w}" for w in want if w not in got]
    return s


def _core(name: str) -> str:
    return re.sub(r"项目$", "", _norm_name(name))


def names_overlap(a: str, b: str) -> bool:
    a, b = _core(a), _core(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short, long_ = sorted((a, b), key=len)
    need = max(4, (len(short) + 1) // 2)
    return any(short[i:i + need] in long_ for i in range(len(short) - need + 1))


def _within(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= abs(b) * Decimal("0.01")


def score_investment(pred: list[dict], gold: list[dict]) -> Score:
    P = [(p["name"], _dec(p["total_investment_wan"])) for p in pred if p.get("total_investment_wan") is not None]
    G = [(g["name"], _dec(g["total_investment_wan"])) for g in gold if g.get("total_investment_wan") is not None]
    s = Score(predicted=len(P), expected=len(G))
    unused = list(P)
    missed = []
    for gname, gtotal in G:
        hit = next((p for p in unused if names_overlap(p[0], gname) and _within(p[1], gtotal)), None)
        if hit is None:
            missed.append((gname, gtotal))
        else:
            unused.remove(hit)
            s.correct += 1
    all_pred_names = [p["name"] for p in pred]
    for gname, gtotal in missed:
        same = next((p for p in unused if names_overlap(p[0], gname)), None)
        if same is not None:
            unused.remove(same)
            s.error("project total wrong", f"{gname}: got {same[1]} want {gtotal}")
        elif any(names_overlap(n, gname) for n in all_pred_names):
            s.error("project total missed", f"{gname}: want {gtotal}")
        else:
            s.error("project missed", f"{gname} ({gtotal})")
    gold_names = [g["name"] for g in gold]
    for name, total in unused:
        cat = "total on unlabelled-total project" if any(names_overlap(name, g) for g in gold_names) \
            else "spurious project"
        s.error(cat, f"{name} {total}")
    return s


def score_fields(pred: list[dict], gold: list[dict], labelled=PROJECT_FIELDS) -> Score:
    s = Score()
    by_name = {_norm_name(p["name"]): p for p in pred}
    seen = set()
    for g in gold:
        key = _norm_name(g["name"])
        gf = {f: g.get(f) for f in labelled if g.get(f) is not None}
        s.expected += 1 + len(gf)
        p = by_name.get(key)
        if p is None:
            s.errors.append(f"project missing: {g['name']}")
            continue
        seen.add(key)
        pf = {f: p.get(f) for f in labelled if p.get(f) is not None}
        s.predicted += 1 + len(pf)
        s.correct += 1 + sum(1 for k, v in pf.items() if gf.get(k) == v)
        s.errors += [f"project {g['name']}.{k}: got {v!r} want {gf.get(k)!r}" for k, v in pf.items()
                     if gf.get(k) != v]
    for key, p in by_name.items():
        if key not in seen:
            s.predicted += 1 + sum(1 for f in labelled if p.get(f) is not None)
    return s
