"""Offline dues: no bank transfer dated after today, voiding with a credit note, transfers that
arrived short leave a balance, and without Stripe the page gives the bank details and a
reference."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members import selectors
from members.models import BankDetails, MembershipStatus, Payment, PaymentStatus
from members.services import dues as dues_services
from tests.members.conftest import client_for
from tests.members.stripe_fakes import deliver, event, session

FEE = 200_000  # Institution B: a university in France (high income), pending


def act(client, world, data):
    client.force_login(world["secretariat"])
    url = reverse("dues_memberships:act", args=[world["institution_b"].membership.pk])
    return client.post(url, data)


def of_b(world):
    """Institution B's payments (A is a member already)."""
    return Payment.objects.filter(membership__institution=world["institution_b"])


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def offline(client, world, **data):
    data = {"action": "offline", "reference": "TR-1", **data}
    data.setdefault("received_on", timezone.localdate().isoformat())
    return act(client, world, data)


def membership_page(client, world):
    client.force_login(world["admin_b"])
    return client.get(reverse("members:membership", args=[world["institution_b"].slug]))


def status_of(world):
    membership = world["institution_b"].membership
    membership.refresh_from_db()
    return membership.status


# Dates after today ---------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 30, 4000])
def test_a_transfer_dated_after_today_is_refused(client, world, fees, days):
    future = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = offline(client, world, received_on=future)
    assert "cannot be after today" in messages_of(client.get(response["Location"]))
    assert not of_b(world).exists()
    with pytest.raises(ValidationError, match="after today"):
        dues_services.payment_record_offline(
            membership=world["institution_b"].membership,
            reference="TR-1",
            received_on=timezone.localdate() + timedelta(days=days),
            actor=world["secretariat"],
        )
    # The right date is accepted.
    offline(client, world)
    assert status_of(world) == MembershipStatus.ACTIVE


@pytest.mark.parametrize("received_on", ["", "tomorrow", "2026-02-30", "99999-01-01", "\x00"])
def test_a_transfer_with_a_bad_date_is_refused(client, world, fees, received_on):
    response = offline(client, world, received_on=received_on)
    assert response.status_code == 302
    assert not of_b(world).exists()


# Voiding -------------------------------------------------------------------------------------


def test_a_wrongly_dated_transfer_is_voided_and_the_right_one_recorded(client, world, fees):
    wrong = (timezone.localdate() - timedelta(days=20)).isoformat()
    offline(client, world, received_on=wrong)
    payment = of_b(world).get()
    response = act(client, world, {"action": "void", "payment": payment.pk, "reason": "Wrong date"})
    assert response.status_code == 302
    payment.refresh_from_db()
    year = timezone.localdate().year
    assert payment.status == PaymentStatus.VOIDED
    assert payment.credit_note_number == f"GMA-CN-{year}-000001"
    assert (payment.void_reason, payment.voided_by) == ("Wrong date", world["secretariat"])
    assert status_of(world) == MembershipStatus.PENDING
    assert not selectors.periods_of(membership=world["institution_b"].membership)
    entry = ModelLogEntry.objects.get(action="members.payment.voided")
    assert entry.data["credit_note"] == payment.credit_note_number
    # The member sees the credit note on the receipt.
    client.force_login(world["admin_b"])
    receipt = reverse("members:receipt", args=[world["institution_b"].slug, payment.receipt_number])
    assert f"credit note GMA-CN-{year}-000001" in client.get(receipt).content.decode()
    # The right date is now accepted; a second void takes the next credit note number.
    offline(client, world, reference="TR-2")
    assert status_of(world) == MembershipStatus.ACTIVE
    second = of_b(world).get(reference="TR-2")
    act(client, world, {"action": "void", "payment": second.pk, "reason": "Not ours"})
    second.refresh_from_db()
    assert second.credit_note_number == f"GMA-CN-{year}-000002"


def test_a_waiver_can_be_voided(client, world, fees):
    act(client, world, {"action": "waive", "reason": "Relief"})
    payment = of_b(world).get()
    act(client, world, {"action": "void", "payment": payment.pk, "reason": "Granted by mistake"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.VOIDED
    assert status_of(world) == MembershipStatus.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"reason": ""},
        {"reason": "   "},
        {"payment": "abc"},
        {"payment": "999999"},
        {"payment": "9" * 30},
        {"reason": "x" * 2001},
    ],
)
def test_bad_voids_are_refused(client, world, fees, data):
    offline(client, world)
    payment = of_b(world).get()
    response = act(client, world, {"action": "void", "payment": payment.pk, "reason": "R", **data})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert status_of(world) == MembershipStatus.ACTIVE


def test_only_paid_bank_transfers_and_waivers_of_this_membership_can_be_voided(
    client, world, fees, fake_stripe, django_capture_on_commit_callbacks
):
    # Another membership's payment, named on B's page.
    a_payment = Payment.objects.get(membership__institution=world["institution_a"])
    response = act(client, world, {"action": "void", "payment": a_payment.pk, "reason": "R"})
    assert "Only bank transfers and waivers" in messages_of(client.get(response["Location"]))
    # An online payment: refunded in Stripe, not voided here.
    client.force_login(world["admin_b"])
    client.post(reverse("members:membership_pay", args=[world["institution_b"].slug]))
    online = Payment.objects.get(membership__institution=world["institution_b"])
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("checkout.session.completed", session(online)))
    act(client, world, {"action": "void", "payment": online.pk, "reason": "R"})
    online.refresh_from_db()
    assert online.status == PaymentStatus.SUCCEEDED
    # Twice: the second is refused.
    dues_services.payment_void(
        membership=a_payment.membership, payment=a_payment, reason="R", actor=world["secretariat"]
    )
    with pytest.raises(ValidationError, match="Only a payment that is paid"):
        dues_services.payment_void(
            membership=a_payment.membership,
            payment=a_payment,
            reason="R",
            actor=world["secretariat"],
        )


