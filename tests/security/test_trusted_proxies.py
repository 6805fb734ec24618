"""Issue 12, part 6: a client cannot pick its own address with X-Forwarded-For (or its scheme)."""

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from alliance.accounts import AccountAdapter
from alliance.clientip import client_address
from api import throttles
from cms.spam import success_limit

URL = "/api/v1/subjects/"


@pytest.fixture
def ten_a_minute(monkeypatch, settings):
    cache.clear()
    rates = {"anonymous": "10/minute", "partner": "10/minute"}
    monkeypatch.setattr(throttles.AnonymousThrottle, "THROTTLE_RATES", rates)
    return APIClient()


def request(forwarded=None, remote="192.0.2.1"):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.django_db
def test_by_default_forwarded_addresses_do_not_escape_the_rate_limit(ten_a_minute, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    answers = [
        ten_a_minute.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(1, 21)
    ]
    assert answers == [200] * 10 + [429] * 10


@pytest.mark.django_db
def test_behind_one_proxy_the_rightmost_address_is_the_client(ten_a_minute, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Twenty clients behind our proxy: each has its own count.
    answers = [
        ten_a_minute.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(1, 21)
    ]
    assert answers == [200] * 20
    # One client writing addresses of its own to the left: our proxy's entry still counts.
    answers = [
        ten_a_minute.get(URL, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.99").status_code
        for n in range(1, 21)
    ]
    assert answers == [200] * 10 + [429] * 10


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.5", "192.0.2.1"),  # ignored by default
        (1, None, "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # what the client wrote is not believed
        (2, "10.9.9.9, 203.0.113.5, 198.51.100.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the one a proxy wrote
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "not-an-address", "192.0.2.1"),
        (1, " , ", "192.0.2.1"),
    ],
)
def test_the_client_address(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request(forwarded)) == expected


@pytest.mark.parametrize(("count", "expected"), [(0, "192.0.2.1"), (1, "203.0.113.5")])
def test_allauths_limits_count_the_same_address(settings, count, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert AccountAdapter().get_client_ip(request("10.9.9.9, 203.0.113.5")) == expected


def test_the_public_forms_limit_counts_the_same_address(settings):
    cache.clear()
    spoofed = [request(f"203.0.113.{n}") for n in range(1, 8)]

    def allowed(request):
        with success_limit(request, "proxy-test", limit=5) as limit:
            limit.succeeded()
            return limit.allowed

    assert [allowed(r) for r in spoofed] == [True] * 5 + [False] * 2
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    assert all(allowed(r) for r in spoofed)


def test_x_forwarded_proto_is_ignored_without_a_trusted_proxy():
    assert not RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https").is_secure()


@pytest.mark.parametrize(("count", "header"), [("0", "None"), ("1", "X_FORWARDED_PROTO")])
def test_production_believes_x_forwarded_proto_only_behind_a_trusted_proxy(count, header):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "alliance.example.org",
        "TRUSTED_PROXY_COUNT": count,
    }
    code = (
        "import alliance.settings.production as s;"
        "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert header in result.stdout
