"""Finding 8 (issue 10): access was decided in seven functions outside accounts/access.py and domain
errors were mapped to responses four ways. Now: one helper (`fetch`) behind every `access_*`, one
middleware for pages, one handler set for the API."""

import pathlib
import re

import pytest
from django.test import RequestFactory

from sanpi.accounts import access
from sanpi.accounts.models import User
from sanpi.core.errors import Conflict, Forbidden, NotFound
from sanpi.core.middleware import DomainErrorMiddleware
from sanpi.testing import make_project

SANPI = pathlib.Path(__file__).resolve().parents[2]


def _sources():
    for path in SANPI.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_access_is_decided_in_access_py_only():
    """No `access_*` function and no id-to-NotFound fetch of its own outside accounts/access.py (and
    accounts/rules/, its parts by domain, which access.py re-exports as the one entry point)."""
    own = []
    for path, text in _sources():
        if path.parent == SANPI / "accounts" and path.name == "access.py" or path.parent == SANPI / "accounts" / "rules":
            continue
        own += [f"{path.relative_to(SANPI)}: def {m}" for m in re.findall(r"^def (access_\w+)\(", text, re.M)]
        if re.search(r"pk = int\(\w+_id\)", text):
            own.append(f"{path.relative_to(SANPI)}: parses an object id itself (use access.fetch)")
    assert own == []


def test_domain_errors_are_mapped_in_one_place_for_pages():
    """Views raise NotFound/Forbidden/Conflict; only sanpi.core.middleware turns them into pages."""
    converting = []
    for path, text in _sources():
        if re.search(r"except (NotFound|Forbidden)[^:]*:\s*\n\s*raise (Http404|PermissionDenied)", text) or \
                re.search(r"raise (Http404|PermissionDenied)\(", text):
            converting.append(str(path.relative_to(SANPI)))
    assert converting == []


@pytest.mark.parametrize("junk", ["abc", "²", "1" * 23, "0", "-3", "", None, "1.5", " ", True, 2**63])
def test_junk_ids_are_not_found(junk):
    with pytest.raises(NotFound):
        access.parse_id(junk)


@pytest.mark.django_db
def test_fetch_answers_alike_for_unknown_and_foreign(zone_user):
    from sanpi.projects.models import Project

    foreign = make_project(region="410302")
    own = make_project(region="410171")
    scoped = access.scope_projects(Project.objects.all(), zone_user)
    assert access.fetch(scoped, str(own.pk)) == own
    messages = []
    for pk in (foreign.pk, 10**9):
        with pytest.raises(NotFound) as exc:
            access.fetch(scoped, pk)
        messages.append(exc.value.message)
    assert messages[0] == messages[1]


@pytest.mark.parametrize("error, status, text", [
    (NotFound(), 404, "记录不存在，或您无权访问。"),
    (Forbidden("只有园区/县区、市、省项目办可以修改项目台账。"), 403, "只有园区/县区、市、省项目办可以修改项目台账。"),
    (Conflict(), 409, "该记录已被他人修改"),
])
@pytest.mark.django_db
def test_middleware_renders_the_chinese_page_in_the_site_layout(error, status, text):
    request = RequestFactory().get("/x/")
    request.user = User(username="u", role=User.Role.ZONE)
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, error)
    html = response.content.decode()
    assert response.status_code == status
    assert text in html and "<!doctype html>" in html.lower() and "驾驶舱" in html


def test_other_exceptions_pass_through():
    assert DomainErrorMiddleware(lambda r: None).process_exception(RequestFactory().get("/"), ValueError()) is None


@pytest.mark.django_db
def test_a_page_and_the_api_answer_a_foreign_project_alike(client, zone_user):
    from sanpi.api.services import token_create

    foreign = make_project(region="410302")
    client.force_login(zone_user)
    page = client.get(f"/projects/{foreign.pk}/")
    missing = client.get("/projects/987654321/")
    assert (page.status_code, missing.status_code) == (404, 404)
    for response in (page, missing):
        assert 'data-testid="not-found"' in response.content.decode()
        assert "记录不存在，或您无权访问。" in response.content.decode()
    assert foreign.name.encode() not in page.content
    key = token_create(user=zone_user, name="t").key
    api = client.get(f"/api/v1/projects/{foreign.pk}", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 404 and api.json()["code"] == "not_found"
