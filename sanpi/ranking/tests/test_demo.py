"""The demo's targets, 观摩 event, published rankings and pools (issue 14's "Done when"): built on the
demo ledger and reports, marked 演示, credible (targets near the ledger's own plans, marks within the
items' full points, 增补 and 退库 through both reviews)."""

import io
import json

import pytest
from django.core.management import call_command

from sanpi.pools import demo as pools_demo
from sanpi.pools.models import PoolMove
from sanpi.progress import demo as progress_demo
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import Project
from sanpi.ranking import demo as ranking_demo
from sanpi.ranking.models import InspectionEvent, InspectionScore, Ranking, Target
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


def test_demo_has_targets_an_inspection_rankings_and_pools():
    projects_demo.build(generated=600)
    progress_demo.build()
    ranking_demo.build()
    # the full demo holds ~470 经开区 projects; this small one is topped up to the 40 the pools demo spreads
    zone = Project.objects.filter(region_id="410171").exclude(stage="terminated").count()
    for _ in range(max(0, 40 - zone)):
        make_project(region="410171")
    pools_demo.build()
    targets = Target.objects.filter(year=2024)
    assert targets.filter(region__parent_id="410000").exists() and targets.filter(region__parent_id="410100").exists()
    assert all("演示" in t.note and t.set_by_id for t in targets)
    event = InspectionEvent.objects.get(is_demo=True)
    assert "演示" in event.name and event.scorers.count() == 3
    items = {i.pk: i.weight for i in event.items.all()}
    scores = InspectionScore.objects.filter(visit__event=event)
    assert scores.count() == event.visits.count() * 3 * len(items) > 0
    assert all(0 <= s.points <= items[s.item_id] for s in scores)
    published = Ranking.objects.filter(period="2024-06", scheme__name="河南月度考评示例").get()
    out = io.StringIO()
    call_command("ranking", "compute", "2024-06", "--scheme", "河南月度考评示例", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == published.data
    cities = data["groups"][0]
    assert len(cities["rows"]) == 17 and {r["code"] for r in data["groups"][1]["rows"]} == {"419001", "410173"}
    zhengzhou = next(r for r in cities["rows"] if r["code"] == "410100")
    assert zhengzhou["indicators"][0]["value"] is not None and zhengzhou["indicators"][0]["figures"]["planned_wan"]
    moves = PoolMove.objects.filter(is_demo=True)
    supplements = moves.filter(kind="supplement", status="approved")
    withdrawals = moves.filter(kind="withdraw", status="approved")
    assert supplements.exists() and withdrawals.exists()
    assert all("演示" in m.reason and m.first_reviewed_by_id and m.final_reviewed_by_id for m in withdrawals)
    assert moves.filter(status="final").count() <= 1


def test_demo_key_list_entries_get_their_class_from_the_project():
    """新开工: started in the list's year; 续建: started before; 竣工: completed or producing in the year;
    前期预备: not started (the demo's rule, pools/demo._classes, one UPDATE per class)."""
    import datetime as dt

    from sanpi.activities.models import KeyProjectEntry, KeyProjectList

    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="演示名单")
    cases = {
        "new_start": [("started", dt.date(2024, 3, 1))],
        "continuing": [("started", dt.date(2022, 3, 1))],
        "completing": [("started", dt.date(2022, 3, 1)), ("completed", dt.date(2024, 9, 1))],
        "preparatory": [("signed", dt.date(2023, 12, 1))],
    }
    entries = {c: KeyProjectEntry.objects.create(key_list=key_list, project=make_project(stages=stages))
               for c, stages in cases.items()}
    assert pools_demo._classes() == 4
    assert {c: KeyProjectEntry.objects.get(pk=e.pk).entry_class for c, e in entries.items()} == {c: c for c in cases}
