import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from sanpi.activities.models import ListEntry, Period
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    period = Period.objects.create(number=11, held_on=dt.date(2024, 1, 2), host_region_id="410000", status="open")
    for region, batch, amount in (("410173", "signed", "66430000"), ("410171", "started", "84160000.5")):
        ListEntry.objects.create(period=period, batch=batch, project=make_project(region=region), region_id=region,
                                 declared_total_investment_wan=Decimal(amount))
    return period


def run(*args) -> str:
    out = io.StringIO()
    call_command("period", *args, stdout=out)
    return out.getvalue()


def test_stats_json_shape(period):
    data = json.loads(run("stats", "11", "--format", "json"))
    assert data["period"] == 11
    assert data["lists"] == {"签约": {"count": 1, "total_investment_wan": "66430000"},
                             "开工": {"count": 1, "total_investment_wan": "84160000.5"},
                             "投产": {"count": 0, "total_investment_wan": "0"}}
    airport = next(r for r in data["by_city"] if r["code"] == "410173")
    zhengzhou = next(r for r in data["by_city"] if r["code"] == "410100")
    assert (airport["name"], airport["lists"]["签约"]["count"], zhengzhou["lists"]["签约"]["count"]) == (
        "郑州航空港经济综合实验区", 1, 0)
    assert {"by_county", "by_domain", "by_sector", "by_industry", "by_fund_source", "by_size", "conversion",
            "comparison", "revision"} <= set(data)


def test_stats_text_and_bulletin(period, tmp_path):
    text = run("stats", "11", "--format", "text")
    assert "签约一批       1 个  总投资 6643亿元（66430000万元）" in text
    assert run("bulletin", "11").startswith("河南省第十一期“三个一批”项目建设活动情况通报\n")
    target = tmp_path / "b.docx"
    run("bulletin", "11", "--docx", str(target))
    assert Document(str(target)).paragraphs[3].text == "河南省第十一期“三个一批”项目建设活动情况通报"


def test_unknown_period():
    with pytest.raises(CommandError, match="未找到第99期"):
        run("stats", "99")
