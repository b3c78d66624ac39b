"""The example scheme on rows written here, recomputed independently (plain Python over the rows),
publishing freezes, and the 通报 .docx carries every group."""

import datetime as dt
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from sanpi.accounts.models import Region
from sanpi.progress.models import MonthlyReport, ProjectLight
from sanpi.projects.models import AnnualPlan, Project
from sanpi.ranking import bulletin, rules, services
from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import Ranking, Scheme
from sanpi.ranking.scoring import ranking_compute
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db

# region → [(plan 万元, ytd to June 万元, started on, light)]
ROWS = {
    "410171": [(1000, 600, dt.date(2024, 3, 1), "green"), (500, 100, None, "red")],  # 郑州 (经开区)
    "410173": [(2000, 900, dt.date(2024, 2, 1), "yellow")],  # 航空港区: its own row, not 郑州's
    "410302": [(800, 500, dt.date(2024, 5, 1), "green"), (400, 300, dt.date(2023, 5, 1), "red")],  # 洛阳
    "410702": [(1000, 200, None, "red")],  # 新乡
    "419001": [(300, 200, dt.date(2024, 6, 30), "green")],  # 济源
}
UNIT = {"410171": "410100", "410173": "410173", "410302": "410300", "410702": "410700", "419001": "419001"}


@pytest.fixture
def world():
    examples_install()
    for region, rows in ROWS.items():
        for plan, ytd, started, colour in rows:
            p = make_project(region=region, stages=[("started", started)] if started else [])
            AnnualPlan.objects.create(project=p, year=2024, planned_investment_wan=Decimal(plan))
            MonthlyReport.objects.create(project=p, year=2024, month=6, status="approved",
                                         month_completed_wan=Decimal(1), ytd_completed_wan=Decimal(ytd),
                                         since_start_completed_wan=Decimal(ytd))
            ProjectLight.objects.create(project=p, year=2024, month=6, colour=colour,
                                        evaluated_at=dt.datetime(2024, 7, 6, tzinfo=dt.UTC))
    return Scheme.objects.get(name="河南月度考评示例")


