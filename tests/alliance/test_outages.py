"""Faults injected on servers of the test's own: a Redis it stops, a proxy in front of PostgreSQL
it freezes. The pages and the API keep answering, from the database, or answer a clear 503."""

import shutil
import socket
import subprocess
import threading
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
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:  # redis-server says when it accepts connections
        if "Ready to accept connections" in line:
            break
    settings.CACHES = {
        "default": {
            "BACKEND": "alliance.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }

    def stop():
        process.terminate()
        process.wait(5)

    process.stop = stop
    yield process
    if process.poll() is None:
        stop()


@pytest.mark.django_db
def test_pages_api_and_sign_in_answer_with_redis_gone(client, own_redis, user, events_index):  # noqa: F811
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


class FreezableProxy:
    """A TCP proxy in front of PostgreSQL that the test can freeze: bytes are held, not lost,
    as when the database's host stops answering."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.flowing = threading.Event()
        self.flowing.set()
        self.sockets = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                self.flowing.wait()
                dst.sendall(data)
        except OSError:
            pass

    def freeze(self):
        self.flowing.clear()

    def close(self):
        self.flowing.set()
        for sock in [self.listener, *self.sockets]:
            sock.close()


@pytest.fixture
def frozen_database(monkeypatch):
    """New connections (those of other threads) go through a frozen proxy, with short timeouts;
    the test's own connection stays direct."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    direct = connections.settings["default"]
    proxy = FreezableProxy(direct["HOST"] or "127.0.0.1", int(direct["PORT"] or 5432))
    options = {**direct.get("OPTIONS", {}), "connect_timeout": 1}
    via_proxy = {**direct, "HOST": "127.0.0.1", "PORT": proxy.port, "OPTIONS": options}
    monkeypatch.setitem(connections.settings, "default", via_proxy)
    proxy.freeze()
    yield proxy
    proxy.close()


def in_thread(function):
    """function()'s result, run in a thread of its own (with its own database connection)."""
    from django.db import connection

    result = {}

    def run():
        try:
            result["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return result["value"]


@pytest.mark.django_db
def test_api_answers_a_problem_document_when_the_database_is_frozen(frozen_database):
    from django.test import Client

    started = time.monotonic()
    response = in_thread(lambda: Client(raise_request_exception=False).get("/api/v1/courses/"))
    assert time.monotonic() - started < 10  # the connect timeouts (1 s each try), not gunicorn's
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_readiness_answers_within_two_seconds_when_the_database_is_frozen(frozen_database, client):
    started = time.monotonic()
    response = client.get("/healthz/ready")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"
    assert client.get("/healthz/live").status_code == 200


@pytest.mark.django_db
def test_a_slow_statement_is_cancelled_by_the_statement_timeout():
    from django.db import OperationalError, connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    options = connections.settings["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=30000"
    assert options["connect_timeout"] == 5
    assert connections.settings["default"]["CONN_HEALTH_CHECKS"] is True
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT slow; SET LOCAL statement_timeout = 100")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(5)")
        cursor.execute("ROLLBACK TO SAVEPOINT slow")
