"""schemathesis over every operation of the served schema, with every check: no failure.

At least 1,000 cases in all (docs/api.md gives the count per run); writes are made with an
institution's write key, so the fuzzer reaches the write paths as well as the refusals."""

import socket

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from alliance.wsgi import application
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CASES = {"count": 0}


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
    every name resolves to a documentation address (public, so the target is accepted)."""

    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("203.0.113.7", port or 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@schema.parametrize()
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_every_operation_passes_every_check(case, keys):
    if case.method != "GET" or case.path.startswith("/api/v1/webhooks"):
        case.headers = {
            **(case.headers or {}),
            "Authorization": auth(keys["nairobi"])["HTTP_AUTHORIZATION"],
        }
    CASES["count"] += 1
    case.call_and_validate()
