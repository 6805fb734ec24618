"""Webhook deliveries to a real HTTP server on 127.0.0.1, signed, logged, retried."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from api.models import Webhook, WebhookDelivery
from api.webhooks import (
    MAX_ATTEMPTS,
    MAX_WEBHOOKS,
    backoff_seconds,
    deliver,
    webhook_create,
    webhook_rotate_secret,
)
from members.factories import UserFactory
from members.services import courses as courses_services
from tests.api.conftest import auth, course


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    Receiver.received, Receiver.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_port}"]
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def verify(headers, body, secret) -> bool:
    parts = dict(item.split("=", 1) for item in headers["X-Alliance-Signature"].split(",")[:1])
    signatures = [
        item[3:] for item in headers["X-Alliance-Signature"].split(",") if item.startswith("v1=")
    ]
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return expected in signatures


@pytest.mark.django_db(transaction=True)
def test_a_catalog_change_is_delivered_signed(receiver, catalog):
    webhook = webhook_create(owner=UserFactory(), url=receiver)
    course(catalog["lyon"], "Webhook Course")
    events = [json.loads(body)["event"] for _headers, body in Receiver.received]
    assert "course.created" in events
    headers, body = Receiver.received[-1]
    assert verify(headers, body, webhook.secret)
    assert not verify(headers, body, "another secret")
    assert WebhookDelivery.objects.filter(status="delivered").exists()


@pytest.mark.django_db
def test_during_rotation_both_secrets_sign(receiver):
    webhook = webhook_create(owner=UserFactory(), url=receiver)
    old = webhook.secret
    webhook_rotate_secret(webhook=webhook, actor=webhook.owner)
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={})
    assert deliver(delivery)
    headers, body = Receiver.received[-1]
    assert verify(headers, body, old) and verify(headers, body, webhook.secret)


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_by_the_next_scheduled_run(
    receiver, catalog, django_capture_on_commit_callbacks
):
    """Tasks run inline (no broker): the change's delivery fails, the beat task retries it once
    its backoff is over, in sequence order, and the receiver can order them by sequence."""
    from api import tasks

    Receiver.status = 500
    webhook = webhook_create(owner=UserFactory(), url=receiver)
    for title in ("Python 3", "Python 4"):
        with django_capture_on_commit_callbacks(execute=True):
            courses_services.course_update(
                course=catalog["python"], actor=None, data={"title": title}
            )
    failed = list(webhook.deliveries.order_by("sequence"))
    assert [(d.sequence, d.status, d.attempts) for d in failed] == [
        (1, "failed", 1),
        (2, "failed", 1),
    ]
    assert all(30 <= (d.next_attempt_at - d.last_attempt_at).seconds <= 38 for d in failed)
    tasks.retry_webhook_deliveries()  # not due yet
    assert WebhookDelivery.objects.get(pk=failed[0].pk).attempts == 1

    Receiver.status, Receiver.received = 200, []
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    tasks.retry_webhook_deliveries()
    assert [json.loads(body)["sequence"] for _h, body in Receiver.received] == [1, 2]
    assert [h["X-Alliance-Sequence"] for h, _b in Receiver.received] == ["1", "2"]
    assert set(webhook.deliveries.values_list("status", "attempts", "next_attempt_at")) == {
        ("delivered", 2, None)
    }


@pytest.mark.django_db
def test_a_delivery_is_given_up_after_the_last_attempt(receiver):
    Receiver.status = 500
    webhook = webhook_create(owner=UserFactory(), url=receiver)
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event="course.updated", payload={}, attempts=MAX_ATTEMPTS - 1
    )
    assert not deliver(delivery)
    assert delivery.next_attempt_at is None
    assert backoff_seconds(10) <= 6 * 60 * 60 * 1.25


@pytest.mark.django_db
def test_the_partner_registers_and_reads_its_delivery_log(api, receiver, keys):
    response = api.post(
        "/api/v1/webhooks/", {"url": receiver}, format="json", **auth(keys["partner"])
    )
    assert response.status_code == 201
    hook = response.json()
    assert len(hook["secret"]) == 64
    webhook = Webhook.objects.get(pk=hook["id"])
    deliver(WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={}))
    log = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries/", **auth(keys["partner"])).json()
    assert log[0]["status"] == "delivered"
    # Another partner sees nothing of it.
    assert (
        api.get(f"/api/v1/webhooks/{hook['id']}/deliveries/", **auth(keys["nairobi"])).status_code
        == 404
    )
    assert api.get("/api/v1/webhooks/").status_code == 401
    # The secret is shown at creation and rotation only.
    assert "secret" not in api.get("/api/v1/webhooks/", **auth(keys["partner"])).json()[0]
    read = api.get(f"/api/v1/webhooks/{hook['id']}/", **auth(keys["partner"])).json()
    assert "secret" not in read
    rotated = api.post(f"/api/v1/webhooks/{hook['id']}/rotate/", **auth(keys["partner"])).json()
    assert rotated["secret"] != hook["secret"]
    webhook.refresh_from_db()
    assert rotated["secret"] == webhook.secret
    assert set(ModelLogEntry.objects.values_list("action", flat=True)) >= {
        "api.webhook.created",
        "api.webhook.secret_rotated",
    }


@pytest.mark.django_db
def test_private_targets_are_refused_at_registration(api, keys):
    for url in ("http://127.0.0.1:9/hook", "http://10.0.0.1/hook", "http://localhost/hook"):
        response = api.post(
            "/api/v1/webhooks/", {"url": url}, format="json", **auth(keys["partner"])
        )
        assert response.status_code == 400
        assert "url" in response.json()["errors"]
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_an_account_has_at_most_a_few_webhooks(api, keys, receiver):
    for n in range(MAX_WEBHOOKS + 1):
        response = api.post(
            "/api/v1/webhooks/",
            {"url": f"{receiver}/{n}"},
            format="json",
            **auth(keys["partner"]),
        )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "at most 5 webhooks" in response.json()["errors"]["url"][0]
    assert Webhook.objects.count() == MAX_WEBHOOKS
