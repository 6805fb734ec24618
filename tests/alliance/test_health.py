import os
import threading
import time

import pytest
from django.db import OperationalError


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/healthz/ready"])
def test_healthz_reports_every_part_ok(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["down"] == []


@pytest.mark.django_db
def test_healthz_broker_is_inline_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz").json()["checks"]["broker"] == "inline"


@pytest.mark.django_db
def test_healthz_names_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_names_an_unreachable_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "alliance.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]


@pytest.mark.django_db
def test_healthz_names_a_database_that_is_down(client, monkeypatch):
    from alliance import health

    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refused)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


@pytest.mark.django_db
def test_readiness_answers_in_time_when_a_check_hangs(client, monkeypatch, settings):
    from alliance import health

    released = threading.Event()
    monkeypatch.setitem(health.CHECKS, "database", lambda: released.wait(30) and "ok")
    settings.HEALTH_TIMEOUT = 0.3
    started = time.monotonic()
    response = client.get("/healthz/ready")
    released.set()
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_the_cache_probe_key_is_this_process_own(monkeypatch):
    from alliance import health

    keys = []
    monkeypatch.setattr(health.cache, "set", lambda key, *a, **k: keys.append(key))
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    with pytest.raises(RuntimeError):
        health.check_cache()
    assert keys == [f"healthz:{os.getpid()}"]


def test_liveness_checks_nothing_but_the_process(client, monkeypatch):
    from alliance import health

    monkeypatch.setattr(health, "run_checks", lambda: pytest.fail("liveness ran the checks"))
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
