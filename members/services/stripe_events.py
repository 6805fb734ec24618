"""Stripe's webhook events: stored once by the view, processed once by a task."""

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alliance.celery import queue
from members.models import (
    Payment,
    PaymentMethod,
    PaymentStatus,
    StripeEvent,
)
from members.services.dues import payment_fail, payment_succeed, payment_take_back

logger = logging.getLogger(__name__)


# Stripe's webhook events: stored once by the view, processed once by a task.
#
# An event names our payment by its Checkout session, its payment intent, or the payment id we
# gave Stripe in the metadata. Charges and disputes name only the payment intent, which we learn
# from the first session or payment intent event: one that comes earlier waits, unprocessed, and
# is processed as soon as a payment has that payment intent.

# The objects whose events name our payment themselves (a session's id, a payment intent's
# metadata): when none of ours matches, the event is not ours.
OBJECTS_THAT_NAME_THE_PAYMENT = ("checkout.session", "payment_intent")


class StripeEventConflict(Exception):
    """The event's ids name two different payments, or another payment intent than the one the
    payment has: it is not recorded."""


def stripe_payment_intent_of(obj: dict) -> str:
    """The payment intent an event's object (session, payment intent, charge, dispute) names."""
    value = obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    return value if isinstance(value, str) else ""


@transaction.atomic
def stripe_event_receive(*, payload: dict) -> StripeEvent:
    """Store a verified event once by its id and process it after the commit. A replay changes
    nothing; one not processed yet is queued again (processing happens once whatever the number
    of tasks)."""
    event, _created = StripeEvent.objects.get_or_create(
        id=payload["id"],
        defaults={
            "type": payload["type"],
            "payload": payload,
            "payment_intent": stripe_payment_intent_of(payload["data"]["object"]),
        },
    )
    if event.processed_at is None:
        queue("members.tasks.process_stripe_event", event.pk)
    return event


@transaction.atomic
def stripe_event_process(*, event: StripeEvent) -> str:
    """Act on a stored event once (its row stays locked meanwhile); keep the result on it. An
    event that waits for its payment intent is left unprocessed."""
    event = StripeEvent.objects.select_for_update().get(pk=event.pk)
    if event.processed_at is not None:
        return event.result
    handler = STRIPE_EVENT_HANDLERS.get(event.type)
    if handler is None:
        logger.info("Stripe event %s (%s) acknowledged and ignored.", event.pk, event.type)
        result = "ignored: not an event the platform acts on"
    else:
        result = _stripe_event_apply(event, handler)
    if result is None:
        event.result = f"waiting for payment intent {event.payment_intent}"[:200]
        event.save(update_fields=["result"])
        return event.result
    event.processed_at, event.result = timezone.now(), result[:200]
    event.save(update_fields=["processed_at", "result"])
    return result


def _stripe_event_apply(event: StripeEvent, handler) -> str | None:
    """The handler's result for the event's payment; None while its payment intent is not
    known (charges and disputes that came first)."""
    obj = event.payload["data"]["object"]
    try:
        payment = _find_payment(obj, event.payment_intent)
    except StripeEventConflict as conflict:
        logger.error("Stripe event %s not recorded: %s", event.pk, conflict)
        return f"conflict, not recorded: {conflict}"
    waits = event.payment_intent and obj.get("object") not in OBJECTS_THAT_NAME_THE_PAYMENT
    if payment is None and waits:
        return None
    if payment is None:
        logger.warning("Stripe event %s names no payment of ours.", event.pk)
        return "ignored: no payment of ours"
    _link_payment_intent(payment, event.payment_intent)
    created = event.payload.get("created")
    at = datetime.fromtimestamp(created, tz=UTC) if isinstance(created, int) else None
    return handler(payment, obj, at)


