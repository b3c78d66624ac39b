"""OC4IDS export of 前期手续 and money by source, and the official checker on it."""

import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from sanpi.approvals.models import ApprovalItem, ApprovalKind
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.testing import make_project

from .test_oc4ids import CHECKER, SCHEMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    p = make_project("郑州市第一人民医院新院区", region="410171", management_category="government",
                     stages=[("signed", dt.date(2023, 1, 10)), ("started", dt.date(2023, 6, 1))])
    kinds = {k.code: k for k in ApprovalKind.objects.filter(region=None)}
    ApprovalItem.objects.create(project=p, kind=kinds["keyan"], status="done", planned_on=dt.date(2023, 2, 1),
                                done_on=dt.date(2023, 2, 20), document_number="郑发改审批〔2023〕18号",
                                responsible_unit="郑州市发展和改革委员会")
    ApprovalItem.objects.create(project=p, kind=kinds["shigong"], status="in_progress", planned_on=dt.date(2023, 5, 1))
    ApprovalItem.objects.create(project=p, kind=kinds["jieneng"], status="not_applicable", required=False)
    bond = FundingLine.objects.create(project=p, year=2024, source="special_bond", bond_batch="2024年第一批",
                                      bond_issued_on=dt.date(2024, 3, 10), allocated_wan=Decimal("8000"))
    FundingMonth.objects.create(line=bond, month=3, arrived_wan=Decimal("8000"), arrived_on=dt.date(2024, 3, 20),
                                paid_wan=Decimal("1500.5"), paid_on=dt.date(2024, 3, 28))
    FundingLine.objects.create(project=p, year=2024, source="self_raised", allocated_wan=Decimal("2000"))
    return p


def _export(pk) -> dict:
    out = io.StringIO()
    call_command("oc4ids", stdout=out, stderr=io.StringIO())
    return next(r for r in json.loads(out.getvalue())["projects"] if r["id"] == f"oc4ids-sanpi-{pk}"), out.getvalue()


def test_approvals_and_funding_in_the_record(project):
    record, _ = _export(project.pk)
    assert record["milestones"] == [
        {"id": "approval-keyan", "title": "可研批复", "type": "approval", "code": "projectApproval",
         "dueDate": "2023-02-01T00:00:00+08:00", "dateMet": "2023-02-20T00:00:00+08:00", "status": "met",
         "description": "已办结；责任单位：郑州市发展和改革委员会"},
        {"id": "approval-shigong", "title": "施工许可", "type": "approval", "dueDate": "2023-05-01T00:00:00+08:00",
         "status": "notMet", "description": "办理中"},
    ]
    assert record["documents"] == [{"id": "approval-keyan", "title": "可研批复（郑发改审批〔2023〕18号）",
                                    "datePublished": "2023-02-20T00:00:00+08:00", "documentType": "feasibilityStudy"}]
    budget = record["budget"]
    assert budget["amount"] == {"amount": 100000000, "currency": "CNY"}
    assert [(b["id"], b["amount"]["amount"]) for b in budget["budgetBreakdowns"][0]["budgetBreakdown"]] == [
        ("2024-self_raised", 20000000), ("2024-special_bond-2024年第一批", 80000000)]
    assert budget["finance"] == [{
        "id": "2024-special_bond-2024年第一批", "title": "2024年 地方政府专项债券（2024年第一批）",
        "value": {"amount": 80000000, "currency": "CNY"}, "source": "地方政府专项债券（2024年第一批）",
        "description": "累计到位 8000 万元，累计支付 1500.5 万元",
        "period": {"startDate": "2024-01-01T00:00:00+08:00", "endDate": "2024-12-31T00:00:00+08:00"},
        "type": "bond", "assetClass": ["debt"], "financingPartyType": "other"}]


@pytest.mark.skipif(not CHECKER.exists(), reason=f"the official OC4IDS checker is not at {CHECKER}")
def test_official_checker_accepts_approvals_and_funding(project, tmp_path):
    FundingLine.objects.create(project=project, year=2024, source="bank_loan", allocated_wan=Decimal("3000"))
    FundingLine.objects.create(project=project, year=2024, source="policy_finance", allocated_wan=Decimal("1000"))
    FundingLine.objects.create(project=project, year=2024, source="central_budget", allocated_wan=Decimal("500"))
    _, text = _export(project.pk)
    path = tmp_path / "package.json"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(CHECKER), str(SCHEMA), str(path)], capture_output=True, text=True,
                            timeout=300)
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("ERROR")] == []
    assert lines[-1] == "VALID" and result.returncode == 0
