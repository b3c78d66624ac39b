"""Every curl example of docs/api.md, run as written against the demo data: each gets the status the
guide gives (a `# 201`/`# 409` comment on the line or the next; 2xx otherwise). Ids are never written
in the guide: it looks them up by stable keys (`VAR=$(curl … | jq '.path')`), and so does this test."""

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import pytest
from django.test import Client

from conftest import reset_database_baseline

DOC = Path(__file__).parents[3] / "docs" / "api.md"
BASE = "http://127.0.0.1:8000/api/v1"
ASSIGN = re.compile(r"^(\w+)=\$\((curl .*)\|\s*jq (?:-r )?'([^']*)'\)\s*(?:#\s*(.*))?$")


def examples(text: str) -> list[dict]:
    """The curl commands of the guide's sh/bash blocks, in order: {line, var, jq, command, expect}."""
    found = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S):
        lines = _commands(re.sub(r"\\\n\s*", " ", block).splitlines())
        for i, line in enumerate(lines):
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            match = ASSIGN.match(line)
            if match:
                var, command, path, comment = match.groups()
            elif line.startswith("curl "):
                var, path, command = None, None, line
                comment = line.split(" # ", 1)[1] if " # " in line else ""
            else:
                continue
            status = re.match(r"\s*(\d{3})", comment or "") or re.match(r"#\s*(\d{3})\b", following)
            found.append({"line": line, "var": var, "jq": path, "command": command,
                          "expect": int(status.group(1)) if status else None})
    return found


def _commands(lines: list[str]) -> list[str]:
    """Lines joined while a quote is open (a JSON body may run over several lines)."""
    out, pending = [], ""
    for line in lines:
        pending = f"{pending} {line.strip()}" if pending else line.strip()
        try:
            shlex.split(pending, comments=True)
        except ValueError:
            continue
        out.append(pending)
        pending = ""
    return out


def jq(value, path: str):
    for part in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        value = value[part[0]] if part[0] else value[int(part[1])]
    return value


def run(client: Client, command: str, env: dict):
    command = re.sub(r"\$(\w+)", lambda m: str(env[m.group(1)]), command)
    words = shlex.split(command, comments=True)
    method, headers, body, url = "GET", {}, None, None
    words = words[:words.index(">")] if ">" in words else words
    it = iter(words[1:])
    for word in it:
        if word == "-X":
            method = next(it)
        elif word == "-H":
            name, _, value = next(it).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = next(it)
            method = "POST" if method == "GET" else method
        elif word == "-D":
            next(it)
        elif not word.startswith("-"):
            url = word
    assert url.startswith(BASE), url
    content_type = headers.pop("Content-Type", "application/json")
    return client.generic(method, "/api/v1" + url[len(BASE):], data=body or "", content_type=content_type,
                          headers=headers)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from sanpi.accounts.models import User
    from sanpi.api.services import token_create
    from sanpi.progress import demo as progress_demo
    from sanpi.projects import demo as projects_demo

    with django_db_blocker.unblock():
        projects_demo.build(generated=60)
        progress_demo.build()
        from sanpi.ranking.examples import examples_install

        examples_install()  # the scoring schemes the ranking examples use (`sanpi ranking examples`)
        yield token_create(user=User.objects.get(username="province"), name="文档示例").key
        reset_database_baseline()


@pytest.mark.django_db
def test_every_example_of_the_api_guide_runs_on_the_demo_as_written(demo, settings):
    settings.SANPI_API_RATE = "100000/min"
    text = DOC.read_text()
    found = examples(text)
    assert len(found) >= 15 and not re.search(r"\$API/\w+/\d{2,}", text), "ids written in the guide"
    today = dt.date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    env = {"API": BASE, "TOKEN": demo, "YEAR": year, "MONTH": month}
    client = Client()
    failures = []
    for example in found:
        response = run(client, example["command"], env)
        expect = example["expect"]
        ok = response.status_code == expect if expect else 200 <= response.status_code < 300
        if not ok:
            failures.append(f"{example['line']}\n  → {response.status_code} {response.content[:300].decode()}")
            continue
        if example["var"]:
            env[example["var"]] = json.dumps(jq(response.json(), example["jq"]))
    assert failures == []


@pytest.mark.django_db
def test_the_demo_prints_a_sample_call_for_the_address_it_serves(demo):
    import io

    from sanpi.api import demo as api_demo

    out = io.StringIO()
    api_demo.build(stdout=out, addr="127.0.0.1:8123")
    assert "http://127.0.0.1:8123/api/v1/projects?limit=5" in out.getvalue() and ":8000" not in out.getvalue()


@pytest.mark.django_db
def test_demo_filing_times_are_not_in_the_future(demo):
    from django.utils import timezone

    from sanpi.progress.models import MonthlyReport

    now = timezone.now()
    assert MonthlyReport.objects.filter(submitted_at__isnull=False).exists()
    assert not MonthlyReport.objects.filter(submitted_at__gt=now).exists()
    assert not MonthlyReport.objects.filter(approved_at__gt=now).exists()
