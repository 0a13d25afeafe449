"""The API does what its OpenAPI schema says: schemathesis generates requests from /api/schema/ and checks
every answer against it, as an anonymous caller, a member and an officer.

Kept cheap for CI: one derandomized example per operation, generated only (no shrinking, no example
database), in-process through the WSGI application on the test database. The checks are the ones a client
generated from the schema relies on: no server error, only documented status codes and content types,
every body valid against its schema. Not checked here (decision 0023): whether a request the schema allows
is accepted, since the schema cannot state that a referenced row exists or that a claim is in the right state
(those answer 400, 404 or 409 as documented).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coproduce.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 1


@pytest.fixture
def connection_kept_open():
    """Calling the WSGI application directly sends Django's request signals, whose handler closes a database
    connection that is inside a transaction (the test's, on PostgreSQL). Django's test client disconnects that
    handler for the same reason; so does this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_answer_is_one_the_schema_describes(db, member, officer, token_for, connection_kept_open):
    callers = {"anonymous": {}}
    for name, user in (("member", member), ("officer", officer)):
        callers[name] = {"Authorization": f"Token {token_for(user)[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        # Each generated request is sent once per caller: generating is the costly part.
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            for caller, headers in callers.items():
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                except Exception as failure:  # noqa: BLE001 - reported with the caller, below
                    raise AssertionError(f"as {caller}: {failure}") from failure

        try:
            conforms()
        except Exception as failure:  # noqa: BLE001 - each operation's failure is collected, then reported
            failures.append(f"{operation.label}: {str(failure)[:600]}")
    assert not failures, "\n\n".join(failures)


def _schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def test_the_schema_declares_values_as_they_are_sent(client, db):
    schema = _schema(client)
    components = schema["components"]["schemas"]
    # A person without an email is sent "": an email address or empty.
    email = components["PersonList"]["properties"]["email"]
    assert "format" not in email and {"maxLength": 0, "type": "string"} in email["anyOf"]
    # An opportunity without a project has no project title.
    assert components["Opportunity"]["properties"]["project_title"]["nullable"] is True
    # Members and anonymous callers get a project's public fields, the team and officers all of them.
    assert components["ProjectPublicOrFull"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/FullProject"},
            {"$ref": "#/components/schemas/PublicProject"},
        ]
    }
    # A public operation needs no token; a member's does.
    assert {} in schema["paths"]["/api/projects/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/people/me/"]["get"]["security"]
    # Every operation documents its errors; writes their conflicts.
    for item in schema["paths"].values():
        for method, operation in item.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (
                method,
                operation["operationId"],
            )
            if method in {"post", "put", "patch", "delete"}:
                assert "409" in operation["responses"]


def test_an_address_under_api_that_no_endpoint_has_answers_json_404(client, db):
    for path in ("/api/no-such-thing/", "/api/papers/0.5/", "/api/evaluation/indicators/null,null/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_a_query_parameter_outside_its_enum_is_refused_with_a_message(api_client, officer, token_for):
    _, secret = token_for(officer)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api_client.get("/api/meetings/", {"when": "AAA"})
    assert response.status_code == 400
    assert "past" in response.json()["when"]
    assert api_client.get("/api/meetings/", {"when": "past"}).status_code == 200
    response = api_client.get("/api/people/", {"sort": "AAA"})
    assert response.status_code == 400 and "sort" in response.json()


def test_a_write_without_a_token_is_answered_401_before_its_body_is_read(api_client, db):
    for path in ("/api/projects/1/outputs/", "/api/projects/1/updates/", "/api/handbook/pages/"):
        response = api_client.post(path, {}, format="json")
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"] == "Token"
    # A method the endpoint does not have is still 405, token or not.
    assert api_client.generic("TRACE", "/api/concordat/versions/").status_code == 405
