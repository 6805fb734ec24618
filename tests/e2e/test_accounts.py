"""Accounts: sign up with email verification, sign out, sign in; a taken address is not told."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.factories import UserFactory
from members.models import User
from tests.e2e.helpers import link_path, sign_in

pytestmark = [
    pytest.mark.e2e,
    # Signing in lands on the home page, which a data migration creates.
    pytest.mark.django_db(transaction=True),
]

EMAIL = "amina.otieno@uni.example"
PASSWORD = "Correct-Horse-Battery-42"


def fill_signup(page, email, password):
    page.goto("/accounts/signup/")
    main = page.get_by_role("main")
    main.get_by_label("Email", exact=True).fill(email)
    main.get_by_label("Password", exact=True).fill(password)
    main.get_by_label("Password (again)", exact=True).fill(password)
    main.get_by_role("button", name="Sign Up").click()


def expect_signed_in(page):
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("button", name="Sign out")).to_be_visible()
    expect(account.get_by_role("link", name="My account")).to_be_visible()
    expect(account.get_by_role("link", name="Sign in")).to_have_count(0)


def test_sign_up_verify_the_email_sign_out_and_sign_in_again(page, screenshot):
    fill_signup(page, EMAIL, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    page.goto(link_path(mail.outbox[0].body, r"/accounts/confirm-email/[^/\s]+/"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm email address")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect_signed_in(page)
    screenshot(page, "accounts-signed-up")
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified

    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()

    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account.get_by_role("button", name="Sign out")).to_have_count(0)

    sign_in(page, EMAIL, PASSWORD)

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect_signed_in(page)


def test_signing_up_with_a_taken_address_tells_only_its_owner(page, screenshot):
    UserFactory(email=EMAIL)

    fill_signup(page, EMAIL, PASSWORD)

    # The same page as for a new address (no one learns who has an account here) ...
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    expect(page.get_by_role("main").locator(".errorlist")).to_have_count(0)
    screenshot(page, "accounts-signup-taken-address")
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    # ... and the owner of the address is told by email, with no confirmation link.
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert "/accounts/confirm-email/" not in mail.outbox[0].body
