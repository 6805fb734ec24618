"""Stripe's events in every order, events naming other payments, and bodies built to break the
parser: signed with the real scheme; only Stripe's HTTP API is faked."""

import json
from itertools import combinations, permutations

import pytest
from django.db import transaction

from members import selectors
from members.models import (
    MembershipPeriod,
    MembershipStatus,
    Payment,
    PaymentStatus,
    StripeEvent,
)
from tests.members.stripe_fakes import charge, event, intent, session, signature


def dispute(payment) -> dict:
    return {
        "id": f"dp_test_{payment.pk}",
        "object": "dispute",
        "charge": f"ch_test_{payment.pk}",
        "payment_intent": f"pi_test_{payment.pk}",
        "amount": payment.amount_cents,
        "currency": "usd",
        "status": "needs_response",
    }


def attempt(payment) -> dict:
    """The payment intent before the money arrived."""
    return intent(payment, status="requires_payment_method", amount_received=0)


EVENTS = {
    "created": lambda payment: event("payment_intent.created", attempt(payment)),
    "succeeded": lambda payment: event("payment_intent.succeeded", intent(payment)),
    "failed": lambda payment: event("payment_intent.payment_failed", attempt(payment)),
    "refunded": lambda payment: event("charge.refunded", charge(payment)),
    "disputed": lambda payment: event("charge.dispute.created", dispute(payment)),
}
# Charges and disputes name only the payment intent; the others name our payment themselves.
NAMES_THE_PAYMENT = {"created", "succeeded", "failed"}


def expected(kinds: set[str]) -> str:
    """The payment's final status once every event in `kinds` came, in any order: the money
    taken back wins over the money arriving, a refund over a dispute; a failed attempt changes
    nothing."""
    if not kinds & NAMES_THE_PAYMENT:
        return PaymentStatus.PENDING  # the charge's events wait for their payment intent
    for kind, status in [
        ("refunded", PaymentStatus.REFUNDED),
        ("disputed", PaymentStatus.DISPUTED),
        ("succeeded", PaymentStatus.SUCCEEDED),
    ]:
        if kind in kinds:
            return status
    return PaymentStatus.PENDING


SUBSETS = [set(kinds) for n in range(1, 6) for kinds in combinations(EVENTS, n)]


@pytest.mark.parametrize("kinds", SUBSETS, ids=["+".join(sorted(kinds)) for kinds in SUBSETS])
def test_every_ordering_ends_in_the_same_state(send, world, checkout, kinds):
    payment = checkout()
    membership = world["institution_b"].membership
    status = expected(kinds)
    orderings = list(permutations(sorted(kinds)))
    for ordering in orderings:
        with transaction.atomic():
            for kind in ordering:
                assert send(EVENTS[kind](payment)).status_code == 200
            payment.refresh_from_db()
            membership.refresh_from_db()
            outcome = {
                "status": payment.status,
                "counted periods": len(selectors.periods_of(membership=membership)),
                "membership": membership.status,
                "waiting": StripeEvent.objects.filter(processed_at=None).count(),
            }
            assert outcome == {
                "status": status,
                "counted periods": int(status == PaymentStatus.SUCCEEDED),
                "membership": MembershipStatus.ACTIVE
                if status == PaymentStatus.SUCCEEDED
                else MembershipStatus.PENDING,
                "waiting": 0 if kinds & NAMES_THE_PAYMENT else len(kinds),
            }, ordering
            transaction.set_rollback(True)
    assert len(orderings) == len(list(permutations(kinds)))


def test_a_refund_before_the_success_waits_and_is_applied(send, world, checkout):
    payment = checkout()
    send(EVENTS["refunded"](payment))
    refund = StripeEvent.objects.get()
    assert refund.processed_at is None
    assert refund.result == f"waiting for payment intent pi_test_{payment.pk}"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    # A replay of the waiting event does not give up on it.
    send(refund.payload)
    refund.refresh_from_db()
    assert refund.processed_at is None

    send(EVENTS["succeeded"](payment))
    payment.refresh_from_db()
    refund.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert refund.processed_at is not None
    assert refund.result == f"payment {payment.pk}: refunded"
    membership = world["institution_b"].membership
    membership.refresh_from_db()
    assert (membership.status, membership.paid_until) == (MembershipStatus.PENDING, None)


