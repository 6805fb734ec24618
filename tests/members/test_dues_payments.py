"""Paying the dues: the amount computed on the server, Stripe Checkout, offline payments and
waivers, receipts, the secretariat's admin and report, and who may do what."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import (
    FeeSchedule,
    InstitutionRole,
    MembershipPeriod,
    MembershipStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Reduction,
)
from members.services import dues as dues_services
from tests.members.conftest import activate_membership, client_for

ROLES = ["anonymous", "no_institution", "staff_a", "editor_a", "admin_a", "admin_b", "secretariat"]
BILLING = {"admin_a", "secretariat"}


def page(institution) -> str:
    return reverse("members:membership", args=[institution.slug])


def pay(client, institution, data=None):
    return client.post(reverse("members:membership_pay", args=[institution.slug]), data or {})


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def open_renewal(institution) -> None:
    """Move the institution's period so that it ends in 20 days: the renewal can be paid."""
    today = timezone.localdate()
    MembershipPeriod.objects.filter(membership__institution=institution).update(
        starts_on=today - timedelta(days=345), ends_on=today + timedelta(days=20)
    )
    dues_services.membership_refresh(membership=institution.membership)


# The amount: from the fee schedule and the reductions, never from the browser -----------------


def test_the_page_shows_the_dues_from_the_fee_schedule(client, world, fees, fake_stripe):
    client.force_login(world["admin_b"])  # B: a university in France (high income), pending
    response = client.get(page(world["institution_b"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "USD\xa02,000.00" in content
    assert "Pay online" in content
    assert "Pending" in content
    assert "not set up" not in content


def test_the_amount_is_computed_on_the_server_never_taken_from_the_form(
    client, world, fees, fake_stripe
):
    client.force_login(world["admin_b"])
    response = pay(client, world["institution_b"], {"amount": "1", "unit_amount": "100"})
    payment = Payment.objects.get(method=PaymentMethod.STRIPE)
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"https://checkout.stripe.com/c/pay/{payment.stripe_checkout_session_id}"
    )
    sent = fake_stripe.sessions_created()[0]["data"]
    assert sent["line_items[0][price_data][unit_amount]"] == "200000"
    assert sent["line_items[0][price_data][currency]"] == "usd"
    assert sent["metadata[payment_id]"] == str(payment.pk)
    assert sent["payment_intent_data[metadata][payment_id]"] == str(payment.pk)
    assert (payment.amount_cents, payment.fee_cents, payment.status) == (200000, 200000, "pending")
    assert payment.year == timezone.localdate().year


def test_a_reduction_lowers_the_amount_and_shows_its_reason(client, world, fees, fake_stripe):
    b = world["institution_b"]
    dues_services.reduction_grant(
        membership=b.membership,
        year=timezone.localdate().year,
        percent=25,
        reason="Founding partner of the MOOC week",
        approver=world["secretariat"],
    )
    client.force_login(world["admin_b"])
    content = client.get(page(b)).content.decode()
    assert "USD\xa01,500.00" in content
    assert "Founding partner of the MOOC week" in content
    pay(client, b)
    payment = Payment.objects.get(method=PaymentMethod.STRIPE)
    assert payment.amount_cents == 150000
    assert payment.reduction.percent == 25
    sent = fake_stripe.sessions_created()[0]["data"]
    assert sent["line_items[0][price_data][unit_amount]"] == "150000"


def test_without_stripe_keys_the_page_gives_the_bank_transfer(client, world, fees, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    client.force_login(world["admin_b"])
    b = world["institution_b"]
    content = client.get(page(b)).content.decode()
    assert "Pay online" not in content
    assert "Pay by bank transfer" in content
    response = pay(client, b, {"amount": "1"})
    assert response.status_code == 302
    assert response["Location"] == page(b)
    assert "Online payment is not set up yet" in messages_of(client.get(page(b)))
    assert not Payment.objects.filter(membership__institution=b).exists()


def test_without_stripe_keys_offline_payments_still_work(client, world, fees, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    b = world["institution_b"]
    dues_services.payment_record_offline(
        membership=b.membership,
        reference="BANK-1",
        received_on=timezone.localdate(),
        actor=world["secretariat"],
    )
    b.membership.refresh_from_db()
    assert b.membership.status == MembershipStatus.ACTIVE


def test_paying_a_period_already_paid_is_refused(client, world, fees, fake_stripe):
    a = world["institution_a"]  # paid today for a year
    client.force_login(world["admin_a"])
    content = client.get(page(a)).content.decode()
    assert "The dues are paid until" in content
    assert "Pay online" not in content
    response = pay(client, a)
    assert response["Location"] == page(a)
    assert "The dues are paid until" in messages_of(client.get(page(a)))
    assert fake_stripe.calls == []
    assert Payment.objects.filter(membership__institution=a).count() == 1


def test_the_renewal_opens_60_days_before_the_end_and_extends(client, world, fees, fake_stripe):
    a = world["institution_a"]
    open_renewal(a)
    end = a.membership.periods.get().ends_on
    client.force_login(world["admin_a"])
    pay(client, a)
    payment = Payment.objects.get(status=PaymentStatus.PENDING)
    assert payment.year == (end + timedelta(days=1)).year
    dues_services.payment_succeed(payment=payment)
    assert payment.period.starts_on == end + timedelta(days=1)


def test_a_double_click_makes_one_checkout_session(client, world, fees, fake_stripe):
    client.force_login(world["admin_b"])
    first, second = pay(client, world["institution_b"]), pay(client, world["institution_b"])
    assert first["Location"] == second["Location"]
    assert len(fake_stripe.sessions_created()) == 1
    payment = Payment.objects.get(method=PaymentMethod.STRIPE)
    headers = fake_stripe.sessions_created()[0]["headers"]
    assert headers["Idempotency-Key"] == f"checkout-{payment.pk}"


def test_two_admins_get_the_same_checkout_session(client, world, fees, fake_stripe):
    other_admin = affiliate(world["institution_b"], InstitutionRole.ADMIN)
    client.force_login(world["admin_b"])
    first = pay(client, world["institution_b"])
    client.force_login(other_admin)
    assert pay(client, world["institution_b"])["Location"] == first["Location"]
    assert len(fake_stripe.sessions_created()) == 1


def test_an_expired_checkout_is_replaced_by_a_new_one(client, world, fees, fake_stripe):
    client.force_login(world["admin_b"])
    first = pay(client, world["institution_b"])
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        client.force_login(world["admin_b"])
        second = pay(client, world["institution_b"])
    assert first["Location"] != second["Location"]
    assert list(
        Payment.objects.filter(method="stripe").order_by("pk").values_list("status", flat=True)
    ) == [
        "failed",
        "pending",
    ]


def test_when_stripe_refuses_nothing_is_left_behind(client, world, fees, fake_stripe):
    fake_stripe.status = 400
    client.force_login(world["admin_b"])
    response = pay(client, world["institution_b"])
    assert response["Location"] == page(world["institution_b"])
    assert "could not be reached" in messages_of(client.get(page(world["institution_b"])))
    assert not Payment.objects.filter(method=PaymentMethod.STRIPE).exists()


def test_without_a_fee_for_the_year_paying_is_refused(client, world, fake_stripe):
    client.force_login(world["admin_b"])
    assert "has not set the dues" in client.get(page(world["institution_b"])).content.decode()
    pay(client, world["institution_b"])
    assert "has not set the dues" in messages_of(client.get(page(world["institution_b"])))
    assert fake_stripe.calls == []


def test_waived_dues_are_not_paid_through_stripe(client, world, fees, fake_stripe):
    b = world["institution_b"]
    dues_services.reduction_grant(
        membership=b.membership,
        year=timezone.localdate().year,
        percent=100,
        reason="Flood",
        approver=world["secretariat"],
    )
    client.force_login(world["admin_b"])
    assert "These dues are waived" in client.get(page(b)).content.decode()
    pay(client, b)
    assert "waived" in messages_of(client.get(page(b)))
    assert fake_stripe.calls == []


def test_a_cancelled_membership_cannot_pay(client, world, fees, fake_stripe):
    b = world["institution_b"]
    dues_services.membership_set_override(
        membership=b.membership, override="cancelled", reason="Left", actor=world["secretariat"]
    )
    client.force_login(world["admin_b"])
    pay(client, b)
    assert "cancelled or suspended" in messages_of(client.get(page(b)))
    assert fake_stripe.calls == []


# The secretariat: offline payments, waivers, reductions, overrides ----------------------------


def act(client, world, institution, data):
    client.force_login(world["secretariat"])
    url = reverse("dues_memberships:act", args=[institution.membership.pk])
    return client.post(url, data)


def test_the_secretariat_records_a_bank_transfer(
    client, world, fees, django_capture_on_commit_callbacks
):
    b = world["institution_b"]
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            client,
            world,
            b,
            {"action": "offline", "reference": "BANK-2026-77", "received_on": today.isoformat()},
        )
    assert response.status_code == 302
    payment = Payment.objects.get(membership__institution=b)
    assert (payment.method, payment.status, payment.amount_cents) == (
        "offline",
        "succeeded",
        200000,
    )
    assert payment.reference == "BANK-2026-77"
    assert payment.created_by == world["secretariat"]
    assert payment.period.starts_on == today
    b.membership.refresh_from_db()
    assert b.membership.status == MembershipStatus.ACTIVE
    assert [message.to for message in mail.outbox] == [[world["admin_b"].email]]
    assert payment.receipt_number in mail.outbox[0].subject


def test_a_bank_transfer_needs_its_reference(client, world, fees):
    act(client, world, world["institution_b"], {"action": "offline", "received_on": "2026-01-05"})
    assert not Payment.objects.filter(membership__institution=world["institution_b"]).exists()


def test_a_waiver_needs_no_stripe_and_keeps_approver_and_reason(client, world, fees, settings):
    settings.STRIPE_SECRET_KEY = ""
    b = world["institution_b"]
    act(client, world, b, {"action": "waive", "reason": "Earthquake relief"})
    payment = Payment.objects.get(membership__institution=b)
    assert (payment.method, payment.status, payment.amount_cents) == ("waiver", "succeeded", 0)
    assert payment.fee_cents == 200000
    reduction = Reduction.objects.get(membership=b.membership)
    assert (reduction.percent, reduction.reason) == (100, "Earthquake relief")
    assert reduction.approver == world["secretariat"]
    assert payment.reduction == reduction
    b.membership.refresh_from_db()
    assert b.membership.status == MembershipStatus.ACTIVE


def test_a_waiver_needs_a_reason(client, world, fees):
    act(client, world, world["institution_b"], {"action": "waive", "reason": " "})
    assert not Payment.objects.filter(membership__institution=world["institution_b"]).exists()
    assert not Reduction.objects.exists()


def test_the_secretariat_grants_a_reduction_in_the_admin(client, world, fees):
    client.force_login(world["secretariat"])
    membership = world["institution_b"].membership
    response = client.post(
        "/cms-admin/dues_reductions/new/",
        {"membership": membership.pk, "year": 2027, "percent": 40, "reason": "Low budget"},
    )
    assert response.status_code == 302
    reduction = Reduction.objects.get()
    assert (reduction.membership, reduction.year, reduction.percent) == (membership, 2027, 40)
    assert reduction.approver == world["secretariat"]


def test_the_secretariat_edits_the_fee_schedule(client, world):
    client.force_login(world["secretariat"])
    response = client.post(
        "/cms-admin/fee_schedule/new/",
        {"year": 2027, "kind": "platform", "income_group": "low", "amount_usd": "250.00"},
    )
    assert response.status_code == 302
    assert FeeSchedule.objects.get().amount_usd == 250


def test_the_secretariat_cancels_and_restores_a_membership(client, world):
    a = world["institution_a"]
    act(client, world, a, {"action": "override", "override": "cancelled", "reason": "Left"})
    a.membership.refresh_from_db()
    assert (a.membership.status, a.membership.override_reason) == ("cancelled", "Left")
    act(client, world, a, {"action": "override", "override": "", "reason": ""})
    a.membership.refresh_from_db()
    assert a.membership.status == MembershipStatus.ACTIVE
    # Cancelling needs a reason.
    act(client, world, a, {"action": "override", "override": "suspended", "reason": ""})
    a.membership.refresh_from_db()
    assert a.membership.status == MembershipStatus.ACTIVE


def test_the_membership_inspect_page_offers_the_actions(client, world, fees):
    client.force_login(world["secretariat"])
    url = f"/cms-admin/dues_memberships/inspect/{world['institution_b'].membership.pk}/"
    content = client.get(url).content.decode()
    assert "Record a bank transfer" in content
    assert "Waive the dues" in content
    assert "USD\xa02,000.00" in content


# Receipts: numbered per year in the database, a printable page and an email --------------------


def _paid_on(day: str, institution=None):
    institution = institution or InstitutionFactory()
    affiliate(institution, InstitutionRole.ADMIN)
    moment = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        return dues_services.payment_record_offline(
            membership=institution.membership,
            reference="BANK",
            received_on=date.fromisoformat(day),
            actor=UserFactory(),
        )


def test_receipt_numbers_are_sequential_per_year_and_restart_each_year(db, fees):
    numbers = [
        _paid_on(day).receipt_number
        for day in ["2027-12-30", "2027-12-31", "2028-01-01", "2028-02-29"]
    ]
    assert numbers == ["GMA-2027-000001", "GMA-2027-000002", "GMA-2028-000001", "GMA-2028-000002"]


def test_the_receipt_page_is_printable_and_only_for_billing(client, world, fees):
    payment = _paid_on(timezone.localdate().isoformat(), world["institution_b"])
    url = reverse("members:receipt", args=[world["institution_b"].slug, payment.receipt_number])
    client.force_login(world["admin_b"])
    content = client.get(url).content.decode()
    assert payment.receipt_number in content
    assert "Institution B" in content
    assert "USD\xa02,000.00" in content
    assert '<article class="receipt">' in content  # printed alone: site.css
    client.force_login(world["admin_a"])
    assert client.get(url).status_code == 403
    other = reverse("members:receipt", args=[world["institution_a"].slug, payment.receipt_number])
    assert client.get(other).status_code == 404  # not a receipt of A


def test_the_receipt_email_goes_to_each_admin_in_their_language(
    db, fees, django_capture_on_commit_callbacks
):
    institution = InstitutionFactory(name="Université du Lac", country="FR")
    affiliate(
        institution, InstitutionRole.ADMIN, email="admin.fr@lac.example", preferred_language="fr"
    )
    affiliate(institution, InstitutionRole.STAFF, email="staff@lac.example")
    with (
        time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        payment = dues_services.payment_record_offline(
            membership=institution.membership,
            reference="VIR-1",
            received_on=date(2027, 3, 1),
            actor=UserFactory(),
        )
    [message] = mail.outbox
    assert message.to == ["admin.fr@lac.example"]
    assert (
        f"/fr/my-institution/{institution.slug}/membership/receipts/{payment.receipt_number}/"
        in message.body
    )
    assert "1 mars 2027" in message.body  # the period, in French


# Who may do what -------------------------------------------------------------------------------


def _expect(response, role, allowed):
    if allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in (302, 403, 404), response.status_code
        if response.status_code == 302:
            assert "stripe.com" not in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_membership_page(client, world, fees, role):
    response = client_for(client, world, role).get(page(world["institution_a"]))
    _expect(response, role, role in BILLING)


@pytest.mark.parametrize("role", ROLES)
def test_paying(client, world, fees, fake_stripe, role):
    open_renewal(world["institution_a"])
    response = pay(client_for(client, world, role), world["institution_a"])
    _expect(response, role, role in BILLING)
    started = Payment.objects.filter(status=PaymentStatus.PENDING).exists()
    assert started == (role in BILLING)
    if role in BILLING:
        assert response["Location"].startswith("https://checkout.stripe.com/")


@pytest.mark.parametrize("role", ROLES)
def test_the_receipt(client, world, role):
    payment = Payment.objects.get(membership__institution=world["institution_a"])
    url = reverse("members:receipt", args=[world["institution_a"].slug, payment.receipt_number])
    _expect(client_for(client, world, role).get(url), role, role in BILLING)


SECRETARIAT_URLS = [
    "/cms-admin/dues_report/",
    "/cms-admin/dues_report/?format=csv",
    "/cms-admin/dues_memberships/",
    "/cms-admin/dues_payments/",
    "/cms-admin/fee_schedule/",
    "/cms-admin/fee_schedule/new/",
    "/cms-admin/dues_reductions/new/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", SECRETARIAT_URLS)
def test_the_secretariat_views(client, world, role, url):
    response = client_for(client, world, role).get(url)
    if role == "secretariat":
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert "dues" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("url", SECRETARIAT_URLS)
def test_cms_editors_without_the_dues_permission_are_kept_out(client, db, url):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "dues" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("role", ["admin_a", "admin_b", "no_institution"])
def test_only_the_secretariat_acts_on_memberships(client, world, fees, role):
    client_for(client, world, role).post(
        reverse("dues_memberships:act", args=[world["institution_b"].membership.pk]),
        {"action": "waive", "reason": "Please"},
    )
    assert not Payment.objects.filter(membership__institution=world["institution_b"]).exists()


# The dues report and its CSV ------------------------------------------------------------------


@pytest.fixture
def report_world(world, fees):
    """This year: A paid, B unpaid, C unpaid in grace, D waived (C and D in Kenya, Africa)."""
    now = timezone.now()
    c = InstitutionFactory(name="Institution C")
    activate_membership(c, paid_at=now - timedelta(days=380))
    dues_services.membership_refresh(membership=c.membership)
    d = InstitutionFactory(name="Institution D")
    dues_services.dues_waive(membership=d.membership, reason="Flood", actor=world["secretariat"])
    return world


def test_the_report_counts_per_region_with_a_chart(client, report_world):
    client.force_login(report_world["secretariat"])
    response = client.get("/cms-admin/dues_report/")
    report = response.context["report"]
    total = {category["key"]: category["count"] for category in report["total"]["categories"]}
    assert total == {"paid": 1, "waived": 1, "grace": 1, "unpaid": 1}
    africa = next(row for row in report["regions"] if row["label"] == "Africa")
    assert africa["count"] == 3
    europe = next(row for row in report["regions"] if row["label"] == "Europe and North America")
    unpaid = next(category for category in europe["categories"] if category["key"] == "unpaid")
    assert (unpaid["count"], unpaid["amount"], unpaid["percent"]) == (1, 2000, 100)
    content = response.content.decode()
    assert 'class="dues-unpaid" style="inline-size: 100%"' in content
    assert "Download as CSV" in content


def test_the_csv_lists_every_member_safely(client, report_world):
    report_world["institution_b"].__class__.objects.filter(
        pk=report_world["institution_b"].pk
    ).update(name='=HYPERLINK("https://evil.example","Click")')
    client.force_login(report_world["secretariat"])
    response = client.get(f"/cms-admin/dues_report/?year={timezone.localdate().year}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Institution"
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {
        '\'=HYPERLINK("https://evil.example","Click")',
        "Institution A",
        "Institution C",
        "Institution D",
    }
    assert by_name["Institution D"][6] == "Waived"
    assert by_name['\'=HYPERLINK("https://evil.example","Click")'][7] == "2000.00"
