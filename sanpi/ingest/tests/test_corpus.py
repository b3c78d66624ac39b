"""The hand-labelled corpus keeps its precision/recall (see bench/extract_eval.py).

Development data (``corpus/*.txt``, ``independent/``, ``second/``–``fourteenth/``, and since round 3
``heldout/`` and ``heldout2/``; each set's first-run figure is in corpus/README.md): asserted set by
set at about the level the current rules reach (all 1.000 at the round-3 freeze), so a rule change
that loses a list or a project fails here; over all of it, well above the issue-15 goal (lists F1 ≥ 0.9,
project investment F1 ≥ 0.8).

Frozen-rules sets (``fresh/``, ``postfreeze/``; never tuned on) — printed and guarded.
"""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _eval_module():
    spec = importlib.util.spec_from_file_location("extract_eval", ROOT / "bench" / "extract_eval.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


def test_development_set_meets_the_goal():
    ev = _eval_module()
    rep = ev.evaluate(*ev.DEVELOPMENT)
    # 78 first + 20 independent + 34 second + 18 third + 12 fourth + 5 × 8 + 4 × 6 + 10 fourteenth
    # + 20 heldout + 24 heldout2
    assert len(rep.files) >= 280
    # measured at the round-3 freeze: lists F1 1.000 (454/454), project investment F1 1.000 (504/504)
    assert rep.lists.f1 >= 0.98, rep.lists.errors
    assert rep.investment.f1 >= 0.98, rep.investment.errors


def test_first_corpus_keeps_its_fields():
    ev = _eval_module()
    rep = ev.evaluate(ev.CORPUS)
    # the first 20 bulletins were labelled field by field: keep those fields right too
    assert rep.fields.precision >= 0.9 and rep.fields.recall >= 0.9, rep.fields.errors


def test_independent_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.INDEPENDENT)
    assert len(rep.files) == 20
    # measured once at 231ac12 (lists F1 0.507, investment F1 0.626), then tuned on
    assert rep.lists.f1 >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.8, rep.investment.errors


def test_second_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.SECOND)
    assert len(rep.files) >= 34
    # first run, before any rule saw them (57ce104): lists F1 0.891, investment F1 1.000 (second/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.lists.scope_accuracy >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_third_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.THIRD)
    assert len(rep.files) >= 18
    # first run (89f3284): lists F1 0.963, investment F1 0.963 (third/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_fourth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.FOURTH)
    assert len(rep.files) >= 12
    # first run (3c62fdb): lists F1 0.800, scope 0.833, investment F1 1.000 (fourth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.lists.scope_accuracy >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_fifth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.FIFTH)
    assert len(rep.files) >= 8
    # first run (da85e5a): lists F1 0.727, investment F1 0.933 (fifth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_sixth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.SIXTH)
    assert len(rep.files) >= 8
    # first run (3b002c7): lists F1 0.846, investment F1 1.000 (sixth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_seventh_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.SEVENTH)
    assert len(rep.files) >= 8
    # first run (8b4d614): lists F1 0.957, scope 0.909, investment F1 1.000 (seventh/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.lists.scope_accuracy >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_eighth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.EIGHTH)
    assert len(rep.files) >= 8
    # first run (211d7e1): lists F1 0.800, scope 0.875, investment F1 1.000 (eighth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.lists.scope_accuracy >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_ninth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.NINTH)
    assert len(rep.files) >= 8
    # first run (80b737f): lists F1 0.842, investment F1 1.000 (ninth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_tenth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.TENTH)
    assert len(rep.files) >= 6
    # first run (55a32b2): lists F1 0.947, investment F1 1.000 (tenth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_eleventh_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.ELEVENTH)
    assert len(rep.files) >= 6
    # first run (3902fa9): lists F1 0.800, investment F1 0.857 (eleventh/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_twelfth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.TWELFTH)
    assert len(rep.files) >= 6
    # first run (2aed6b4): lists F1 0.667, investment F1 0.000 (twelfth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_thirteenth_set_first_run_at_the_freeze():
    ev = _eval_module()
    rep = ev.evaluate(ev.THIRTEENTH)
    assert len(rep.files) >= 6
    # first run (b32f9e6, rules unchanged since): lists F1 1.000, investment F1 1.000 (thirteenth/README.md)
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_eval_reads_a_folder_of_numbered_pairs(tmp_path):
    """``--dir`` folders hold NN.txt + NN.json; lists match on kind/count/total (1 %), scope apart."""
    ev = _eval_module()
    (tmp_path / "01.txt").write_text("福州市集中开工项目12个，总投资30亿元。闽侯县光电产业园项目总投资8亿元。",
                                     encoding="utf-8")
    (tmp_path / "01.json").write_text(
        '{"lists": [{"kind": "开工", "count": 12, "total_investment_wan": 300100, "scope": "厦门市"}],'
        ' "projects": [{"name": "光电产业园项目", "total_investment_wan": 80000}]}', encoding="utf-8")
    rep = ev.evaluate(tmp_path)
    assert len(rep.files) == 1
    assert (rep.lists.correct, rep.lists.predicted, rep.lists.expected) == (1, 1, 1)  # 30亿 within 1 % of 30.01亿
    assert (rep.lists.scope_ok, rep.lists.scope_n) == (0, 1)  # 福州市 is not 厦门市
    assert (rep.investment.correct, rep.investment.expected) == (1, 1)


