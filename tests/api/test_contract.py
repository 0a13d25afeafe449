"""The API does what its OpenAPI schema says: schemathesis generates requests from /api/schema/ and checks
every answer against it, as an anonymous caller, a member and an officer.

Kept cheap for CI: a few derandomized examples per operation, generated only (no shrinking, no example
database), in-process through the WSGI application on the test database. The checks are the ones a client
generated from the schema relies on: no server error, only documented status codes and content types,
every body valid against its schema. Not checked here (decision 0023): whether a request the schema allows
is accepted, since the schema cannot state that a referenced row exists or that a claim is in the right state
(those answer 400, 404 or 409 as documented).
"""

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coproduce.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 2


def test_every_answer_is_one_the_schema_describes(db, member, officer, token_for):
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
