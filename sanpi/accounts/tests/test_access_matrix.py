"""Every route that takes an object id × every demo role × own and foreign object → expected status.

Routes are discovered, not listed: the URLconf (django.urls.get_resolver) for pages and file downloads,
the OpenAPI schema for the API. Each route with a path parameter needs an entry in ROUTES (pages) or
API_ROUTES (API): which object of the shared world it takes and what a role that may see it gets.
A new route without an entry fails `test_every_id_route_has_an_entry` and its own matrix test, telling
the developer to add one line. The answer for an object outside a role's scope must be the answer
for an id that does not exist (404; 302 to sign-in or 401 for the anonymous public).

One world is built per module; each cell is one request.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from .matrix_world import build_world

ROLES = ("province", "city", "zone", "other_zone", "enterprise", "leader", "anonymous")
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
OFFICES = frozenset({"province", "city", "zone"})  # keep a ledger: edit projects, review reports
MISSING = 987654321  # an id no table holds

# Who sees what (the demo's shape): "A" is in 郑州经开区 (410171), owned by the enterprise's
# organisation and assigned to the leader; "B" is in 洛阳 (410302), foreign to everyone but the province.
PROJECT_SCOPE = {"A": frozenset({"province", "city", "zone", "enterprise", "leader"}), "B": frozenset({"province"})}
# Periods and key-project lists: "A" is the province's (visible on every line below it), "B" is 洛阳's.
REGIONAL_SCOPE = {"A": SIGNED_IN, "B": frozenset({"province"})}
# Import jobs: "A" is the role's own upload, "B" another user's.
OWN_SCOPE = {"A": SIGNED_IN, "B": frozenset()}
# Rule sets are read by everyone; "A" is the default (the province's), "B" one 郑州 adopted.
RULESET_SCOPE = {"A": SIGNED_IN, "B": SIGNED_IN}


def read(role: str, which: str) -> int:
    return 200


def edit(role: str, which: str) -> int:
    """Visible, but only a ledger office may change it."""
    return 200 if role in OFFICES else 403


def report(role: str, which: str) -> int:
    return 200 if role in OFFICES | {"enterprise"} else 403


def post_only(role: str, which: str) -> int:
    """A POST-only action: a visible object answers GET with 405 (the action itself is not run here)."""
    return 405


def revise(role: str, which: str) -> int:
    owners = {"A": {"province"}, "B": {"province", "city"}}[which]
    return 200 if role in owners else 403


@dataclass(frozen=True)
class Route:
    """How to address a route: `args(world, role, which)` gives its path kwargs for object "A"/"B";
    `scope` says which roles see each object; `ok` the status for a role that sees it."""

    args: Callable[..., dict]
    scope: dict = field(default_factory=lambda: PROJECT_SCOPE)
    ok: Callable[[str, str], int] = read
    post: bool = False  # refused objects are tried with POST (the route runs its check on POST)


def project(w, role, which):
    return {"project_id": w.projects[which].pk}


def _pk(attr):
    return lambda w, role, which: {"pk": getattr(w, attr)[which].pk}


def _job(name, attr="jobs"):
    def args(w, role, which):
        jobs = getattr(w, attr)
        return {name: jobs[role if which == "A" and role in jobs else "other"].pk}

    return args


def _ranking_args(w, role, which):
    return {"pk": w.schemes[which].pk, "period": "2024-06"}


def organise(role: str, which: str) -> int:
    """Visible on the line; only the organising office (here the province for both) may act."""
    return 200 if role == "province" else 403


# Pages and downloads, by URL name. One line per route.
ROUTES: dict[str, Route] = {
    "web:project_detail": Route(project),
    "web:project_edit": Route(project, ok=edit),
    "web:stage_advance": Route(project, ok=edit),
    "web:stage_correct": Route(lambda w, r, x: {"project_id": w.projects[x].pk, "event_id": w.events[x].pk}, ok=edit),
    "progress:project_lights": Route(project),
    "progress:counted_set": Route(project, ok=post_only, post=True),
    "progress:statistics_document_record": Route(project, ok=post_only, post=True),
    "progress:report_detail": Route(_pk("reports")),
    "progress:report_edit": Route(_pk("reports"), ok=report),
    "progress:report_submit": Route(_pk("reports"), ok=post_only, post=True),
    "progress:report_return": Route(_pk("reports"), ok=post_only, post=True),
    "progress:report_approve": Route(_pk("reports"), ok=post_only, post=True),
    "progress:report_lock": Route(_pk("reports"), ok=post_only, post=True),
    "progress:problem_detail": Route(_pk("problems")),
    "progress:ruleset_edit": Route(_pk("rule_sets"), scope=RULESET_SCOPE, ok=revise),
    "activities:period_detail": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "activities:period_bulletin": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "activities:period_started_candidates": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "activities:period_bulletin_docx": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "activities:period_bulletin_texts": Route(_pk("periods"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "activities:period_close": Route(_pk("periods"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "activities:period_carry_over": Route(_pk("periods"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "activities:entry_add": Route(_pk("periods"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "activities:period_settings": Route(_pk("periods"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "activities:keylist_detail": Route(_pk("key_lists"), scope=REGIONAL_SCOPE),
    "outlook:period_starts": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "activities:period_revise": Route(_pk("periods"), scope=REGIONAL_SCOPE),
    "progress:report_correct": Route(_pk("reports"), ok=edit),
    "ingest:import_preview": Route(_job("job_id"), scope=OWN_SCOPE),
    "ingest:import_apply": Route(_job("job_id"), scope=OWN_SCOPE, ok=post_only, post=True),
    "ingest:import_errors": Route(_job("job_id"), scope=OWN_SCOPE),
    "ingest:import_retry": Route(_job("job_id"), scope=OWN_SCOPE, ok=post_only, post=True),
    "ingest:export_job": Route(_job("job_id", "export_jobs"), scope=OWN_SCOPE),
    "ingest:export_job_file": Route(_job("job_id", "export_jobs"), scope=OWN_SCOPE),
    "web:file_evidence": Route(lambda w, r, x: {"event_id": w.events[x].pk}),
    "web:file_photo": Route(lambda w, r, x: {"photo_id": w.photos[x].pk}),
    "web:file_closure": Route(lambda w, r, x: {"problem_id": w.problems[x].pk}),
    "web:file_letter": Route(lambda w, r, x: {"escalation_id": w.letters[x].pk}),
    "web:file_import": Route(_job("job_id"), scope=OWN_SCOPE),
    "web:file_approval": Route(lambda w, r, x: {"item_id": w.approval_items[x].pk}),
    "approvals:checklist_create": Route(project, ok=post_only, post=True),
    "approvals:item_edit": Route(lambda w, r, x: {"item_id": w.approval_items[x].pk}, ok=report),
    "funding:line_create": Route(project, ok=edit),
    "funding:line_edit": Route(lambda w, r, x: {"line_id": w.funding_lines[x].pk}, ok=edit),
    "funding:month_edit": Route(lambda w, r, x: {"line_id": w.funding_lines[x].pk, "month": 3}, ok=report),
    "progress:notification_read": Route(
        lambda w, r, x: {"pk": w.notifications[r if x == "A" and r in w.notifications else "other"].pk},
        scope=OWN_SCOPE, ok=post_only, post=True),
    "web:token_revoke": Route(lambda w, r, x: {"token_id": w.tokens[r if x == "A" and r in w.tokens else "other"].pk},
                              scope=OWN_SCOPE, ok=post_only, post=True),
    "ingest:export_period": Route(lambda w, r, x: {"period_id": w.periods[x].pk}, scope=REGIONAL_SCOPE),
    "ranking:scheme_detail": Route(_pk("schemes"), scope=REGIONAL_SCOPE),
    "ranking:scheme_edit": Route(_pk("schemes"), scope=REGIONAL_SCOPE, ok=organise),
    "ranking:scheme_copy": Route(_pk("schemes"), scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "ranking:ranking_detail": Route(_ranking_args, scope=REGIONAL_SCOPE),
    "ranking:ranking_export": Route(_ranking_args, scope=REGIONAL_SCOPE),
    "ranking:ranking_docx": Route(_ranking_args, scope=REGIONAL_SCOPE),
    "ranking:ranking_publish": Route(_ranking_args, scope=REGIONAL_SCOPE, ok=post_only, post=True),
    "ranking:inspection_detail": Route(_pk("inspections"), scope=REGIONAL_SCOPE),
    "ranking:inspection_score": Route(_pk("inspections"), scope=REGIONAL_SCOPE, ok=organise),
    "pools:move_review": Route(_pk("pool_moves"), ok=post_only, post=True),
}

# Routes whose parameters name no record of the ledger (with the reason).
NOT_OBJECTS = {
    "api_swagger_asset": "a file of the Swagger UI by name, the same for everyone",
    "ingest:export_list": "a list's name; its period=/keylist= ids are checked by the list's selector "
                          "(web/tests/test_list_exports.py: foreign and missing ids answer the same 404)",
}
# The API is covered through its schema below, the admin by Django's staff permissions.
SKIPPED_NAMESPACES = ("api", "admin")


def api_project(w, role, which):
    return {"project_id": w.projects[which].pk}


# API operations, by "METHOD /path/{param}" from the OpenAPI schema. GET is tried for every object;
# other methods only for objects a role may not see (they must be refused like a missing id).
API_ROUTES: dict[str, Route] = {
    "GET /api/v1/projects/{project_id}": Route(api_project),
    "PATCH /api/v1/projects/{project_id}": Route(api_project, post=True),
    "GET /api/v1/projects/{project_id}/stage-events": Route(api_project),
    "POST /api/v1/projects/{project_id}/stage-events": Route(api_project, post=True),
    "POST /api/v1/stage-events/{event_id}/correction": Route(lambda w, r, x: {"event_id": w.events[x].pk}, post=True),
    "GET /api/v1/projects/{project_id}/history": Route(api_project),
    "GET /api/v1/regions/{code}": Route(lambda w, r, x: {"code": {"A": "410171", "B": "410302"}[x]}),
    "DELETE /api/v1/tokens/{token_id}": Route(lambda w, r, x: {"token_id": w.tokens["other"].pk},
                                              scope=OWN_SCOPE, post=True),
    "GET /api/v1/periods/{period_id}": Route(lambda w, r, x: {"period_id": w.periods[x].pk}, scope=REGIONAL_SCOPE),
    "GET /api/v1/periods/{period_id}/entries": Route(lambda w, r, x: {"period_id": w.periods[x].pk},
                                                     scope=REGIONAL_SCOPE),
    "GET /api/v1/periods/{period_id}/statistics": Route(lambda w, r, x: {"period_id": w.periods[x].pk},
                                                        scope=REGIONAL_SCOPE),
    "GET /api/v1/keylists/{key_list_id}/entries": Route(lambda w, r, x: {"key_list_id": w.key_lists[x].pk},
                                                        scope=REGIONAL_SCOPE),
    "GET /api/v1/reports/{report_id}": Route(lambda w, r, x: {"report_id": w.reports[x].pk}),
    "POST /api/v1/projects/{project_id}/reports": Route(api_project, post=True),
    "POST /api/v1/reports/{report_id}/submit": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/reports/{report_id}/return": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/reports/{report_id}/approve": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/projects/{project_id}/problems": Route(api_project, post=True),
    "POST /api/v1/reports/{report_id}/photos": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/reports/{report_id}/lock": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/reports/{report_id}/correct": Route(lambda w, r, x: {"report_id": w.reports[x].pk}, post=True),
    "POST /api/v1/problems/{problem_id}/escalate": Route(lambda w, r, x: {"problem_id": w.problems[x].pk}, post=True),
    "POST /api/v1/problems/{problem_id}/resolve": Route(lambda w, r, x: {"problem_id": w.problems[x].pk}, post=True),
    "GET /api/v1/projects/{project_id}/lights": Route(api_project),
    "GET /api/v1/schemes/{scheme_id}": Route(lambda w, r, x: {"scheme_id": w.schemes[x].pk}, scope=REGIONAL_SCOPE),
    "GET /api/v1/schemes/{scheme_id}/rankings/{period}": Route(
        lambda w, r, x: {"scheme_id": w.schemes[x].pk, "period": "2024-06"}, scope=REGIONAL_SCOPE),
    "POST /api/v1/schemes/{scheme_id}/rankings/{period}/publish": Route(
        lambda w, r, x: {"scheme_id": w.schemes[x].pk, "period": "2024-06"}, scope=REGIONAL_SCOPE, post=True),
    "GET /api/v1/projects/{project_id}/pool": Route(api_project),
    "POST /api/v1/projects/{project_id}/pool-moves": Route(api_project, post=True),
    "POST /api/v1/pool-moves/{move_id}/review": Route(lambda w, r, x: {"move_id": w.pool_moves[x].pk}, post=True),
    "GET /api/v1/projects/{project_id}/approvals": Route(api_project),
    "POST /api/v1/projects/{project_id}/approvals": Route(api_project, post=True),
    "PATCH /api/v1/approval-items/{item_id}": Route(lambda w, r, x: {"item_id": w.approval_items[x].pk}, post=True),
    "GET /api/v1/projects/{project_id}/funds": Route(api_project),
    "POST /api/v1/projects/{project_id}/funds": Route(api_project, post=True),
    "GET /api/v1/projects/{project_id}/counted": Route(api_project),
    "PUT /api/v1/projects/{project_id}/counted/{year}/{month}": Route(
        lambda w, r, x: {**api_project(w, r, x), "year": 2024, "month": 5}, post=True),
    "PUT /api/v1/funding-lines/{line_id}/months/{month}": Route(
        lambda w, r, x: {"line_id": w.funding_lines[x].pk, "month": 3}, post=True),
    "POST /api/v1/notifications/{notification_id}/read": Route(
        lambda w, r, x: {"notification_id": w.notifications[r if x == "A" and r in w.notifications else "other"].pk},
        scope=OWN_SCOPE, post=True),
}

ADD_ONE = ("{route} takes an object id but has no entry in {table} of sanpi/accounts/tests/test_access_matrix.py: "
           "add one line saying which object it takes and what a role that may see it gets, so that its "
           "access check is tested for every role.")


# --------------------------------------------------------------------------- discovery


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(n for n in (namespace, p.namespace) if n) if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or prefix + str(p.pattern))
            yield name, prefix + str(p.pattern), p


def page_routes() -> dict[str, str]:
    """Every page or download route with a path parameter: {name: pattern}."""
    found = {}
    for name, pattern, p in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIPPED_NAMESPACES or pattern.startswith("admin/"):
            continue
        if p.pattern.converters or p.pattern.regex.groups:
            found[name] = pattern
    return found


def api_routes() -> dict[str, str]:
    from sanpi.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {f"{method.upper()} {path}": path for path, ops in schema["paths"].items() if "{" in path
            for method in ops}


PAGE_ROUTES = page_routes()
API_ROUTE_KEYS = api_routes()


def test_every_id_route_has_an_entry():
    missing = [ADD_ONE.format(route=r, table="ROUTES") for r in PAGE_ROUTES if r not in ROUTES and r not in NOT_OBJECTS]
    missing += [ADD_ONE.format(route=r, table="API_ROUTES") for r in API_ROUTE_KEYS if r not in API_ROUTES]
    assert missing == []


def test_no_entry_for_a_route_that_is_gone():
    stale = [r for r in ROUTES if r not in PAGE_ROUTES] + [r for r in API_ROUTES if r not in API_ROUTE_KEYS]
    assert stale == [], "remove the entries of routes that no longer exist"


def test_discovery_finds_the_known_routes():
    """The walk itself: it must see pages of every app and the API's id-taking operations."""
    assert {"web:project_detail", "progress:report_detail", "activities:period_bulletin_docx",
            "ingest:import_errors"} <= set(PAGE_ROUTES)
    assert "GET /api/v1/projects/{project_id}" in API_ROUTE_KEYS
    assert len(API_ROUTE_KEYS) >= 19


