"""Precision/recall/F1 of the bulletin extractor over the hand-labelled corpus.

    .venv/bin/python bench/extract_eval.py [-v]              # development and fresh sets
    .venv/bin/python bench/extract_eval.py --dir DIR [-v]    # one folder only (also: a bare DIR)
    .venv/bin/python bench/extract_eval.py --heldout         # also the held-out folder

A folder holds ``NAME.txt`` + ``NAME.expected.json`` pairs, or ``NN.txt`` + ``NN.json`` pairs
whose json is ``{"lists": [{"kind", "count", "total_investment_wan", "scope"}, …],
"projects": [{"name", "total_investment_wan"}, …]}`` (more keys are allowed).

Two sets, scored separately:

* **development** — ``corpus/second/`` (34), ``corpus/third/`` (18), ``corpus/fourth/`` (12), ``corpus/fifth/`` (8), ``corpus/sixth/`` (8), ``corpus/seventh/`` (8), ``corpus/eighth/`` (8), ``corpus/ninth/`` (8), ``corpus/tenth/`` (6), ``corpus/eleventh/`` (6), ``corpus/twelfth/`` (6), ``corpus/thirteenth/`` (6), written for issue 15 and
  labelled before the extractor first ran on them (each README gives that first-run figure), and
  ``sanpi/ingest/tests/corpus/*.txt``: the bulletins the rules were
  tuned on (01–20 from the first version, 21+ written for issue 15 in the styles of
  many provinces), and ``corpus/independent/*.txt``: 20 bulletins by a writer who never
  saw the rules, measured once at commit 231ac12 (lists F1 0.507, investment F1 0.626),
  then used for development.
* **fresh** — ``sanpi/ingest/tests/corpus/fresh/*.txt``: written *after* the rules were
  frozen and measured before any change; never tuned on (see docs/decisions.md).

Each ``NAME.txt`` has a hand-written ``NAME.expected.json`` in ``Extraction.to_json()``
form (``source`` is null and is not compared). Names, scopes and breakdown labels are
compared after converting both sides to simplified characters (OpenCC t2s): the
independent set labels traditional-character texts literally (龍巖市), the extractor
answers in simplified characters.

Main figures (the issue-15 goal):

* **lists** — one item per list figure. A predicted list is correct when a labelled
  list has the same ``kind`` and ``carried_over``, the same ``count``, the same
  ``total_investment_wan`` and the same ``scope`` (equal, or one is the other with its
  parent place in front: "武汉市东湖高新区" ≙ "东湖高新区"; both empty is equal).
* **project investment** — one item per project that has a total investment. A
  predicted project is correct when its name overlaps a labelled one (one contains the
  other, or they share a run of at least half the shorter name, 项目 ignored) and its
  total is within 1 % of the labelled total.

Secondary (printed, not a goal): list ``breakdowns`` (label, count and total of each
labelled part of a matched list); project *fields* — facts = name + every labelled
non-null field, exact match by name, as in the first version of this script. Files
can restrict the labelled fields with ``"labelled_project_fields"``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sanpi.ingest.parsers.bulletin import extract  # noqa: E402

CORPUS = ROOT / "sanpi" / "ingest" / "tests" / "corpus"
INDEPENDENT = CORPUS / "independent"
# development data: the rules are tuned on both folders (the independent set was measured
# once at 231ac12, then became development data)
SECOND = CORPUS / "second"  # 34 bulletins written for issue 15 (second/README.md: first-run figure)
THIRD = CORPUS / "third"  # 18 bulletins in the shapes of real pages (third/README.md: first-run figure)
FOURTH = CORPUS / "fourth"  # 12 bulletins written after the list rules were generalised (fourth/README.md)
FIFTH = CORPUS / "fifth"  # 8 bulletins (fifth/README.md)
SIXTH = CORPUS / "sixth"  # 8 bulletins (sixth/README.md)
SEVENTH = CORPUS / "seventh"  # 8 bulletins (seventh/README.md)
EIGHTH = CORPUS / "eighth"  # 8 bulletins (eighth/README.md)
NINTH = CORPUS / "ninth"  # 8 bulletins (ninth/README.md)
TENTH = CORPUS / "tenth"  # 6 bulletins (tenth/README.md)
ELEVENTH = CORPUS / "eleventh"  # 6 bulletins (eleventh/README.md)
TWELFTH = CORPUS / "twelfth"  # 6 bulletins (twelfth/README.md)
THIRTEENTH = CORPUS / "thirteenth"  # 6 bulletins written last, measured at the freeze (thirteenth/README.md)
DEVELOPMENT = (CORPUS, INDEPENDENT, SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH, ELEVENTH,
               TWELFTH, THIRTEENTH)
FRESH = CORPUS / "fresh"
# Written after the round-2 freeze ("extract rules frozen", 8115442), measured, never tuned on.
POSTFREEZE = CORPUS / "postfreeze"
# Written by someone who saw neither rules nor corpora; measured once at d5917bd, never tuned on.
HELDOUT = CORPUS / "heldout"
# A second writer who saw neither rules nor corpora (24 bulletins, 20 provinces); measured once at 81488ae.
HELDOUT2 = CORPUS / "heldout2"
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


@dataclass
class Report:
    files: dict = field(default_factory=dict)  # stem -> (lists, investment)
    lists: Score = field(default_factory=Score)
    investment: Score = field(default_factory=Score)
    fields: Score = field(default_factory=Score)
    breakdowns: Score = field(default_factory=Score)


def label_path(txt: Path) -> Path | None:
    """``NAME.expected.json`` (this corpus) or ``NAME.json`` (a folder of ``NN.txt`` + ``NN.json``)."""
    for cand in (txt.with_name(txt.stem + ".expected.json"), txt.with_suffix(".json")):
        if cand.exists():
            return cand
    return None


def evaluate(*corpora: Path) -> Report:
    """Scores every labelled bulletin of the given folders (default: the development data)."""
    rep = Report()
    txts = [t for corpus in (corpora or DEVELOPMENT) for t in sorted(corpus.glob("*.txt"))]
    for txt in txts:
        exp_path = label_path(txt)
        if exp_path is None:
            continue
        gold = json.loads(exp_path.read_text(encoding="utf-8"))
        pred = extract(txt.read_text(encoding="utf-8")).to_json()
        sl = score_lists(pred["lists"], gold["lists"])
        si = score_investment(pred["projects"], gold["projects"])
        sf = score_fields(pred["projects"], gold["projects"], gold.get("labelled_project_fields", PROJECT_FIELDS))
        rep.files[str(txt.relative_to(CORPUS)) if txt.is_relative_to(CORPUS) else txt.stem] = (sl, si)
        rep.lists.add(sl)
        rep.investment.add(si)
        rep.fields.add(sf)
        sb = score_breakdowns(pred["lists"], gold["lists"])
        rep.breakdowns.add(sb)
        sl.errors += sb.errors  # shown with -v, not counted in the list score
    return rep


def _line(label: str, s: Score) -> str:
    return f"{label:34} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  ({s.correct}/{s.predicted} predicted, " \
           f"{s.correct}/{s.expected} labelled)"


def print_report(title: str, rep: Report, verbose: bool) -> None:
    print(f"== {title}: {len(rep.files)} bulletins")
    if verbose:
        for stem, (sl, si) in rep.files.items():
            print(f"  {stem:34} lists F1={sl.f1:.3f}  investment F1={si.f1:.3f}")
            for e in sl.errors + si.errors:
                print(f"      - {e}")
    print(_line("lists", rep.lists))
    print(f"{'list scope (of matched lists)':34} accuracy={rep.lists.scope_accuracy:.3f}  "
          f"({rep.lists.scope_ok}/{rep.lists.scope_n})")
    print(_line("project investment", rep.investment))
    print(_line("(project fields, secondary)", rep.fields))
    print(_line("(list breakdowns, secondary)", rep.breakdowns))
    cats = rep.lists.categories + rep.investment.categories
    if cats:
        print("remaining errors: " + ", ".join(f"{k} {v}" for k, v in cats.most_common()))
    print()


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    dirs = [argv[i + 1] for i, a in enumerate(argv) if a == "--dir" and i + 1 < len(argv)]
    dirs += [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--dir")]
    if dirs:
        # any folder(s) of labelled bulletins, each scored on its own
        for d in dirs:
            if not Path(d).is_dir():
                print(f"not a folder: {d}", file=sys.stderr)
                return 2
            print_report(d, evaluate(Path(d)), verbose)
        return 0
    print_report("development: first corpus (tuned on)", evaluate(CORPUS), verbose)
    print_report("development: independent set (measured once at 231ac12, then tuned on)",
                 evaluate(INDEPENDENT), verbose)
    print_report("development: second set (measured once on first run, then tuned on)",
                 evaluate(SECOND), verbose)
    print_report("development: third set (measured once on first run, then tuned on)",
                 evaluate(THIRD), verbose)
    print_report("development: fourth set (measured once on first run, then tuned on)",
                 evaluate(FOURTH), verbose)
    print_report("development: fifth set (measured once on first run, then tuned on)",
                 evaluate(FIFTH), verbose)
    print_report("development: sixth set (measured once on first run, then tuned on)",
                 evaluate(SIXTH), verbose)
    print_report("development: seventh set (measured once on first run, then tuned on)",
                 evaluate(SEVENTH), verbose)
    print_report("development: eighth set (measured once on first run, then tuned on)",
                 evaluate(EIGHTH), verbose)
    print_report("development: ninth set (measured once on first run, then tuned on)",
                 evaluate(NINTH), verbose)
    print_report("development: tenth set (measured once on first run, then tuned on)",
                 evaluate(TENTH), verbose)
    print_report("development: eleventh set (measured once on first run, then tuned on)",
                 evaluate(ELEVENTH), verbose)
    print_report("development: twelfth set (measured once on first run, then tuned on)",
                 evaluate(TWELFTH), verbose)
    print_report("development: thirteenth set (first run at the freeze, no rule changed after it)",
                 evaluate(THIRTEENTH), verbose)
    print_report("development: all (tuned on)", evaluate(*DEVELOPMENT), False)
    if FRESH.exists():
        print_report("fresh set (written after the freeze, never tuned on)", evaluate(FRESH), verbose)
    if POSTFREEZE.exists():
        print_report("post-freeze set (written after the round-2 freeze, never tuned on)", evaluate(POSTFREEZE), verbose)
    if "--heldout" in argv and HELDOUT.exists():
        print_report("held-out set (written by someone who never saw the rules; never tuned on)",
                     evaluate(HELDOUT), verbose)
    if "--heldout" in argv and HELDOUT2.exists():
        print_report("second held-out set (a second writer who never saw the rules; never tuned on)",
                     evaluate(HELDOUT2), verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
