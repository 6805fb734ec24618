"""Stripe's webhook: signed events stored once and processed once, in whatever order they come."""

import json
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members import tasks
from members.models import (
    MembershipPeriod,
    MembershipStatus,
    Payment,
    PaymentStatus,
    StripeEvent,
)
from members.status import period_end
from tests.members.stripe_fakes import charge, event, intent, session, signature


def state():
    """Everything an event could change."""
    return {
        "payments": sorted(
            Payment.objects.values_list(
                "pk", "status", "receipt_number", "stripe_payment_intent_id", "checkout_url"
            )
        ),
        "periods": sorted(
            MembershipPeriod.objects.values_list("payment_id", "starts_on", "ends_on")
        ),
        "statuses": sorted(
            Payment.objects.values_list("membership__institution__slug", "membership__status")
        ),
        "emails": len(mail.outbox),
        "log": ModelLogEntry.objects.count(),
    }


# Paid, once -----------------------------------------------------------------------------------


def test_a_paid_checkout_records_the_payment(send, world, checkout):
    payment = checkout()
    response = send(event("checkout.session.completed", session(payment)))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.receipt_number.startswith(f"GMA-{timezone.localdate().year}-")
    assert payment.stripe_payment_intent_id == f"pi_test_{payment.pk}"
    assert payment.checkout_url == ""
    assert payment.period.starts_on == timezone.localdate()
    world["institution_b"].membership.refresh_from_db()
    assert world["institution_b"].membership.status == MembershipStatus.ACTIVE
    stored = StripeEvent.objects.get()
    assert stored.processed_at is not None
    assert stored.result == f"payment {payment.pk}: paid"
    assert [message.to for message in mail.outbox] == [[world["admin_b"].email]]


def test_a_replay_answers_200_and_changes_nothing(send, checkout):
    payment = checkout()
    paid = event("checkout.session.completed", session(payment))
    send(paid)
    before = state()
    for _replay in range(3):
        assert send(paid).status_code == 200
    assert state() == before
    assert StripeEvent.objects.count() == 1


def test_the_payment_date_is_the_event_s(send, checkout):
    payment = checkout()
    created = int((timezone.now() - timedelta(days=2)).timestamp())
    send(event("checkout.session.completed", session(payment), created=created))
    payment.refresh_from_db()
    assert payment.paid_at == datetime.fromtimestamp(created, tz=UTC)
    assert payment.period.starts_on == timezone.localdate() - timedelta(days=2)


