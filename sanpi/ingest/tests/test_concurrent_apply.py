"""Two imports touching the same projects, previewed, then applied at the same moment: every
project is written once (0 lost updates) and the loser's rows come back as errors. Row locks are
what decide this, so the test runs on PostgreSQL (skipped on SQLite, which admits one writer)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from sanpi.ingest import planning
from sanpi.ingest.exports import ledger_export
from sanpi.ingest.services.ledger import ledger_import
from sanpi.projects.generator import generate
from sanpi.projects.models import Project

from .books import column, rewrite

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")]


def file_adding(tmp_path, user, name: str, amount: int):
    source = tmp_path / "导出.xlsx"
    if not source.exists():
        ledger_export(user=user, target=str(source))

    def edit(rows):
        total = column(rows, "总投资（万元）")
        for row in rows[2:]:
            row[total] = row[total] + amount

    return rewrite(source, tmp_path / name, edit)


@pytest.mark.parametrize(("projects", "bulk", "valid_only"), [(600, None, True), (600, None, False),
                                                               (40, False, True)])
def test_two_imports_applied_at_once_lose_no_update(tmp_path, reference_data, province_user, monkeypatch,
                                                    projects, bulk, valid_only):
    generate(projects=projects, seed=21)
    before = dict(Project.objects.values_list("pk", "total_investment_wan"))
    files = {"A": file_adding(tmp_path, province_user, "A.xlsx", 1), "B": file_adding(tmp_path, province_user, "B.xlsx", 2)}
    pins = {k: ledger_import(user=province_user, path=p).to_json()["versions"] for k, p in files.items()}
    assert all(len(p) == projects for p in pins.values())

    # Both applies plan their first chunk before either writes: the row locks alone must decide.
    planned = threading.Barrier(2, timeout=60)
    plan = planning.LedgerPlanner.plan

    def plan_then_wait(self, rows):
        plans = plan(self, rows)
        if not getattr(self, "_waited", False):
            self._waited = True
            planned.wait()
        return plans

    monkeypatch.setattr(planning.LedgerPlanner, "plan", plan_then_wait)
    results, failures = {}, []

    def apply(key):
        try:
            results[key] = ledger_import(user=province_user, path=files[key], apply=True, valid_only=valid_only,
                                         pinned=pins[key], bulk=bulk)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(k,)) for k in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures
    winner, loser = sorted(results, key=lambda k: results[k].updated, reverse=True)
    assert results[winner].updated == projects and results[winner].errors == 0
    assert results[loser].updated == 0 and results[loser].errors == projects
    assert {i.reason for i in results[loser].issues} == {planning.CHANGED_SINCE_PREVIEW}
    assert results[loser].rejected is not valid_only
    added = 1 if winner == "A" else 2
    after = Project.objects.values_list("pk", "total_investment_wan", "version")
    assert {(pk, total - before[pk], version) for pk, total, version in after} == {
        (pk, Decimal(added), 2) for pk in before}  # each project written once, by the winner only
