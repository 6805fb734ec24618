"""A member opens the CMS admin, the secretariat the Django admin: each is told they have no access
(no bouncing between the admin and the sign-in page) and finds the way on."""

import re

import pytest
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.e2e.helpers import fill_sign_in_form, secretariat_person, sign_in, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def test_a_member_without_admin_rights_is_told_so_and_signs_out(page, screenshot):
    member = affiliate(InstitutionFactory(), InstitutionRole.EDITOR, email="editor@uni.example")
    sign_in(page, member.email)

    response = page.goto("/cms-admin/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("No access to the administration")
    expect(page.get_by_text(f"You are signed in as {member.email}")).to_be_visible()
    screenshot(page, "admin-access-member")
    page.get_by_role("button", name="Sign out, to sign in with another account").click()

    # Signed out, the admin asks to sign in, once, and lets the right person in.
    page.goto("/cms-admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cms-admin/$"))
    fill_sign_in_form(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("No access to the administration")


def test_the_secretariat_is_sent_from_the_django_admin_to_its_own(page, screenshot):
    secretariat = secretariat_person("office@secretariat.example")
    sign_in_with_code(page, secretariat.email, next_url="/django-admin/")

    expect(page.get_by_role("heading", level=1)).to_have_text("No access to the administration")
    expect(page.get_by_text("for the platform's superusers only")).to_be_visible()
    screenshot(page, "admin-access-secretariat-django-admin")
    page.get_by_role("link", name="Go to the website administration").click()
    expect(page).to_have_url(re.compile(r"/cms-admin/$"))
    expect(page).to_have_title(re.compile("Dashboard"))