# --------------------------------------------------------------------------- the world
# --------------------------------------------------------------------------- the world (matrix_world.py)

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module inside a transaction that is rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            yield build_world(media)
            transaction.set_rollback(True)


# --------------------------------------------------------------------------- the matrix


def _status(response) -> int | str:
    """302s are told apart by where they go: to sign-in, or elsewhere (an action's own redirect)."""
    if response.status_code == 302:
        return 302 if "/login/" in response["Location"] else "302 back to the page with a message"
    return response.status_code


def _cells(route: Route, world, role: str) -> dict[str, dict]:
    cells = {"A": route.args(world, role, "A"), "B": route.args(world, role, "B")}
    cells["missing"] = {k: (MISSING if isinstance(v, int) else "419999") for k, v in cells["A"].items()}
    return cells


def _check(route: Route, world, role: str, send, *, anonymous, write_only: bool = False) -> dict:
    """One request per cell. A role's answer for an object it may not see must be the answer for a
    missing id, and that is 404 — except for an action that refuses the role before it looks the id
    up (then: the same answer either way, so nothing is learnt from the id)."""
    wrong = {}
    cells = _cells(route, world, role)
    if role == "anonymous":
        for which, kwargs in cells.items():
            got, where = send(kwargs, post=False)
            if got != anonymous:
                wrong[which] = f"{where}: {got}, expected {anonymous}"
        return wrong
    missing, where = send(cells["missing"], post=route.post)
    if missing != 404 and not route.post:
        wrong["missing"] = f"{where}: {missing}, expected 404"
    if missing in (200, 201):
        wrong["missing"] = f"{where}: a missing id answered {missing}"
    for which in ("A", "B"):
        if role in route.scope[which]:
            if write_only:
                continue  # a write on a visible object is the endpoint's own test, not an access cell
            got, where = send(cells[which], post=False)
            expected = route.ok(role, which)
        else:
            got, where = send(cells[which], post=route.post)
            expected = missing
        if got != expected:
            wrong[which] = f"{where}: {got}, expected {expected}"
    return wrong


