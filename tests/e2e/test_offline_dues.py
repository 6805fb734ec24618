"""Offline dues, as the secretariat and a member walk them without Stripe: the bank details
published, a wrongly dated transfer voided, a short transfer recorded; the member pays by bank
transfer with the reference and sees the balance."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import FeeSchedule, InstitutionRole, MembershipStatus, Payment, PaymentStatus
from members.services import dues as dues_services
from tests.e2e.helpers import assert_fits, secretariat_person, sign_in, sign_in_with_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_the_secretariat_fixes_offline_dues_and_the_member_pays_by_transfer(
    page, new_page, screenshot, settings
):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    today = timezone.localdate()
    institution = InstitutionFactory(name="Kathmandu Open University", country="NP")
    FeeSchedule.objects.create(
        year=today.year, kind=institution.kind, income_group="lower_middle", amount_usd=300
    )
    membership = dues_services.membership_for(institution=institution)
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@kathmandu.example")
    secretariat = secretariat_person("dues@secretariat.example")
    reference = f"GMA-{today.year}-M{membership.pk:05d}"
    membership_url = f"/en/my-institution/{institution.slug}/membership/"

    # The secretariat publishes its bank details.
    desk = new_page()
    sign_in_with_code(desk, secretariat.email, "/cms-admin/settings/members/bankdetails/")
    expect(desk.get_by_role("textbox", name="Account holder")).to_be_visible()
    desk.get_by_role("textbox", name="Account holder").fill("Global MOOC Alliance")
    desk.get_by_role("textbox", name="IBAN or account number").fill(IBAN)
    desk.get_by_role("textbox", name="BIC / SWIFT code").fill("AGRIFRPP")
    desk.get_by_role("textbox", name="Instructions").fill("Bank fees are paid by the sender.")
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_text("Bank details updated")).to_be_visible()

    # The member: no online payment, but the bank details and the reference to give.
    sign_in(page, admin.email, next_url=membership_url)
    expect(page).to_have_url(re.compile(re.escape(membership_url) + "$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Pay by bank transfer")).to_be_visible()
    expect(main).to_contain_text(reference)
    expect(main).to_contain_text(IBAN)
    expect(main).to_contain_text("USD\xa0300.00")
    expect(main.get_by_role("button", name="Pay online")).to_have_count(0)
    screenshot(page, "offline-dues-member-before")

    # The secretariat records the transfer with the wrong date, then voids it.
    inspect_url = f"/cms-admin/dues_memberships/inspect/{membership.pk}/"
    desk.goto(inspect_url)
    expect(
        desk.get_by_text(f"The member was asked to give the reference {reference}")
    ).to_be_visible()
    transfer = desk.locator("form", has=desk.get_by_role("button", name="Record the payment"))
    transfer.get_by_label("Bank transfer reference").fill("KTM-TR-1")
    wrong_day = today - timedelta(days=20)
    transfer.get_by_label("Received on").fill(wrong_day.isoformat())
    transfer.get_by_role("button", name="Record the payment").click()
    expect(desk.get_by_text("The membership is now: Active")).to_be_visible()
    payments = desk.get_by_role("table").first
    row = payments.get_by_role("row").filter(has_text="KTM-TR-1")
    row.get_by_label("Reason").fill("Received today, not three weeks ago")
    row.get_by_role("button", name="Void and issue a credit note").click()
    expect(desk.get_by_text("The membership is now: Pending")).to_be_visible()
    expect(desk.get_by_role("table").first).to_contain_text(
        f"Credit note GMA-CN-{today.year}-000001"
    )

    # The right date; the bank kept 10 USD of fees.
    transfer = desk.locator("form", has=desk.get_by_role("button", name="Record the payment"))
    transfer.get_by_label("Bank transfer reference").fill("KTM-TR-2")
    transfer.get_by_label("Received on").fill(today.isoformat())
    transfer.get_by_label("Amount received (USD)").fill("290.00")
    transfer.get_by_role("button", name="Record the payment").click()
    expect(desk.get_by_text("The membership is now: Active")).to_be_visible()
    expect(
        desk.get_by_role("table").first.get_by_role("row").filter(has_text="KTM-TR-2")
    ).to_contain_text("USD\xa010.00")
    screenshot(desk, "offline-dues-secretariat-membership")

    desk.goto(f"/cms-admin/dues_report/?year={today.year}")
    expect(desk.get_by_role("table").get_by_role("row").last).to_contain_text("USD\xa010.00")
    screenshot(desk, "offline-dues-secretariat-report")

    # The member is active, sees the balance, the reference and the bank details again.
    page.reload()
    expect(main.get_by_role("heading", name="Balance due")).to_be_visible()
    expect(main).to_contain_text("USD\xa010.00")
    expect(main).to_contain_text(reference)
    expect(main).to_contain_text(IBAN)
    expect(main.get_by_role("button", name="Pay online")).to_have_count(0)
    expect(main).to_contain_text("Active")
    screenshot(page, "offline-dues-member-balance")
    assert_fits(page)  # the IBAN and the reference wrap at 320 px
    page.goto(membership_url.replace("/en/", "/ar/"))
    assert_fits(page)

    voided, paid = Payment.objects.filter(membership=membership).order_by("pk")
    assert (voided.status, paid.status) == (PaymentStatus.VOIDED, PaymentStatus.SUCCEEDED)
    assert (paid.amount_cents, paid.balance_cents) == (29000, 1000)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.periods.get(payment=paid).starts_on == today
