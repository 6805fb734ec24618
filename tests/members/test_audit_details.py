"""Dues and membership actions are audited with their actor and each change before and after
(recording a bank transfer, voiding, refunds, Stripe, suspensions, overrides), and the
institution's admins read them in their language: labels translated, money with its currency,
dates as they write them, choice labels instead of codes."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from alliance.audit import details
from members.models import MembershipStatus, Payment, PaymentMethod, PaymentStatus
from members.services import dues as dues_services
from members.services import institutions as institutions_services

pytestmark = pytest.mark.django_db


def entry(action):
    return ModelLogEntry.objects.filter(action=action).latest("pk")


def record_transfer(world):
    return dues_services.payment_record_offline(
        membership=world["institution_b"].membership,
        reference="TR-77",
        received_on=timezone.localdate(),
        actor=world["secretariat"],
    )


def test_a_recorded_bank_transfer_is_logged_with_each_change(world, fees):
    payment = record_transfer(world)
    logged = entry("members.payment.succeeded")
    assert logged.user == world["secretariat"]
    assert logged.object_id == str(payment.membership_id)
    assert logged.data["reference"] == "TR-77" and logged.data["method"] == "offline"
    assert logged.data["changes"] == {
        "status": ["pending", "succeeded"],
        "paid_until": ["", str(payment.period.ends_on)],
    }
    message = logged.message
    assert "Amount: USD\xa02,000.00" in message
    assert f"Method: {PaymentMethod.OFFLINE.label}" in message
    assert f"Status: {PaymentStatus.PENDING.label} → {PaymentStatus.SUCCEEDED.label}" in message
    assert "cents" not in message and "_" not in message.replace("TR-77", "")
    membership = entry("members.membership.status_changed")
    assert membership.data["changes"]["status"] == ["pending", "active"]
    assert f"{MembershipStatus.PENDING.label} → {MembershipStatus.ACTIVE.label}" in (
        membership.message
    )


def test_voiding_and_refunding_are_logged_before_and_after(world, fees):
    payment = record_transfer(world)
    dues_services.payment_void(
        membership=payment.membership, payment=payment, reason="Wrong date", actor=world["admin_a"]
    )
    voided = entry("members.payment.voided")
    assert voided.user == world["admin_a"]
    assert voided.data["changes"]["status"] == ["succeeded", "voided"]
    assert voided.data["changes"]["paid_until"][1] == ""
    assert voided.data["reason"] == "Wrong date" and voided.data["credit_note"]
    online = record_transfer(world)
    Payment.objects.filter(pk=online.pk).update(method=PaymentMethod.STRIPE)
    dues_services.payment_take_back(payment=online, status=PaymentStatus.REFUNDED)
    refunded = entry("members.payment.refunded")
    assert refunded.user is None  # Stripe told it
    assert refunded.data["changes"]["status"] == ["succeeded", "refunded"]


def test_a_refused_void_logs_nothing(world, fees):
    payment = record_transfer(world)
    before = ModelLogEntry.objects.count()
    with pytest.raises(Exception, match="reason"):
        dues_services.payment_void(
            membership=payment.membership, payment=payment, reason=" ", actor=world["secretariat"]
        )
    assert ModelLogEntry.objects.count() == before


def test_suspending_overriding_and_reinstating_are_logged_with_what_changed(world):
    institution, secretariat = world["institution_a"], world["secretariat"]
    institutions_services.institution_suspend(
        institution=institution, actor=secretariat, reason="Dues unpaid"
    )
    suspended = entry("members.institution.suspended")
    assert suspended.data["changes"]["suspension_reason"] == ["", "Dues unpaid"]
    assert suspended.data["changes"]["suspended_at"][0] == ""
    institutions_services.institution_reinstate(institution=institution, actor=secretariat)
    reinstated = entry("members.institution.reinstated")
    assert reinstated.data["changes"]["suspension_reason"] == ["Dues unpaid", ""]
    dues_services.membership_set_override(
        membership=institution.membership, override="cancelled", reason="Left", actor=secretariat
    )
    override = entry("members.membership.override_set")
    assert override.user == secretariat
    assert override.data["changes"] == {
        "override": ["", "cancelled"],
        "override_reason": ["", "Left"],
    }


def test_the_institution_s_admins_read_the_dues_entries_in_arabic(client, world, fees):
    record_transfer(world)
    client.force_login(world["admin_b"])
    html = client.get(f"/ar/my-institution/{world['institution_b'].slug}/log/").content.decode()
    with translation.override("ar"):
        amount, status = gettext("Amount"), str(PaymentStatus.SUCCEEDED.label)
    assert f"{amount}:" in html and status in html
    assert "Amount" not in html and "succeeded" not in html and "TR-77" in html
    assert "USD" in html  # the currency, where Arabic puts it


def test_every_dues_entry_has_translated_labels(world, fees):
    """No detail falls back to its key ("amount cents"): each has a label from gettext."""
    payment = record_transfer(world)
    dues_services.payment_void(
        membership=payment.membership, payment=payment, reason="x", actor=world["secretariat"]
    )
    dues_services.invoice_issue(membership=payment.membership, actor=world["admin_b"])
    for logged in ModelLogEntry.objects.filter(action__startswith="members."):
        for line in details(logged):
            label = line.split(":")[0]
            assert "_" not in label and label[0].isupper(), (logged.action, line)