@pytest.mark.parametrize("name", sorted(PAGE_ROUTES))
def test_page_route(name, world, db):
    from django.urls import reverse

    if name in NOT_OBJECTS:
        pytest.skip(NOT_OBJECTS[name])
    if name not in ROUTES:
        pytest.fail(ADD_ONE.format(route=name, table="ROUTES"))
    route = ROUTES[name]
    wrong = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])

        def send(kwargs, *, post, client=client):
            url = reverse(name, kwargs=kwargs)
            return _status(client.post(url) if post else client.get(url)), f"{'POST' if post else 'GET'} {url}"

        wrong.update({(role, k): v for k, v in _check(route, world, role, send, anonymous=302).items()})
    assert wrong == {}


@pytest.mark.parametrize("key", sorted(API_ROUTE_KEYS))
def test_api_route(key, world, db):
    if key not in API_ROUTES:
        pytest.fail(ADD_ONE.format(route=key, table="API_ROUTES"))
    route = API_ROUTES[key]
    method, template = key.split(" ", 1)
    wrong = {}
    for role in ROLES:
        headers = {} if role == "anonymous" else {"Authorization": f"Bearer {world.keys[role]}"}
        client = Client(headers=headers)

        def send(kwargs, *, post, client=client):
            path = template.format(**kwargs)
            if method == "GET":
                return client.get(path).status_code, f"GET {path}"
            response = getattr(client, method.lower())(path, data=json.dumps({}), content_type="application/json")
            return response.status_code, f"{method} {path}"

        wrong.update({(role, k): v for k, v in _check(route, world, role, send, anonymous=401,
                                                       write_only=method != "GET").items()})
    assert wrong == {}
