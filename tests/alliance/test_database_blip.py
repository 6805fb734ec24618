"""Faults: a database blip under a real Celery worker loses no digest and sends none twice.

The worker (a thread of this process, so `mail.outbox` is shared) reaches PostgreSQL through a
TCP proxy the test controls; the test's own connection stays direct. Sixteen people get their
daily digest while the proxy either drops every connection in the middle of the worker's queries,
or refuses every new connection for three seconds (PostgreSQL restarting). The tasks retry on
the database error with backoff (alliance.celery.Task) and claim their outbox row once.
The counts are printed (run with -s) and written in docs/operations-tasks.md.
"""

import contextlib
import socket
import threading
import time
from collections import Counter

import pytest
from celery.signals import task_prerun, task_retry
from django.core import mail
from django.db import connection, connections

from alliance.celery import app
from alliance.models import OutboxTask
from members.factories import affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import Frequency
from projects.tasks import send_notification_email
from tests.alliance.test_celery_worker import wait_for
from tests.alliance.test_faults import own_redis  # noqa: F401
from tests.projects.conftest import world  # noqa: F401
from tests.projects.test_notifications import _yesterday_upload

PEOPLE = 16


class BlippingProxy:
    """A TCP proxy in front of PostgreSQL that can hold its bytes, drop every connection, and
    refuse new ones for a while; it counts the connections it broke."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.flowing = threading.Event()
        self.flowing.set()
        self.refusing_until = 0.0
        self.pairs, self.dropped, self.refused, self.held = [], 0, 0, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if time.monotonic() < self.refusing_until:
                self.refused += 1
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            self.pairs.append((client, server))
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                if not self.flowing.is_set():
                    self.held += 1  # bytes of a query (or a connection) waiting
                self.flowing.wait()
                dst.sendall(data)
        except OSError:
            pass

    def hold(self):
        self.flowing.clear()

    def drop_all(self):
        """Every open connection is cut (held bytes are lost with it)."""
        pairs, self.pairs = self.pairs, []
        for client, server in pairs:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.dropped += len(pairs)
        self.flowing.set()

    def refuse_for(self, seconds: float):
        self.refusing_until = time.monotonic() + seconds

    def close(self):
        self.flowing.set()
        self.listener.close()
        self.drop_all()


@pytest.fixture
def worker_via_proxy(own_redis, monkeypatch):  # noqa: F811
    """A real worker on the test's own Redis whose database connections go through the proxy;
    yields the proxy and the counts of task runs and retries."""
    from celery.contrib.testing.worker import start_worker

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    direct = connections.settings["default"]
    proxy = BlippingProxy(direct["HOST"] or "127.0.0.1", int(direct["PORT"] or 5432))
    options = {**direct.get("OPTIONS", {}), "connect_timeout": 2}
    monkeypatch.setitem(
        connections.settings,
        "default",
        {**direct, "HOST": "127.0.0.1", "PORT": proxy.port, "OPTIONS": options},
    )
    runs, retries = Counter(), Counter()

    def count_run(task_id=None, task=None, **_):
        runs[task.name] += 1

    def count_retry(request=None, **_):
        retries[request.task] += 1

    task_prerun.connect(count_run, weak=False)
    task_retry.connect(count_retry, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="ERROR"):
            yield proxy, runs, retries
    finally:
        task_prerun.disconnect(count_run)
        task_retry.disconnect(count_retry)
        proxy.close()


def _drop_mid_query(proxy, queue):
    proxy.hold()  # the worker's queries hang, as on a database that stopped answering
    queue()
    assert wait_for(lambda: proxy.held > 0, seconds=60)  # the worker is mid-query
    proxy.drop_all()
    return proxy.dropped


def _refuse_three_seconds(proxy, queue):
    proxy.refuse_for(3)
    proxy.drop_all()  # a restart ends the open connections too
    queue()
    time.sleep(3)
    return proxy.dropped + proxy.refused


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "fault", [_drop_mid_query, _refuse_three_seconds], ids=lambda f: f.__name__
)
def test_a_database_blip_under_the_worker_sends_each_digest_once(
    world,  # noqa: F811
    worker_via_proxy,
    fault,
):
    proxy, runs, retries = worker_via_proxy
    people = [world["viewer"], world["contributor"], world["coordinator"]]
    for number in range(PEOPLE - len(people)):
        person = affiliate(world["a"], InstitutionRole.STAFF, email=f"person{number}@a.example")
        services.participant_add(
            project=world["project"], user=person, role="contributor", actor=world["lead"]
        )
        people.append(person)
    _yesterday_upload(world)
    mail.outbox.clear()

    def queue():  # committed and published by the test's own (direct) connection
        assert services.digests_send(frequency=Frequency.DAILY) == PEOPLE

    faults = fault(proxy, queue)

    name = send_notification_email.name
    assert wait_for(lambda: len(mail.outbox) >= PEOPLE, seconds=90)
    assert wait_for(lambda: not OutboxTask.objects.filter(name=name, done_at=None).exists(), 10)
    time.sleep(1)  # a duplicate would arrive now
    sent = Counter(address for message in mail.outbox for address in message.to)
    queued = OutboxTask.objects.filter(name=name).count()
    duplicates = sum(count - 1 for count in sent.values() if count > 1)
    lost = sum(1 for person in people if person.email not in sent)
    print(
        f"\n{fault.__name__}: {faults} connections broken, {queued} digests queued, "
        f"{runs[name]} task runs ({retries[name]} retries), {sum(sent.values())} emails, "
        f"{duplicates} duplicates, {lost} lost"
    )
    # The fault hit the worker mid-task (a digest's, or an instant notice still running).
    assert faults > 0 and sum(retries.values()) > 0
    assert queued == PEOPLE
    assert sorted(sent) == sorted(person.email for person in people)
    assert (duplicates, lost) == (0, 0)
    assert services.digests_send(frequency=Frequency.DAILY) == 0  # the next beat: nothing more