@pytest.mark.parametrize("role", ["admin_b", "admin_a", "no_institution", "anonymous"])
def test_only_the_secretariat_voids(client, world, fees, role):
    offline(client, world)
    payment = of_b(world).get()
    client.logout()
    client_for(client, world, role).post(
        reverse("dues_memberships:act", args=[world["institution_b"].membership.pk]),
        {"action": "void", "payment": payment.pk, "reason": "R"},
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


# Transfers that arrived short ------------------------------------------------------------------


def test_a_short_transfer_leaves_a_balance_the_member_and_the_secretariat_see(client, world, fees):
    offline(client, world, amount="1975.00")
    payment = of_b(world).get()
    assert (payment.amount_cents, payment.balance_cents, payment.fee_cents) == (197500, 2500, FEE)
    assert status_of(world) == MembershipStatus.ACTIVE
    content = membership_page(client, world).content.decode()
    assert "Balance due" in content
    assert "USD\xa025.00" in content
    # The secretariat: the membership page, the report and its CSV.
    client.force_login(world["secretariat"])
    inspect = client.get(f"/cms-admin/dues_memberships/inspect/{payment.membership_id}/")
    assert "USD\xa025.00" in inspect.content.decode()
    year = payment.year
    report = client.get(f"/cms-admin/dues_report/?year={year}")
    assert report.context["report"]["total"]["balance"] == 25
    export = client.get(f"/cms-admin/dues_report/?year={year}&format=csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    line = next(row for row in rows if row["Institution"] == "Institution B")
    assert (line["Amount (USD)"], line["Balance due (USD)"]) == ("1975.00", "25.00")


def test_a_full_transfer_leaves_no_balance(client, world, fees):
    offline(client, world, amount="2000.00")
    assert of_b(world).get().balance_cents == 0
    assert "Balance due" not in membership_page(client, world).content.decode()


@pytest.mark.parametrize("amount", ["0", "-5", "0.00", "2000.01", "abc", "1e400", "12.345", "NaN"])
def test_a_bad_amount_is_refused(client, world, fees, amount):
    offline(client, world, amount=amount)
    assert not of_b(world).exists()
    assert status_of(world) == MembershipStatus.PENDING


# Without Stripe: the bank details and the reference ------------------------------------------


@pytest.fixture
def bank(db):
    details = BankDetails.load()
    details.account_holder = "Global MOOC Alliance"
    details.iban = "FR76 3000 6000 0112 3456 7890 189"
    details.bic = "AGRIFRPP"
    details.instructions = "Bank fees are paid by the sender."
    details.save()
    return details


def test_without_stripe_the_page_gives_the_bank_details_and_reference(
    client, world, fees, bank, settings
):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    content = membership_page(client, world).content.decode()
    membership = world["institution_b"].membership
    reference = f"GMA-{timezone.localdate().year}-M{membership.pk:05d}"
    assert reference in content
    assert "FR76 3000 6000 0112 3456 7890 189" in content
    assert "Bank fees are paid by the sender." in content
    assert "Pay online" not in content
    # The secretariat sees the reference to match the transfer by.
    client.force_login(world["secretariat"])
    inspect = client.get(f"/cms-admin/dues_memberships/inspect/{membership.pk}/")
    assert reference in inspect.content.decode()


def test_without_bank_details_the_page_says_to_ask(client, world, fees, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    content = membership_page(client, world).content.decode()
    assert "has not published its bank details yet" in content


def test_with_stripe_the_page_offers_pay_online(client, world, fees, bank, fake_stripe):
    content = membership_page(client, world).content.decode()
    assert "Pay online" in content
    assert bank.iban not in content


@pytest.mark.parametrize(("role", "allowed"), [("secretariat", True), ("admin_b", False)])
def test_only_the_secretariat_edits_the_bank_details(client, world, role, allowed):
    BankDetails.load()
    url = reverse("wagtailsettings:edit", args=["members", "bankdetails", BankDetails.load().pk])
    client_for(client, world, role)
    assert (client.get(url).status_code == 200) == allowed
    client.post(url, {"account_holder": "Someone", "iban": "X1"})
    assert (BankDetails.load().account_holder == "Someone") == allowed


def test_the_payment_inspect_page_shows_balance_and_credit_note(client, world, fees):
    offline(client, world, amount="1975.00")
    payment = of_b(world).get()
    act(client, world, {"action": "void", "payment": payment.pk, "reason": "Wrong member"})
    payment.refresh_from_db()
    content = client.get(f"/cms-admin/dues_payments/inspect/{payment.pk}/").content.decode()
    assert payment.credit_note_number in content
    assert "Wrong member" in content
    assert "2500" in content
