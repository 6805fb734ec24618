"""Concurrency on PostgreSQL: two deliveries of one event, two admins paying at the same moment.

Skipped on other databases (SQLite serializes every writer, so it proves nothing there).
"""

import json
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.factories import InstitutionFactory, affiliate
from members.models import (
    InstitutionRole,
    MembershipPeriod,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ReceiptSequence,
    StripeEvent,
)
from members.services import dues as dues_services
from tests.members.stripe_fakes import event, session, signature

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the concurrency tests need PostgreSQL"
    ),
]


def at_once(*requests):
    """Run the requests in threads released together; return their responses in order."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)
    errors = []

    def run(index, request):
        try:
            barrier.wait(timeout=10)
            responses[index] = request()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


def pay_as(user, institution):
    def request():
        client = Client()
        client.force_login(user)
        return client.post(reverse("members:membership_pay", args=[institution.slug]))

    return request


def test_two_admins_paying_at_once_make_one_checkout_session(world, fees, fake_stripe):
    b = world["institution_b"]
    second_admin = affiliate(b, InstitutionRole.ADMIN)
    first, second = at_once(pay_as(world["admin_b"], b), pay_as(second_admin, b))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"].startswith("https://checkout.stripe.com/")
    assert len(fake_stripe.sessions_created()) == 1
    assert Payment.objects.filter(method=PaymentMethod.STRIPE).count() == 1


def test_a_double_click_makes_one_checkout_session(world, fees, fake_stripe):
    b = world["institution_b"]
    responses = at_once(*[pay_as(world["admin_b"], b) for _click in range(4)])
    assert len({response["Location"] for response in responses}) == 1
    assert len(fake_stripe.sessions_created()) == 1


def test_two_deliveries_of_one_event_at_once_have_one_effect(world, fees, fake_stripe):
    pay_as(world["admin_b"], world["institution_b"])()
    payment = Payment.objects.get(method=PaymentMethod.STRIPE)
    body = json.dumps(event("checkout.session.completed", session(payment)))

    def deliver():
        return Client().post(
            "/stripe/webhook/",
            body,
            content_type="application/json",
            headers={"Stripe-Signature": signature(body)},
        )

    responses = at_once(deliver, deliver, deliver)
    assert [response.status_code for response in responses] == [200, 200, 200]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert StripeEvent.objects.count() == 1
    assert StripeEvent.objects.get().processed_at is not None
    assert MembershipPeriod.objects.filter(payment=payment).count() == 1
    assert Payment.objects.filter(receipt_number__isnull=False).count() == 2  # A's and this one
    assert len(mail.outbox) == 1  # one receipt email


def test_receipt_numbers_taken_at_once_are_distinct_and_without_gaps(world, fees):
    institutions = [InstitutionFactory() for _index in range(4)]

    def record(institution):
        def request():
            return dues_services.payment_record_offline(
                membership=institution.membership,
                reference="BANK",
                received_on=timezone.localdate(),
                actor=world["secretariat"],
            ).receipt_number

        return request

    numbers = at_once(*[record(institution) for institution in institutions])
    year = timezone.localdate().year
    # Institution A's receipt (the world fixture) is number 1.
    assert sorted(numbers) == [f"GMA-{year}-{n:06d}" for n in range(2, 6)]


def waiting_for_a_lock() -> int:
    """How many connections to the test database wait for a row lock now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_successes_of_one_payment_at_once_record_it_once(world, fees, fake_stripe):
    """Both read the payment under the membership's lock, so the second sees it settled. To
    make the race certain, both are held (by the year's receipt sequence, taken after that read
    in payment_succeed) until both are waiting, then let go together."""
    pay_as(world["admin_b"], world["institution_b"])()
    payment = Payment.objects.get(method=PaymentMethod.STRIPE)
    year = timezone.localdate().year
    locked, release = threading.Event(), threading.Event()

    def hold_the_receipt_sequence():
        with transaction.atomic():
            ReceiptSequence.objects.select_for_update().get(year=year)
            locked.set()
            release.wait(timeout=30)
        connection.close()

    results, errors = [], []

    def succeed():
        try:
            results.append(
                dues_services.payment_succeed(payment=Payment.objects.get(pk=payment.pk))
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_receipt_sequence)
    holder.start()
    assert locked.wait(timeout=10)
    payers = [threading.Thread(target=succeed) for _payer in range(2)]
    for thread in payers:
        thread.start()
    deadline = time.monotonic() + 20
    while waiting_for_a_lock() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    for thread in [holder, *payers]:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(result is None for result in results) == [False, True]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert MembershipPeriod.objects.filter(payment=payment).count() == 1
    assert Payment.objects.filter(receipt_number__isnull=False).count() == 2  # A's and this one
