import datetime as dt
from collections import defaultdict

import pytest
from django.core.management import call_command

from sanpi.accounts.models import Organisation
from sanpi.projects import lifecycle
from sanpi.projects.generator import generate
from sanpi.projects.models import Project, StageEvent
from sanpi.projects.validators import parse_project_code, validate_uscc

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def test_generated_projects_obey_the_rules():
    counts = generate(projects=400, seed=7, today=TODAY, batch=150)
    assert counts["projects"] == 400 == Project.objects.count()
    events = defaultdict(list)
    for e in StageEvent.objects.order_by("occurred_on", "id"):
        events[e.project_id].append(lifecycle.Event(lifecycle.Stage(e.stage), e.occurred_on))
    stages = set()
    for project in Project.objects.select_related("region"):
        facts = events[project.pk]
        lifecycle.check_sequence(facts, today=TODAY)  # raises if any generated history is illegal
        assert project.stage == facts[-1].stage and project.stage_date == facts[-1].on
        for field, value in lifecycle.stage_dates(facts).items():
            assert getattr(project, field) == value
        assert project.region.path.startswith("410000/")
        if project.code:
            assert parse_project_code(project.code).format == "new"
        stages.add(project.stage)
    assert {"planned", "signed", "started", "producing"} <= stages
    for uscc in Organisation.objects.values_list("uscc", flat=True):
        validate_uscc(uscc)


def test_same_seed_same_data():
    generate(projects=50, seed=3, today=TODAY)
    generate(projects=50, seed=3, today=TODAY)
    rows = list(Project.objects.order_by("id").values_list("name", "region", "total_investment_wan", "stage"))
    assert rows[:50] == rows[50:]


def test_gen_command_adds_to_existing_data(capsys):
    call_command("gen", projects=30, seed=1)
    call_command("gen", projects=20, seed=2)
    assert Project.objects.count() == 50
    assert "生成完成：项目 20 个" in capsys.readouterr().out


def test_generated_building_takes_months_to_years():
    """开工 → 投产/竣工: at least 8 months (the seed calls 8 months a record), typically one to two years."""
    generate(projects=400, seed=11, today=TODAY, batch=200)
    days = sorted((end - p.started_on).days for p in Project.objects.exclude(started_on=None)
                  for end in [min(d for d in (p.produced_on, p.completed_on) if d) if (p.produced_on or p.completed_on)
                              else None] if end)
    assert len(days) > 30
    assert days[0] >= 240
    assert 365 <= days[len(days) // 2] <= 800
