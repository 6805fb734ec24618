"""Faults injected on servers of the test's own: a Redis it stops, a proxy in front of PostgreSQL
it freezes. The pages and the API keep answering, from the database, or answer a clear 503."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from tests.cms.conftest import event, events_index, home  # noqa: F401


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A redis-server of this test's own, used as the cache; `own_redis.stop()` takes it away."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.02)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    settings.CACHES["default"]["BACKEND"] = "alliance.cache.FailOpenRedisCache"
    settings.CACHES["default"]["OPTIONS"] = {
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
        "IGNORE_EXCEPTIONS": True,
    }

    def stop():
        process.terminate()
        process.wait(5)

    process.stop = stop
    yield process
    if process.poll() is None:
        stop()


@pytest.mark.django_db
def test_pages_api_and_sign_in_answer_with_redis_gone(client, own_redis, user, events_index):
    conference = event(events_index)
    cache.set("probe", "here")
    assert cache.get("probe") == "here"  # the test's own Redis is the cache
    assert client.get("/en/").status_code == 200  # fills the site-root and catalog caches
    own_redis.stop()

    started = time.monotonic()
    assert client.get("/en/").status_code == 200
    assert client.get(conference.url).status_code == 200
    assert client.get("/api/v1/courses/").status_code == 200
    assert client.get("/api/v1/changes/").status_code == 200
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "alliance-demo-2020"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert time.monotonic() - started < 10  # refused connections, no waiting on timeouts
    assert cache.get("probe") is None  # a miss, not an error


@pytest.mark.django_db
def test_rate_limits_fail_open_with_redis_gone(own_redis, rf):
    from cms.spam import success_limit

    own_redis.stop()
    with success_limit(rf.get("/"), "test", limit=1) as limit:
        assert limit.allowed
