"""Done-when of the import identity rule, on the whole demo: for every demo user who may export the
ledger, `sanpi export ledger` then `sanpi import --format json` finds nothing to create, update or
refuse. Builds the demo once for the module (the same steps as `sanpi demo`)."""

import importlib
import io
import json

import pytest
from django.core.management import call_command

from conftest import reset_database_baseline
from sanpi.projects import demo as projects_demo
from sanpi.projects.management.commands.demo import DEMO_APPS


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build()
        for name in DEMO_APPS:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError:
                continue
            module.build()
        yield
        reset_database_baseline()


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["province", "zhengzhou", "jingkai"])
def test_export_then_import_changes_nothing(built, tmp_path, username):
    path = tmp_path / f"{username}.xlsx"
    call_command("export", "ledger", "--user", username, "-o", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import", str(path), "--user", username, "--format", "json", stdout=out)
    summary = json.loads(out.getvalue())
    problems = [r for r in summary["rows"] if r["action"] != "unchanged"][:5]
    assert (summary["created"], summary["updated"], summary["errors"]) == (0, 0, 0), problems
    assert summary["unchanged"] > 0
