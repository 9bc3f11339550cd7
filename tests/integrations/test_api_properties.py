"""A property-based run over every operation of the API (schemathesis, against the WSGI app):
whatever the generated request, no answer is a 500, and every answer is one the OpenAPI document
describes: its status, its media type and its body."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.integrations.api_helpers import token_for
from tests.workflow import import_world, processed_document

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 30


@pytest.fixture
def api_schema(app):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "100000 per minute"
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_within_its_schema_and_never_500(app, api_schema, make_user):
    import_world()
    admin = make_user("admin")
    processed_document(user=make_user("clerk"))
    headers = {"Authorization": f"Bearer {token_for(admin)}"}
    ran, statuses = [], []
    for operation in operations(api_schema):

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            statuses.append(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

        run()
        ran.append(operation.label)
    # Every operation ran, and the run reached past the token and the checks: some answers were successes.
    assert len(ran) == 11, ran
    assert {200, 201} <= set(statuses) and 500 not in statuses


def test_without_a_token_every_operation_answers_a_documented_401(api_schema):
    for operation in operations(api_schema):

        @settings(max_examples=3, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code in (401, 404, 413, 422), response.status_code

        run()