def _find_payment(obj: dict, payment_intent: str) -> Payment | None:
    """Our payment named by the event's session id, payment intent and metadata, or None; a
    StripeEventConflict when they name different payments."""
    lookups = Q(pk__in=[])
    if obj.get("object") == "checkout.session" and isinstance(obj.get("id"), str):
        lookups |= Q(stripe_checkout_session_id=obj["id"])
    if payment_intent:
        lookups |= Q(stripe_payment_intent_id=payment_intent)
    metadata = obj.get("metadata")
    payment_id = str(metadata.get("payment_id", "")) if isinstance(metadata, dict) else ""
    if payment_id.isdigit() and len(payment_id) < 19:  # a 64-bit integer
        lookups |= Q(pk=int(payment_id), method=PaymentMethod.STRIPE)
    payments = list(Payment.objects.filter(lookups)[:2])
    if len(payments) > 1:
        raise StripeEventConflict(f"it names payments {payments[0].pk} and {payments[1].pk}")
    payment = payments[0] if payments else None
    known = payment and payment.stripe_payment_intent_id
    if known and payment_intent and known != payment_intent:
        raise StripeEventConflict(f"payment {payment.pk} has another payment intent")
    return payment


def _link_payment_intent(payment: Payment, payment_intent: str) -> None:
    """The payment's intent, the first time an event tells it; the events that waited for it
    are processed next."""
    if not payment_intent or payment.stripe_payment_intent_id:
        return
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id=payment_intent)
    payment.stripe_payment_intent_id = payment_intent
    waiting = StripeEvent.objects.filter(payment_intent=payment_intent, processed_at=None)
    for event_id in waiting.values_list("pk", flat=True):
        queue("members.tasks.process_stripe_event", event_id)


def _on_created(payment: Payment, obj: dict, at: datetime | None) -> str:
    """payment_intent.created: the payment intent is linked, nothing else changes."""
    return f"payment {payment.pk}: payment intent known"


def _on_paid(payment: Payment, obj: dict, at: datetime | None) -> str:
    """checkout.session.completed, checkout.session.async_payment_succeeded,
    payment_intent.succeeded: whichever comes first records the payment."""
    is_session = obj.get("object") == "checkout.session"
    if is_session and obj.get("payment_status") != "paid":
        # Checkout is done, the bank has not confirmed yet (e.g. a debit): no new Checkout.
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(checkout_url="")
        return f"payment {payment.pk}: waiting for the bank"
    amount = obj.get("amount_total" if is_session else "amount_received")
    currency = str(obj.get("currency", "")).lower()
    if amount != payment.amount_cents or currency != "usd":
        logger.error(
            "Stripe paid %s %s for payment %s: not recorded.", amount, currency, payment.pk
        )
        return f"payment {payment.pk}: {amount} {currency} does not match, not recorded"
    if payment_succeed(payment=payment, paid_at=at) is None:
        return f"payment {payment.pk}: no change"
    queue("members.tasks.send_receipt_email", payment.pk)
    return f"payment {payment.pk}: paid"


def _on_failed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """checkout.session.async_payment_failed, checkout.session.expired."""
    changed = payment_fail(payment=payment)
    return f"payment {payment.pk}: {'failed' if changed else 'no change'}"


def _on_attempt_failed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """payment_intent.payment_failed: one attempt failed (a card declined); the Checkout page
    stays open for another, so the payment stays as it is."""
    return f"payment {payment.pk}: an attempt failed, no change"


def _on_refunded(payment: Payment, obj: dict, at: datetime | None) -> str:
    """charge.refunded: a full refund takes back the period; a partial one changes nothing."""
    if obj.get("refunded") is not True:
        logger.warning("Partial refund of payment %s: the membership is kept.", payment.pk)
        return f"payment {payment.pk}: partial refund, no change"
    changed = payment_take_back(payment=payment, status=PaymentStatus.REFUNDED, at=at)
    return f"payment {payment.pk}: {'refunded' if changed else 'no change'}"


def _on_disputed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """charge.dispute.created: the bank took the money back; the period no longer counts."""
    logger.error("Payment %s is disputed: its period no longer counts.", payment.pk)
    changed = payment_take_back(payment=payment, status=PaymentStatus.DISPUTED, at=at)
    return f"payment {payment.pk}: {'disputed' if changed else 'no change'}"


STRIPE_EVENT_HANDLERS = {
    "checkout.session.completed": _on_paid,
    "checkout.session.async_payment_succeeded": _on_paid,
    "payment_intent.created": _on_created,
    "payment_intent.succeeded": _on_paid,
    "payment_intent.payment_failed": _on_attempt_failed,
    "checkout.session.async_payment_failed": _on_failed,
    "checkout.session.expired": _on_failed,
    "charge.refunded": _on_refunded,
    "charge.dispute.created": _on_disputed,
}
