"""Stripe without the network: its HTTP API replaced at the SDK's HTTP-client boundary, and
webhook events signed with the SDK's own signature scheme."""

import itertools
import json
import threading
import time
from urllib.parse import parse_qs

import stripe

WEBHOOK_SECRET = "whsec_test_secret"
SECRET_KEY = "sk_test_fake"
_event_ids = itertools.count(1)


class FakeStripeHTTP(stripe.HTTPClient):
    """Answers every call with a new Checkout session (or an error), and records the calls."""

    name = "fake"

    def __init__(self, status: int = 200):
        super().__init__()
        self.status = status
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        with self._lock:
            self.calls.append(
                {
                    "method": method,
                    "url": url,
                    "headers": dict(headers or {}),
                    "data": {key: value[0] for key, value in parse_qs(post_data or "").items()},
                }
            )
            number = len(self.calls)
        if self.status != 200:
            error = {"error": {"type": "invalid_request_error", "message": "Refused."}}
            return json.dumps(error), self.status, {"request-id": f"req_{number}"}
        session = {
            "id": f"cs_test_{number}",
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/c/pay/cs_test_{number}",
        }
        return json.dumps(session), 200, {"request-id": f"req_{number}"}

    def close(self):
        pass

    def sessions_created(self) -> list[dict]:
        return [call for call in self.calls if call["url"].endswith("/v1/checkout/sessions")]


def event(kind: str, obj: dict, *, event_id: str | None = None, created: int | None = None):
    return {
        "id": event_id or f"evt_test_{next(_event_ids)}",
        "object": "event",
        "type": kind,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def session(payment, *, payment_status: str = "paid", **changes) -> dict:
    """The Checkout session of `payment` as Stripe sends it in events."""
    return {
        "id": payment.stripe_checkout_session_id,
        "object": "checkout.session",
        "client_reference_id": str(payment.pk),
        "payment_status": payment_status,
        "payment_intent": f"pi_test_{payment.pk}",
        "amount_total": payment.amount_cents,
        "currency": "usd",
        "metadata": {"payment_id": str(payment.pk), "institution": "x"},
        **changes,
    }


def intent(payment, **changes) -> dict:
    return {
        "id": f"pi_test_{payment.pk}",
        "object": "payment_intent",
        "status": "succeeded",
        "amount_received": payment.amount_cents,
        "currency": "usd",
        "metadata": {"payment_id": str(payment.pk)},
        **changes,
    }


def charge(payment, *, refunded: bool = True) -> dict:
    return {
        "id": f"ch_test_{payment.pk}",
        "object": "charge",
        "payment_intent": f"pi_test_{payment.pk}",
        "amount": payment.amount_cents,
        "amount_refunded": payment.amount_cents if refunded else 100,
        "refunded": refunded,
        "currency": "usd",
    }


def signature(body: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)


def deliver(client, payload, **signing):
    """POST an event to the webhook as Stripe does: the raw JSON body, signed."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(
        "/stripe/webhook/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature(body, **signing)},
    )