def test_fresh_set_is_reported(capsys):
    ev = _eval_module()
    rep = ev.evaluate(ev.FRESH)
    with capsys.disabled():
        print()
        ev.print_report("fresh set (frozen rules)", rep, verbose=False)
    assert len(rep.files) >= 20
    # first measurement (rules frozen at 5ae3b0b): lists F1 1.000, project investment F1 0.985;
    # after the rules were generalised on the independent set (this folder untouched): 1.000 / 1.000.
    # Both meet the goal, so the goal is asserted; the set's author also wrote the rules, so this is
    # an upper estimate, not a held-out figure for bulletins written by others
    assert rep.lists.f1 >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.8, rep.investment.errors


def test_postfreeze_set_is_reported(capsys):
    """Written after the round-2 freeze (8115442) and never tuned on: lists F1 0.952 (one 合计 missed:
    "活动举行，共推进项目74个"), investment F1 1.000. In round 3 that miss was seen while the development
    errors were studied and a general rule fixed it (lists F1 1.000): no longer untouched (corpus/README.md)."""
    ev = _eval_module()
    rep = ev.evaluate(ev.POSTFREEZE)
    with capsys.disabled():
        print()
        ev.print_report("post-freeze set (never tuned on)", rep, verbose=False)
    assert len(rep.files) >= 8
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.investment.f1 >= 0.9, rep.investment.errors


def test_fourteenth_set_is_development_data_too():
    ev = _eval_module()
    rep = ev.evaluate(ev.FOURTEENTH)
    assert len(rep.files) >= 10
    # first run (9208c4c, labels committed before it): lists F1 0.867 (P 0.929, R 0.812), scope 0.692,
    # investment F1 0.980 (fourteenth/README.md); then tuned on
    assert rep.lists.f1 >= 0.95, rep.lists.errors
    assert rep.lists.scope_accuracy >= 0.85, rep.lists.errors
    assert rep.investment.f1 >= 0.95, rep.investment.errors


def test_heldout_sets_are_development_data_now():
    """Two sets by writers who never saw the rules, each measured once with frozen rules —
    ``heldout/`` at d5917bd (lists F1 0.597, investment F1 0.937; 0.872 / 0.957 with the round-2 rules)
    and ``heldout2/`` at 81488ae (lists F1 0.886, investment F1 0.975) — then, in round 3, made
    development data and tuned on. The honest figure for unseen text comes from a new set scored
    with ``bench/extract_eval.py --dir`` against the frozen rules (corpus/README.md)."""
    ev = _eval_module()
    for folder, files in ((ev.HELDOUT, 20), (ev.HELDOUT2, 24)):
        rep = ev.evaluate(folder)
        assert len(rep.files) >= files
        assert rep.lists.f1 >= 0.95, rep.lists.errors
        assert rep.lists.scope_accuracy >= 0.9, rep.lists.errors
        assert rep.investment.f1 >= 0.95, rep.investment.errors


def test_third_heldout_set_is_reported(capsys):
    """24 bulletins by a writer who never saw the rules or any corpus (heldout3/README.md), scored once with
    the rules frozen at bd4909b: lists F1 0.906 (P 0.914, R 0.898), scope 0.925, investment F1 0.980.
    Never tuned on: a rule change that lowers these figures shows here, and the goal of issue 15 is asserted."""
    ev = _eval_module()
    rep = ev.evaluate(ev.HELDOUT3)
    with capsys.disabled():
        print()
        ev.print_report("third held-out set (frozen rules, never tuned on)", rep, verbose=False)
    assert len(rep.files) == 24
    assert (rep.lists.expected, rep.investment.expected) == (59, 75)
    assert rep.lists.f1 >= 0.9, rep.lists.errors
    assert rep.investment.f1 >= 0.8, rep.investment.errors
