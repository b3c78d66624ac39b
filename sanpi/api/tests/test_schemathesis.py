"""A bounded property-based run over the OpenAPI document: no input gives a server error, and
every response matches the documented status codes, content type and schema.

Authenticated as a province user (token) on a database with a few projects; each operation gets
at most MAX_EXAMPLES generated cases (about 20 operations → a few hundred cases in all).
"""

import datetime as dt

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sanpi.api.models import ApiToken
from sanpi.api.services import token_create
from sanpi.testing import make_org, make_project, make_uscc, make_user

MAX_EXAMPLES = 15
# Pydantic 2 (django-ninja) writes OpenAPI 3.1; schemathesis 3.x supports it behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


@pytest.fixture
def api_schema(db):
    from sanpi.api.api import api

    # The WSGI handler closes "old" connections at each request's start and end, which would end
    # the test's transaction; Django's own test client disconnects these the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.from_dict(api.get_openapi_schema(), app=WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_key(db, settings):
    # The throttle has its own tests; here every generated case must reach its endpoint.
    settings.API_RATE = "1000000/min"
    user = make_user("fuzz_province", role="province", region="410000")
    owner = make_org("模糊测试企业有限公司", uscc=make_uscc("410171"))
    for n, region in enumerate(["410171", "410172", "410202", "420102"]):
        make_project(f"模糊测试项目{n}", region=region, owner=owner,
                     stages=[("signed", dt.date(2024, 1, 5)), ("started", dt.date(2024, 3, 1))])
    new = token_create(user=user, name="fuzz")
    # Out of reach of generated ids, so that DELETE /tokens/{id} never revokes the run's own token.
    ApiToken.objects.filter(pk=new.token.pk).update(id=10**15)
    return new.key


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, fuzz_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_key}"}, checks=CHECKS)
