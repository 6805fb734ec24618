"""schemathesis over every operation of the served schema, with every check but one: no failure.

At least 1,000 cases in all; writes are made with an institution's write key, so the fuzzer
reaches the write paths as well as the refusals. Left out: positive_data_acceptance, which wants
every schema-valid request accepted: a cursor is opaque (a random string that the schema allows is
still no cursor this API handed out, a 400), and state limits what may be written (at most five
webhooks a key, an Idempotency-Key used for another body), neither of which a schema can say."""

import os
import socket

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import positive_data_acceptance

from alliance.wsgi import application
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CASES = {"count": 0, "operations": set()}
DEFAULT_MAX_EXAMPLES = 8  # about 2,000 cases over the 23 operations
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", DEFAULT_MAX_EXAMPLES))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly would close the test's database connection after each
    request (Django's test client disconnects this handler in the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    """Webhook targets are resolved when registered: the resolver is across the network, so
    every name resolves to one public address (no request is sent: the test never commits)."""

    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port or 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.fixture(scope="module", autouse=True)
def _at_least_1000_cases():
    """The whole run (every operation, the default size) makes at least 1,000 cases."""
    yield
    every = {operation.label for operation in operations()}
    if CASES["operations"] == every and MAX_EXAMPLES == DEFAULT_MAX_EXAMPLES:
        assert CASES["count"] >= 1000, CASES["count"]
    print(f"\nschemathesis: {CASES['count']} cases over {len(CASES['operations'])} operations")


def leaves_out_the_key(case) -> bool:
    """The coverage phase's case that checks a missing Authorization header is refused."""
    data = case.meta.phase.data if case.meta else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.MISSING_PARAMETER
        and (data.parameter or "").lower() == "authorization"
    )


def operations():
    return [result.ok() for result in schema.get_all_operations()]


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_passes_every_check(case, keys):
    # The WSGI client does not decode gzip (GZipMiddleware would answer it when asked).
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    needs_key = case.method != "GET" or case.path.startswith("/api/v1/webhooks")
    if needs_key and not leaves_out_the_key(case):
        case.headers["Authorization"] = auth(keys["nairobi"])["HTTP_AUTHORIZATION"]
    CASES["count"] += 1
    CASES["operations"].add(case.operation.label)
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