def _r1(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _independent(codes: list[str]) -> dict[str, Decimal]:
    """The scheme's arithmetic written out from the rows, without the app's rules or queries.
    无数据 (no rows behind a figure) scores 0 and takes no place in a rank-based order; a count of
    starts is known everywhere (none is 0)."""
    plan, ytd, starts, red, yellow = ({c: Decimal(0) for c in codes} for _ in range(5))
    lit = set()
    for project in Project.objects.all():
        unit = UNIT[project.region_id]
        if unit not in codes:
            continue
        plan[unit] += AnnualPlan.objects.get(project=project, year=2024).planned_investment_wan
        ytd[unit] += MonthlyReport.objects.get(project=project, year=2024, month=6).ytd_completed_wan
        if project.started_on and dt.date(2024, 1, 1) <= project.started_on <= dt.date(2024, 6, 30):
            starts[unit] += 1
        colour = ProjectLight.objects.get(project=project, year=2024, month=6).colour
        lit.add(unit)
        red[unit] += colour == "red"
        yellow[unit] += colour == "yellow"
    rate = {c: _r1(ytd[c] * 100 / plan[c]) if plan[c] else None for c in codes}
    gap = {c: rate[c] - _r1(Decimal(50)) if rate[c] is not None else None for c in codes}  # 序时进度 6/12

    def by_rank(values, full, last, better_high=True):
        n = len([v for v in values.values() if v is not None])
        out = {}
        for c, v in values.items():
            if v is None:
                out[c] = Decimal(0)  # 无数据
                continue
            ahead = sum(1 for w in values.values() if w is not None and (w > v if better_high else w < v))
            out[c] = full if n == 1 else full - (full - last) * ahead / (n - 1)
        return out

    p_rate = {c: min(Decimal(40), Decimal(40) * rate[c] / 100) if rate[c] is not None else Decimal(0) for c in codes}
    p_gap = by_rank(gap, Decimal(20), Decimal(10))
    p_starts = by_rank(dict(starts), Decimal(20), Decimal(10))
    p_red = by_rank({c: red[c] if c in lit else None for c in codes}, Decimal(10), Decimal(0), better_high=False)

    def band(n):
        return Decimal(10 if n <= 0 else 8 if n <= 3 else 5 if n <= 6 else 2 if n <= 10 else 0)

    p_yellow = {c: band(yellow[c]) if c in lit else Decimal(0) for c in codes}
    return {c: sum((p[c] for p in (p_rate, p_gap, p_starts, p_red, p_yellow)), Decimal(0)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP) for c in codes}


def test_scores_recomputed_from_the_rows(world):
    data = ranking_compute(scheme=world, period=rules.parse_period("2024-06"))
    assert [g["name"] for g in data["groups"]] == ["省辖市", "济源示范区、航空港区"]
    cities, special = data["groups"]
    assert len(cities["rows"]) == 17 and {r["code"] for r in special["rows"]} == {"419001", "410173"}
    codes = [r["code"] for r in cities["rows"]]
    expected = _independent(codes)
    got = {r["code"]: Decimal(r["score"]) for r in cities["rows"]}
    assert got == expected
    zhengzhou = next(r for r in cities["rows"] if r["code"] == "410100")
    rate = zhengzhou["indicators"][0]
    assert rate["value"] == "46.7" and rate["figures"]["planned_wan"] == "1500.00"  # 700 ÷ 1500, no 航空港区
    assert rate["link"] == "/projects/?unit=410100&live=1" and rate["no_data"] is False
    assert zhengzhou["rank"] == 1 + sum(1 for v in got.values() if v > got["410100"])


def test_a_region_without_data_scores_zero_and_is_marked(world):
    """开封 has no project: it stays in its group, each figure with no rows is 无数据 and 0 points (not the
    保底 of the rank-based 序时进度差, not the best of 红灯 where fewer is better), its starts are 0."""
    data = ranking_compute(scheme=world, period=rules.parse_period("2024-06"))
    cities = data["groups"][0]
    kaifeng = next(r for r in cities["rows"] if r["code"] == "410200")
    by_key = {c["key"]: c for c in kaifeng["indicators"]}
    for key in ("investment_completion_rate", "schedule_gap", "red_lights", "yellow_lights"):
        assert (by_key[key]["value"], by_key[key]["points"], by_key[key]["no_data"]) == (None, "0.00", True), key
    starts = by_key["new_starts"]
    assert (starts["value"], starts["no_data"]) == ("0", False)
    zeros = [r for r in cities["rows"] if r["indicators"][1]["no_data"]]
    assert len(zeros) == 14 and {r["rank"] for r in zeros} == {max(r["rank"] for r in cities["rows"])}
    # the rank-based 序时进度差 spreads 20 → 10 over the three measured cities only
    measured = sorted(Decimal(r["indicators"][1]["points"]) for r in cities["rows"] if not r["indicators"][1]["no_data"])
    assert measured[0] == Decimal(10) and measured[-1] == Decimal(20)
    detail = next(r["detail"] for r in bulletin.context(data)["groups"][0]["rows"] if r["name"] == kaifeng["name"])
    assert "年度投资完成率无数据/0.00分" in detail and "新开工项目0个/" in detail


def test_publishing_freezes_byte_for_byte(world):
    province = make_user(role="province", region="410000")
    published = services.ranking_publish(user=province, scheme_id=world.pk, period="2024-06")
    before = json.dumps(Ranking.objects.get(pk=published.pk).data, ensure_ascii=False, sort_keys=True)
    out = io.StringIO()
    call_command("ranking", "compute", "2024-06", "--scheme", world.name, "--format", "json", stdout=out)
    project = Project.objects.filter(region_id="410302").first()
    report = MonthlyReport.objects.get(project=project)
    report.ytd_completed_wan = Decimal(5000)
    report.since_start_completed_wan = Decimal(5000)
    report.save()
    project.region = Region.objects.get(pk="410702")
    project.save()
    after = json.dumps(Ranking.objects.get(pk=published.pk).data, ensure_ascii=False, sort_keys=True)
    assert after == before
    again = io.StringIO()
    call_command("ranking", "compute", "2024-06", "--scheme", world.name, "--format", "json", stdout=again)
    assert again.getvalue() == out.getvalue()  # the command reads the frozen ranking
    live = ranking_compute(scheme=world, period=rules.parse_period("2024-06"))
    assert json.dumps(live["groups"], sort_keys=True) != json.dumps(published.data["groups"], sort_keys=True)
    with pytest.raises(Exception, match="已发布"):
        services.ranking_publish(user=province, scheme_id=world.pk, period="2024-06")
    revised = services.ranking_publish(user=province, scheme_id=world.pk, period="2024-06", reason="洛阳月报更正")
    assert revised.revision == 2 and revised.data["reason"] == "洛阳月报更正"


def test_city_may_not_publish_the_province_ranking(world):
    from sanpi.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.ranking_publish(user=make_user(role="city", region="410100"), scheme_id=world.pk, period="2024-06")


def test_bulletin_docx_carries_each_group(world, tmp_path):
    from docx import Document

    path = tmp_path / "通报.docx"
    call_command("ranking", "bulletin", "2024-06", "--scheme", world.name, "--docx", str(path), stdout=io.StringIO())
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "省辖市排名" in text and "济源示范区、航空港区排名" in text
    assert "仿宋" in doc.styles["Normal"].font.name
    tables = doc.tables
    assert len(tables) == 2
    names = [row.cells[1].text for row in tables[1].rows[1:]]
    assert sorted(names) == sorted(["济源示范区", "郑州航空港经济综合实验区"])
    assert len(tables[0].rows) == 1 + 17
    assert bulletin.title(ranking_compute(scheme=world, period=rules.parse_period("2024-06"))).startswith("关于2024年6月")
