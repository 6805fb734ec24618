"""Webhook deliveries to a real HTTP server on 127.0.0.1, signed, logged, retried."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from api.models import WebhookDelivery
from api.webhooks import deliver, webhook_create, webhook_rotate_secret
from members.factories import UserFactory
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
    webhook_rotate_secret(webhook=webhook)
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={})
    assert deliver(delivery)
    headers, body = Receiver.received[-1]
    assert verify(headers, body, old) and verify(headers, body, webhook.secret)


@pytest.mark.django_db
def test_a_failed_delivery_is_logged_and_retried_with_backoff(receiver, monkeypatch):
    from api import tasks

    Receiver.status = 500
    webhook = webhook_create(owner=UserFactory(), url=receiver)
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={})
    retried = {}

    def fake_retry(countdown):
        retried["countdown"] = countdown
        return RuntimeError("retry")

    monkeypatch.setattr(tasks.deliver_webhook, "retry", fake_retry)
    monkeypatch.setattr(tasks.deliver_webhook.request, "is_eager", False, raising=False)
    with pytest.raises(RuntimeError):
        tasks.deliver_webhook.run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.response_status == 500
    assert delivery.attempts == 1
    assert 30 <= retried["countdown"] <= 38
    assert tasks.backoff_seconds(10) <= 6 * 60 * 60 * 1.25


@pytest.mark.django_db
def test_the_partner_registers_and_reads_its_delivery_log(api, receiver, keys):
    response = api.post(
        "/api/v1/webhooks/", {"url": receiver}, format="json", **auth(keys["partner"])
    )
    assert response.status_code == 201
    hook = response.json()
    assert len(hook["secret"]) == 64
    from api.models import Webhook

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
    rotated = api.post(f"/api/v1/webhooks/{hook['id']}/rotate/", **auth(keys["partner"])).json()
    assert rotated["secret"] != hook["secret"]
