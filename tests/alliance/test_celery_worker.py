"""A real Celery worker on the broker of CELERY_BROKER_URL (Redis in CI) runs queued tasks."""

import os
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from alliance.celery import app
from alliance.tasks import clear_expired_sessions


@pytest.fixture
def worker():
    broker = settings.TEST_CELERY_BROKER_URL
    if not broker:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must set CELERY_BROKER_URL for the worker tests")
        pytest.skip("no CELERY_BROKER_URL: the real-worker test needs Redis")
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=broker, task_always_eager=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            yield
    finally:
        app.conf.update(saved)


def wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_is_run_by_the_worker(worker):
    session = SessionStore()
    session.create()
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    with transaction.atomic():
        clear_expired_sessions.delay_on_commit()
    assert wait_for(lambda: not Session.objects.exists())
