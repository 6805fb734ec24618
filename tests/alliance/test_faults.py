"""Faults: a broker that is down loses nothing queued meanwhile, and runs nothing twice.

The test starts its own redis-server on a free port (never the machine's shared one), stops it,
works through the real views and services, starts it again and runs the outbox relay and a real
Celery worker. A pool process killed mid-task is bench/worker_killed.py (docs/operations-tasks.md).
"""

import shutil
import socket
import subprocess
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from kombu import pools

from alliance.celery import app
from alliance.models import OutboxTask
from alliance.outbox import relay
from alliance.tasks import clear_expired_sessions
from cms.models import EventIndexPage, EventRegistration
from cms.tasks import send_event_registration_confirmation
from members import imports
from members.models import CourseImport, Platform
from members.services import dues as dues_services
from tests.alliance.test_celery_worker import wait_for
from tests.cms.conftest import event, publish, registration_data
from tests.members.conftest import fees, world  # noqa: F401
from tests.members.test_course_import import CSV_GOOD

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


class OwnRedis:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory, self.process = directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        assert wait_for(lambda: _answers(client), seconds=5)

    def stop(self):
        self.process.terminate()
        self.process.wait(5)


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def _use_broker(url, eager):
    pools.reset()  # the connections and producers of the previous broker
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.update(broker_url=url, task_always_eager=eager)


@pytest.fixture
def own_redis(tmp_path, monkeypatch):
    server = OwnRedis(tmp_path)
    server.start()
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)  # Celery prefers it to its settings
    _use_broker(server.url, eager=False)
    try:
        yield server
    finally:
        _use_broker(settings.CELERY_BROKER_URL, eager=True)
        if server.process.poll() is None:
            server.stop()


@pytest.mark.django_db(transaction=True)
def test_work_queued_while_the_broker_is_down_runs_once_it_is_back(client, own_redis, world, fees):  # noqa: F811
    from celery.contrib.testing.worker import start_worker

    from cms.models import HomePage

    summit = event(
        publish(
            HomePage.objects.get(locale__language_code="en"),
            EventIndexPage(title="Events", slug="events"),
        )
    )
    own_redis.stop()

    # Registering, recording a bank transfer, uploading an import: all answer success.
    response = client.post(summit.url + "register/", registration_data())
    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    dues_services.payment_record_offline(
        membership=world["institution_b"].membership,
        reference="TR-1",
        received_on=timezone.localdate(),
        actor=world["secretariat"],
    )
    course_import = imports.import_create(
        institution=world["institution_a"],
        actor=world["admin_a"],
        upload=SimpleUploadedFile("courses.csv", CSV_GOOD.encode()),
        format="",
        platform=Platform.objects.get(slug="edx"),
    )
    assert OutboxTask.objects.filter(sent_at=None).count() == 3
    assert relay() == 0  # still down: nothing sent, nothing lost

    own_redis.start()
    assert relay() == 3
    assert relay() == 0
    with start_worker(
        app, perform_ping_check=False, pool="solo", loglevel="WARNING", queues=["celery", "imports"]
    ):
        assert wait_for(lambda: len(mail.outbox) == 2, seconds=20)
        assert wait_for(lambda: CourseImport.objects.get().status == "done", seconds=20)
        # The confirmation's message delivered a second time (a worker lost, a resend) sends
        # nothing more: it is claimed once. The sessions task queued after it shows it ran.
        row = OutboxTask.objects.get(name=send_event_registration_confirmation.name)
        send_event_registration_confirmation.apply_async(
            [registration.pk], task_id=str(row.task_id)
        )
        expired = SessionStore()
        expired.create()
        Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
        with transaction.atomic():
            clear_expired_sessions.delay_on_commit()
        assert wait_for(lambda: not Session.objects.exists())
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [registration.email, world["admin_b"].email]
    )
    course_import.refresh_from_db()
    assert (course_import.created_count, course_import.error_count) == (2, 0)
    assert not OutboxTask.objects.filter(sent_at=None).exists()