def test_a_charge_of_a_known_payment_intent_is_applied_at_once(send, checkout):
    payment = checkout()
    send(event("checkout.session.completed", session(payment)))
    send(EVENTS["disputed"](payment))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.DISPUTED
    assert not StripeEvent.objects.filter(processed_at=None).exists()


# Events that name another payment ------------------------------------------------------------


def snapshot():
    return {
        "payments": sorted(
            Payment.objects.values_list(
                "pk", "status", "stripe_payment_intent_id", "receipt_number"
            )
        ),
        "periods": MembershipPeriod.objects.count(),
    }


@pytest.fixture
def two_payments(send, checkout):
    """Payment `a` expired; payment `b`, the new attempt, has its payment intent."""
    a = checkout()
    send(
        event("checkout.session.expired", session(a, payment_status="unpaid", payment_intent=None))
    )
    b = checkout()
    send(EVENTS["created"](b))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.stripe_payment_intent_id) == (PaymentStatus.FAILED, None)
    assert b.stripe_payment_intent_id == f"pi_test_{b.pk}"
    return a, b


@pytest.mark.parametrize(
    "forge",
    [
        # a's Checkout session, paid with b's payment intent
        lambda a, b: event(
            "checkout.session.completed", session(a, payment_intent=f"pi_test_{b.pk}")
        ),
        # b's payment intent, with a's id in the metadata
        lambda a, b: event(
            "payment_intent.succeeded", intent(b, metadata={"payment_id": str(a.pk)})
        ),
        # a's Checkout session, with b's id in the metadata
        lambda a, b: event(
            "checkout.session.completed", session(a, metadata={"payment_id": str(b.pk)})
        ),
        # b's session, naming another payment intent than b's
        lambda a, b: event("checkout.session.completed", session(b, payment_intent="pi_other")),
    ],
    ids=[
        "session-with-other-intent",
        "intent-with-other-metadata",
        "session-with-other-metadata",
        "other-intent",
    ],
)
def test_an_event_naming_another_payment_changes_nothing(send, two_payments, forge):
    a, b = two_payments
    before = snapshot()
    response = send(forge(a, b))
    assert response.status_code == 200
    assert snapshot() == before
    stored = StripeEvent.objects.latest("received_at")
    assert stored.processed_at is not None
    assert stored.result.startswith("conflict, not recorded")


def test_the_same_payment_by_every_id_is_recorded(send, two_payments):
    _a, b = two_payments
    send(event("checkout.session.completed", session(b)))
    b.refresh_from_db()
    assert b.status == PaymentStatus.SUCCEEDED


# Bodies built to break the parser -------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def post_signed(client, body: str):
    return client.post(
        "/stripe/webhook/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature(body)},
    )


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
@pytest.mark.parametrize("where", ["body", "object", "metadata"])
def test_a_signed_deeply_nested_body_is_refused(client, db, fake_stripe, depth, where):
    inner = nested(depth)
    body = {
        "body": inner,
        "object": f'{{"id": "evt_deep", "type": "charge.refunded", "data": {{"object": {inner}}}}}',
        "metadata": (
            '{"id": "evt_deep", "type": "charge.refunded", "data": {"object": '
            f'{{"object": "charge", "metadata": {{"x": {inner}}}}}}}}}'
        ),
    }[where]
    assert post_signed(client, body).status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_signed_event_as_deep_as_stripe_s_is_accepted(client, db, fake_stripe):
    payload = event("customer.updated", {"id": "cus_1", "object": "customer"})
    deep = payload["data"]["object"]
    for _level in range(25):
        deep["child"] = {}
        deep = deep["child"]
    assert post_signed(client, json.dumps(payload)).status_code == 200
    assert StripeEvent.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"created": 10**30}, {"created": -1}, {"created": "yesterday"}, {"created": 1.5}],
)
def test_a_signed_event_with_an_impossible_date_is_refused(client, db, fake_stripe, changes):
    payload = {**event("charge.refunded", {"id": "ch_1", "object": "charge"}), **changes}
    assert post_signed(client, json.dumps(payload)).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize("payment_id", ["9" * 30, "-1", "1e400", "", None, ["1"]])
def test_signed_metadata_naming_no_payment_is_acknowledged(send, checkout, payment_id):
    payment = checkout()
    before = snapshot()
    forged = intent(payment, id="pi_unknown", metadata={"payment_id": payment_id})
    assert send(event("payment_intent.succeeded", forged)).status_code == 200
    assert snapshot() == before
    assert StripeEvent.objects.get().result == "ignored: no payment of ours"
