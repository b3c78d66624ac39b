"""The bulk import writes, row for row, what it wrote before it wrote plain tuples: the same result
(created / updated / unchanged / errors), the same stored projects, plans and stage events, and
the same history records (type, user, reason, every historical field). The previous writer — model
instances through simple_history's bulk_create_with_history — is kept below as the reference."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sanpi.accounts.access import check_region_writable
from sanpi.ingest.services import ledger
from sanpi.projects import lifecycle
from sanpi.projects.bulk import history_baseline
from sanpi.projects.models import AnnualPlan, Project, StageEvent
from sanpi.projects.services import stage_advance
from sanpi.testing import make_project, make_uscc

from .books import write_ledger
from .test_import import ledger_rows

pytestmark = pytest.mark.django_db
SKIP = {"id", "created_at", "updated_at", "history_id", "history_date", "project", "history_user", "owner",
        "constructor", "operator", "previous_phase", "region", "industry", "domain", "sector", "recorded_at"}


class ReferenceWriter(ledger._BulkWriter):
    """The bulk writer as it was: model instances and bulk_create_with_history."""

    def write(self, plans):
        plans = ledger._claim(plans)
        user, now = self.user, timezone.now()
        reason = f"台账导入 {self.source}".strip()
        self._new_orgs(plans)
        for region in {p.region.pk: p.region for p in plans if p.project is None and p.region}.values():
            check_region_writable(user, region)
        creates = [p for p in plans if p.project is None]
        objs = []
        for plan in creates:
            project = Project(**plan.clean)
            if plan.stage:
                stage, on = plan.stage
                project.stage, project.stage_date = stage, on
                for name, value in lifecycle.stage_dates([lifecycle.Event(stage, on)]).items():
                    setattr(project, name, value)
            objs.append(project)
        created = bulk_create_with_history(objs, Project, batch_size=self.BATCH, default_user=user,
                                           default_change_reason=reason)
        for plan, project in zip(creates, created, strict=True):
            plan.project = project
        StageEvent.objects.bulk_create(
            [StageEvent(project=p.project, stage=p.stage[0], occurred_on=p.stage[1], recorded_by=user, note="台账导入")
             for p in creates if p.stage], batch_size=self.BATCH)
        new = {id(p) for p in creates}
        self._update([p for p in plans if id(p) not in new and (p.fields or p.plans or p.stage)], now, reason)
        for plan in plans:
            if id(plan) not in new and plan.stage:
                stage_advance(user=user, project_id=plan.project.pk, stage=plan.stage[0], occurred_on=plan.stage[1],
                              note="台账导入")
        new_plans, changed_plans = [], []
        for plan in plans:
            for year, (amount, old) in plan.plans.items():
                if old is None:
                    new_plans.append(AnnualPlan(project=plan.project, year=year, planned_investment_wan=amount))
                else:
                    old.planned_investment_wan = amount
                    changed_plans.append(old)
        history_baseline(AnnualPlan, pks=[p.pk for p in changed_plans])
        bulk_create_with_history(new_plans, AnnualPlan, batch_size=self.BATCH, default_user=user,
                                 default_change_reason=reason)
        if changed_plans:
            bulk_update_with_history(changed_plans, AnnualPlan, ["planned_investment_wan"], batch_size=self.BATCH,
                                     default_user=user, default_change_reason=reason)


def _values(obj, skip=SKIP) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if f.name not in skip and f.attname not in skip}


def _stored() -> dict:
    projects = {p.name: p for p in Project.objects.all()}
    names = {p.pk: p.name for p in projects.values()}
    return {
        "projects": {name: {**_values(p), "region": p.region_id, "owner": p.owner.name if p.owner else None}
                     for name, p in projects.items()},
        "plans": sorted((names[a.project_id], a.year, a.planned_investment_wan) for a in AnnualPlan.objects.all()),
        "events": sorted(((names[e.project_id], e.stage, e.occurred_on, e.note, e.recorded_by_id)
                          for e in StageEvent.objects.all()), key=repr),
        "history": sorted(((h.name, h.history_type, h.history_user_id, h.history_change_reason,
                           tuple(sorted((k, str(v)) for k, v in _values(h).items())))
                          for h in Project.history.all()), key=repr),
        "plan_history": sorted(((names.get(h.project_id), h.year, str(h.planned_investment_wan), h.history_type,
                                h.history_user_id, h.history_change_reason) for h in AnnualPlan.history.all()), key=repr),
    }


def _rows(uscc: str) -> list[list]:
    rows = ledger_rows(uscc)
    # More rows: new projects with codes, stages and plans, one that updates a stored project.
    template = rows[1]
    for i in range(40):
        row = list(template)
        row[1] = f"批量导入测试项目{i:02d}"
        row[2] = f"2401-410171-04-01-{100000 + i}" if i % 3 else None
        rows.append(row)
    return rows


def _run(writer, path, user) -> tuple[tuple, dict]:
    original = ledger._BulkWriter
    ledger._BulkWriter = writer
    try:
        result = ledger.ledger_import(user=user, path=path, apply=True, valid_only=True, bulk=True)
    finally:
        ledger._BulkWriter = original
    outcome = (result.created, result.updated, result.unchanged, result.errors,
               sorted((i.line, i.column, i.reason) for i in result.issues))
    return outcome, _stored()


def test_bulk_import_stores_and_records_exactly_what_the_previous_writer_did(tmp_path, zone_user, enterprise_org):
    make_project("中兴5G微基站和智慧杆塔集成项目", region="410171", total_investment_wan=Decimal("50"),
                 stages=[("started", dt.date(2023, 5, 1))])
    path = write_ledger(tmp_path / "台账.xlsx", _rows(make_uscc("410171")))
    with transaction.atomic():
        expected = _run(ReferenceWriter, path, zone_user)
        transaction.set_rollback(True)
    got = _run(ledger._BulkWriter, path, zone_user)
    assert expected[0][0] > 30 and expected[0][1] == 1 and expected[0][3] >= 4
    assert got[0] == expected[0]
    for key in ("projects", "plans", "events", "history", "plan_history"):
        assert got[1][key] == expected[1][key], key
