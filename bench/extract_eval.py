"""Precision/recall/F1 of the bulletin extractor over the hand-labelled corpus, set by set.

    .venv/bin/python bench/extract_eval.py [-v]              # every development set, then the frozen-rules sets
    .venv/bin/python bench/extract_eval.py --dir DIR [-v]    # one folder only (also: a bare DIR)

(``--heldout`` is still accepted: ``heldout/`` and ``heldout2/`` are development data now and are
always printed.) A folder holds ``NAME.txt`` + ``NAME.expected.json`` pairs, or ``NN.txt`` +
``NN.json`` pairs whose json is ``{"lists": [{"kind", "count", "total_investment_wan", "scope"}, …],
"projects": [{"name", "total_investment_wan"}, …]}`` (more keys are allowed). A new independent
set is scored with ``--dir``.

Two kinds of set, scored separately (``sanpi/ingest/tests/corpus/README.md`` gives each set's
first-run figure):

* **development** — the rules are tuned on these: ``corpus/*.txt`` (the first corpus),
  ``independent/`` (measured once at 231ac12), ``second/``–``fourteenth/`` (each measured on
  its first run, then tuned on), and ``heldout/`` and ``heldout2/`` (bulletins by two writers
  who never saw the rules, each measured once with frozen rules, development data since).
* **frozen-rules sets** — ``fresh/`` and ``postfreeze/``: measured after a freeze, never tuned on; ``heldout3/``:
  24 bulletins by a third writer who saw neither rules nor corpora, scored once at the round-3 freeze (bd4909b).

Each ``NAME.txt`` has a hand-written label in ``Extraction.to_json()`` form (``source`` is null
and not compared). How lists and projects are matched: ``bench/extract_scoring.py``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extract_scoring import (  # noqa: E402
    PROJECT_FIELDS,
    Score,
    score_breakdowns,
    score_fields,
    score_investment,
    score_lists,
)
from sanpi.ingest.parsers.bulletin import extract  # noqa: E402

CORPUS = ROOT / "sanpi" / "ingest" / "tests" / "corpus"
INDEPENDENT = CORPUS / "independent"  # a writer who never saw the rules; measured once at 231ac12
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
THIRTEENTH = CORPUS / "thirteenth"  # 6 bulletins measured at the round-2 freeze (thirteenth/README.md)
FOURTEENTH = CORPUS / "fourteenth"  # 10 bulletins of round 3, first run at 9208c4c (fourteenth/README.md)
# Written by someone who saw neither rules nor corpora; measured once at d5917bd, development data since round 3.
HELDOUT = CORPUS / "heldout"
# A second such writer (24 bulletins, 20 provinces); measured once at 81488ae, development data since round 3.
HELDOUT2 = CORPUS / "heldout2"
DEVELOPMENT = (CORPUS, INDEPENDENT, SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH, ELEVENTH,
               TWELFTH, THIRTEENTH, FOURTEENTH, HELDOUT, HELDOUT2)
FRESH = CORPUS / "fresh"  # written after the round-1 freeze, never tuned on
POSTFREEZE = CORPUS / "postfreeze"  # written after the round-2 freeze (8115442), never tuned on
# A third writer who saw neither rules nor corpora; measured once at the round-3 freeze (bd4909b). Never tuned on.
HELDOUT3 = CORPUS / "heldout3"
_TITLES = {
    CORPUS: "first corpus (tuned on)",
    INDEPENDENT: "independent set (measured once at 231ac12, then tuned on)",
    THIRTEENTH: "thirteenth set (first run at the round-2 freeze, then tuned on)",
    FOURTEENTH: "fourteenth set (first run at 9208c4c, then tuned on)",
    HELDOUT: "first held-out set (another writer; measured once at d5917bd, then tuned on)",
    HELDOUT2: "second held-out set (another writer; measured once at 81488ae, then tuned on)",
}


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
    for folder in DEVELOPMENT:
        title = _TITLES.get(folder, f"{folder.name} set (measured once on first run, then tuned on)")
        print_report(f"development: {title}", evaluate(folder), verbose)
    print_report("development: all (tuned on)", evaluate(*DEVELOPMENT), False)
    if FRESH.exists():
        print_report("fresh set (written after the round-1 freeze, never tuned on)", evaluate(FRESH), verbose)
    if POSTFREEZE.exists():
        print_report("post-freeze set (written after the round-2 freeze, never tuned on)", evaluate(POSTFREEZE), verbose)
    if HELDOUT3.exists():
        print_report("third held-out set (another writer; frozen rules bd4909b, never tuned on)", evaluate(HELDOUT3), verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
