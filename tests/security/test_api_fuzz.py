"""Schemathesis over the OpenAPI document, in process (WSGI): anonymous, as a delegate and as the
Secretariat, valid and invalid inputs, a bounded number of cases per operation. Any 5xx, or a response
that breaks its documented schema, fails."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.django_db

# per operation, role and mode: about 47 x 3 x 2 x 4 requests in all; ACCORD_FUZZ_EXAMPLES raises it for a longer hunt.
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "4"))


def _credentials(person) -> tuple[dict, dict]:
    """(headers, cookies) of a signed-in session with a CSRF token, as a browser sends them."""
    if person is None:
        return {}, {}
    client = Client()
    client.force_login(person)
    token = _get_new_csrf_string()
    return {"X-CSRFToken": token}, {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}


def _fuzz(operation, mode, call, known: dict) -> None:
    """Up to EXAMPLES cases of one operation; known path values (the organisation, existing codes and
    ids) are mixed in so that cases get past the 404s."""
    positive = mode == GenerationMode.POSITIVE

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case, data):
        for name in case.path_parameters or {}:
            if name in known and (positive or data.draw(st.booleans())):
                case.path_parameters[name] = data.draw(known[name])
        call(case)

    try:
        run()
    except Unsatisfiable:
        if positive:
            raise  # an operation with no invalid input to make (nothing but `org`) is fine


@pytest.fixture
def _connection_kept():
    """The WSGI handler closes the database connection after each request; the test's transaction lives on
    it, so keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept")
@pytest.mark.parametrize("who", [None, "kz_delegate", "secretariat"])
def test_no_operation_answers_5xx_or_breaks_its_schema(sco, people, finance, programme, who):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    headers, cookies = _credentials(people[who] if who else None)
    known = {
        "org": st.just("sco"),
        "code": st.sampled_from(["kz-rail", "kz-road", "kz-secret", "ct", "zz"]),
        "pk": st.sampled_from([finance["commitment"].pk, 1, 2, 10**12]),
    }
    statuses = Counter()

    def call(case):
        checks = [not_a_server_error, response_schema_conformance]
        response = case.call_and_validate(headers=headers, cookies=cookies, checks=checks)
        statuses[(case.method, response.status_code)] += 1

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, call, known)
    print(who, sorted(statuses.items()))
    # The cases reach the code: reads answer, bad bodies are refused by name, and a signed-in session's
    # writes pass authentication and the CSRF check.
    assert statuses[("GET", 200)] and statuses[("POST", 422)]
    if who:
        assert not statuses[("POST", 401)] and not statuses[("GET", 401)]