# Bad input changes nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem", ["missing", "forged", "stale", "other_body", "no_secret_set", "empty"]
)
def test_unverified_deliveries_are_refused_and_change_nothing(
    client, settings, checkout, problem, django_capture_on_commit_callbacks
):
    payment = checkout()
    body = json.dumps(event("checkout.session.completed", session(payment)))
    headers = {
        "missing": {},
        "forged": {"Stripe-Signature": signature(body, secret="whsec_attacker")},
        "stale": {"Stripe-Signature": signature(body, timestamp=int(time.time()) - 301)},
        "other_body": {"Stripe-Signature": signature(body.replace("paid", "PAID"))},
        "no_secret_set": {"Stripe-Signature": signature(body, secret="")},
        "empty": {"Stripe-Signature": ""},
    }[problem]
    if problem == "no_secret_set":
        settings.STRIPE_WEBHOOK_SECRET = ""
    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/stripe/webhook/", body, content_type="application/json", headers=headers
        )
    assert response.status_code == 400
    assert state() == before
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"id": "evt_1", "type": "checkout.session.completed", "data": ',  # malformed JSON
        "[]",
        '{"id": "evt_1", "type": "checkout.session.completed"}',  # no data.object
        '{"id": 7, "type": "x", "data": {"object": {}}}',
        "",
    ],
)
def test_signed_but_malformed_bodies_are_refused(client, db, fake_stripe, body):
    response = client.post(
        "/stripe/webhook/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature(body)},
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_only_post(client, db, fake_stripe):
    assert client.get("/stripe/webhook/").status_code == 405


def test_an_event_for_no_payment_of_ours_is_logged_acknowledged_and_changes_nothing(
    send, checkout, caplog
):
    payment = checkout()
    before = state()
    unknown = session(payment, id="cs_unknown", metadata={"payment_id": "999999"})
    unknown["payment_intent"] = "pi_unknown"
    with caplog.at_level(logging.WARNING, logger="members.services"):
        response = send(event("checkout.session.completed", unknown))
    assert response.status_code == 200
    assert state() == before
    assert StripeEvent.objects.get().result == "ignored: no payment of ours"
    assert "names no payment of ours" in caplog.text
    # Metadata that is not ours at all.
    no_metadata = {"id": "cs_other", "object": "checkout.session", "payment_status": "paid"}
    assert send(event("checkout.session.completed", no_metadata)).status_code == 200
    assert send(event("charge.refunded", {"id": "ch_x", "object": "charge"})).status_code == 200
    assert state() == before


def test_an_amount_that_does_not_match_is_not_recorded(send, checkout, caplog):
    payment = checkout()
    send(event("checkout.session.completed", session(payment, amount_total=100)))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert "does not match" in StripeEvent.objects.get().result


@pytest.mark.parametrize(
    "kind, obj",
    [("checkout.session.completed", session), ("payment_intent.succeeded", intent)],
)
def test_the_right_amount_in_another_currency_is_not_recorded(send, checkout, kind, obj):
    payment = checkout()
    before = state()
    send(event(kind, obj(payment, currency="eur")))
    after = state()
    assert after["payments"][-1][1] == PaymentStatus.PENDING
    assert after["periods"] == before["periods"]
    assert after["emails"] == before["emails"]
    assert "eur does not match" in StripeEvent.objects.get().result


def test_a_payment_that_succeeds_is_in_the_audit_log(send, world, checkout):
    payment = checkout()
    send(event("checkout.session.completed", session(payment)))
    payment.refresh_from_db()
    entry = ModelLogEntry.objects.get(
        action="members.payment.succeeded", object_id=str(world["institution_b"].membership.pk)
    )
    assert entry.user is None  # Stripe told it, not a person
    membership = payment.membership
    assert entry.data == {
        "payment": payment.pk,
        "receipt": payment.receipt_number,
        "method": "stripe",
        "amount_cents": payment.amount_cents,
        "period": [str(payment.period.starts_on), str(payment.period.ends_on)],
        "paid_at": payment.paid_at.isoformat(),
        "changes": {
            "status": ["pending", "succeeded"],
            "paid_until": ["", str(membership.paid_until)],
        },
    }


def test_unknown_event_types_are_logged_and_acknowledged(send, world, fake_stripe, caplog):
    before = state()
    with caplog.at_level(logging.INFO, logger="members.services"):
        response = send(event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert stored.type == "customer.created"
    assert stored.processed_at is not None
    assert stored.result.startswith("ignored")
    assert "acknowledged and ignored" in caplog.text
    assert state() == before


# Whatever the order ---------------------------------------------------------------------------


def test_payment_intent_succeeded_before_checkout_completed(send, world, checkout):
    payment = checkout()
    send(event("payment_intent.succeeded", intent(payment)))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.stripe_payment_intent_id == f"pi_test_{payment.pk}"
    after_first = state()
    send(event("checkout.session.completed", session(payment)))
    assert state() == after_first  # one payment, one period, one receipt email
    assert MembershipPeriod.objects.filter(payment=payment).count() == 1
    assert StripeEvent.objects.count() == 2


def test_checkout_completed_then_payment_intent_succeeded(send, checkout):
    payment = checkout()
    send(event("checkout.session.completed", session(payment)))
    after_first = state()
    send(event("payment_intent.succeeded", intent(payment)))
    assert state() == after_first


def test_an_asynchronous_payment_that_succeeds(send, client, world, checkout, fake_stripe):
    payment = checkout()
    send(event("checkout.session.completed", session(payment, payment_status="unpaid")))
    payment.refresh_from_db()
    assert (payment.status, payment.checkout_url) == (PaymentStatus.PENDING, "")
    assert not MembershipPeriod.objects.filter(payment=payment).exists()
    # While the bank has not answered, no second payment can start.
    client.force_login(world["admin_b"])
    url = reverse("members:membership", args=[world["institution_b"].slug])
    client.post(reverse("members:membership_pay", args=[world["institution_b"].slug]))
    response = client.get(url)
    assert "being processed" in " ".join(str(m) for m in response.context["messages"])
    assert len(fake_stripe.sessions_created()) == 1
    send(event("checkout.session.async_payment_succeeded", session(payment)))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.period.starts_on == timezone.localdate()


def test_an_asynchronous_payment_that_fails_and_a_new_attempt(send, world, checkout, fake_stripe):
    payment = checkout()
    send(event("checkout.session.completed", session(payment, payment_status="unpaid")))
    send(event("checkout.session.async_payment_failed", session(payment, payment_status="unpaid")))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    world["institution_b"].membership.refresh_from_db()
    assert world["institution_b"].membership.status == MembershipStatus.PENDING
    second = checkout()
    assert second.pk != payment.pk
    assert len(fake_stripe.sessions_created()) == 2
    # A late success for the failed one still counts: the money arrived.
    send(event("payment_intent.succeeded", intent(payment)))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


def test_an_expired_checkout_fails_the_payment(send, checkout):
    payment = checkout()
    send(event("checkout.session.expired", session(payment, payment_status="unpaid")))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    # A failure arriving after the success changes nothing.
    paid = checkout()
    send(event("checkout.session.completed", session(paid)))
    send(event("checkout.session.expired", session(paid, payment_status="unpaid")))
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.SUCCEEDED


def test_a_refund_after_the_renewal_takes_the_renewal_back(client, world, send, checkout):
    first = checkout()
    send(event("checkout.session.completed", session(first)))
    first_end = MembershipPeriod.objects.get(payment=first).ends_on
    membership = world["institution_b"].membership
    with time_machine.travel(timezone.now() + timedelta(days=330)):  # the renewal is open
        second = checkout()
        send(event("checkout.session.completed", session(second)))
        membership.refresh_from_db()
        assert MembershipPeriod.objects.get(payment=second).starts_on == first_end + timedelta(1)
        assert membership.paid_until == period_end(first_end + timedelta(days=1))
        send(event("charge.refunded", charge(second)))
        second.refresh_from_db()
        assert second.status == PaymentStatus.REFUNDED
        assert second.refunded_at is not None
        membership.refresh_from_db()
        assert (membership.status, membership.paid_until) == (MembershipStatus.ACTIVE, first_end)
        # Late or repeated news of the refunded payment changes nothing.
        before = state()
        send(event("payment_intent.succeeded", intent(second)))
        send(event("checkout.session.completed", session(second)))
        send(event("charge.refunded", charge(second)))
        assert state() == before
    # After the first period: grace, then lapsed, without the refunded renewal.
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        tasks.refresh_membership_statuses.delay()
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.LAPSED


def test_a_refund_of_the_only_payment_ends_the_membership(client, send, world, checkout):
    payment = checkout()
    send(event("checkout.session.completed", session(payment)))
    send(event("charge.refunded", charge(payment)))
    membership = world["institution_b"].membership
    membership.refresh_from_db()
    assert (membership.status, membership.paid_until) == (MembershipStatus.PENDING, None)
    payment.refresh_from_db()
    client.force_login(world["admin_b"])
    receipt = reverse("members:receipt", args=[world["institution_b"].slug, payment.receipt_number])
    assert "This payment was refunded" in client.get(receipt).content.decode()


def test_a_partial_refund_keeps_the_membership(send, world, checkout):
    payment = checkout()
    send(event("checkout.session.completed", session(payment)))
    send(event("charge.refunded", charge(payment, refunded=False)))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert StripeEvent.objects.latest("received_at").result.endswith("partial refund, no change")
