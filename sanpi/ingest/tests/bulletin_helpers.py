"""Shared helpers of the bulletin extraction tests (test_bulletin*.py)."""

from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "seed"


def _seed_text() -> str:
    files = sorted(SEED_DIR.glob("000_*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip("shared/seed not present (only in CI and dev sessions)")
    return files[0].read_text(encoding="utf-8")


def _lists(ex):
    return {(f.batch, f.carried_over): f for f in ex.lists}


def _projects(ex):
    return {p.name: p for p in ex.projects}


def _one(ex, kind):
    found = [f for f in ex.lists if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.count) for f in ex.lists]
    return found[0]


def _figs(ex):
    return [(f.kind, f.count, f.total_investment_wan, f.scope) for f in ex.lists]
