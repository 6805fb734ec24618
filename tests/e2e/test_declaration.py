"""The Declaration: an institution's admin signs it, the secretariat confirms, it is listed."""

import re

import pytest
from playwright.sync_api import expect

from cms import services
from cms.models import DeclarationPage, Endorsement
from cms.models.declaration import VersionStatus
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.conftest import home_page, make_version
from tests.e2e.helpers import fill_sign_in_form
from tests.members.conftest import activate_membership, secretariat_member

pytestmark = [
    pytest.mark.e2e,
    # The language trees' home pages come from a data migration.
    pytest.mark.django_db(transaction=True),
]


def test_an_institution_admin_endorses_the_declaration(page, settings, screenshot):
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@nairobi.example")
    home_page().add_child(instance=DeclarationPage(title="The Declaration", slug="declaration"))
    make_version(2, VersionStatus.ADOPTED)

    page.goto("/en/declaration/")
    expect(page.get_by_role("heading", name="0 signatories")).to_be_visible()
    page.get_by_role("link", name="Sign in to endorse").click()
    fill_sign_in_form(page, admin.email)
    expect(page).to_have_url(re.compile(r"/en/declaration/$"))

    endorse = page.get_by_role("region", name="Endorse the Declaration")
    expect(endorse.get_by_label("Institution", exact=True)).to_have_value(str(institution.pk))
    endorse.get_by_role("button", name="Sign on behalf of the institution").click()
    # Nothing filled in: the form says what is missing, and nothing is signed.
    expect(endorse.get_by_role("alert").or_(endorse.locator(".errorlist")).first).to_be_visible()
    assert not Endorsement.objects.exists()

    endorse.get_by_label("Your position").fill("Vice-Chancellor")
    endorse.get_by_label("I am authorized to sign").check()
    endorse.get_by_role("button", name="Sign on behalf of the institution").click()
    expect(page.get_by_role("status")).to_contain_text("The secretariat will confirm")
    expect(endorse).to_contain_text("Nairobi Open University: Waiting for confirmation")
    screenshot(page, "declaration-signed")

    endorsement = Endorsement.objects.get()
    services.endorsement_decide(
        endorsement=endorsement, actor=secretariat_member(settings), confirm=True
    )
    page.reload()
    expect(page.get_by_role("heading", name="1 signatory")).to_be_visible()
    expect(page.locator(".signatories")).to_contain_text("Nairobi Open University")
    expect(endorse).to_contain_text("Nairobi Open University: Confirmed")
