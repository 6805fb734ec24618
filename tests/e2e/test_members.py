"""Members: the directory's filters, inviting a colleague, applying for membership."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import (
    Affiliation,
    ApplicationStatus,
    InstitutionKind,
    InstitutionRole,
    MembershipApplication,
)
from tests.e2e.helpers import fill_sign_in_form, link_path, sign_in
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    # Signing in without a `next` lands on the home page, which a data migration creates.
    pytest.mark.django_db(transaction=True),
]


def test_the_directory_filters_by_region(page, screenshot):
    InstitutionFactory(name="Nairobi Open University", country="KE")
    InstitutionFactory(name="Lyon Learning Commons", country="FR", kind=InstitutionKind.PLATFORM)
    InstitutionFactory(name="Amman Foundation", country="JO", kind=InstitutionKind.PRIVATE_SECTOR)

    page.goto("/en/members/")
    cards = page.locator(".institution-card h3")
    expect(cards).to_have_text(
        ["Amman Foundation", "Lyon Learning Commons", "Nairobi Open University"]
    )
    expect(page.get_by_role("heading", name="3 institutions")).to_be_visible()

    filters = page.get_by_role("search")
    filters.get_by_label("UNESCO region").select_option(label="Africa")
    filters.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/en/members/\?.*region=africa"))
    expect(cards).to_have_text(["Nairobi Open University"])
    expect(page.get_by_role("heading", name="1 institution", exact=True)).to_be_visible()
    expect(page.locator(".institution-card .meta")).to_have_text(["Africa"])
    # The form keeps the choice, so the visitor sees what the list is filtered by.
    expect(filters.get_by_label("UNESCO region")).to_have_value("africa")
    screenshot(page, "members-directory-africa")


def test_an_admin_invites_a_colleague_who_accepts(page, new_page, screenshot):
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)  # member-only areas follow the dues
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@nairobi.example")
    people_url = f"/en/my-institution/{institution.slug}/people/"

    sign_in(page, admin.email, next_url=people_url)
    expect(page).to_have_url(re.compile(re.escape(people_url) + "$"))
    expect(page.get_by_role("heading", level=2, name="People and roles")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("admin@nairobi.example")

    invite_form = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    invite_form.get_by_label("Email address").fill("new.colleague@uni.example")
    invite_form.get_by_label("Role").select_option(label="Editor")
    invite_form.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("status")).to_contain_text(
        "An invitation has been sent to new.colleague@uni.example."
    )
    pending = page.locator("table", has=page.get_by_role("columnheader", name="Valid until"))
    expect(pending.get_by_role("row").filter(has_text="new.colleague@uni.example")).to_contain_text(
        "Editor"
    )
    screenshot(page, "members-invitation-sent")

    [invitation] = [m for m in mail.outbox if m.to == ["new.colleague@uni.example"]]
    link = link_path(invitation.body, r"/en/invitations/[^/\s]+/")

    colleague = UserFactory(email="new.colleague@uni.example")
    invitee = new_page()
    invitee.goto(link)
    main = invitee.get_by_role("main")
    expect(main).to_contain_text("You are invited to join Nairobi Open University as Editor.")
    main.get_by_role("link", name="Sign in").click()
    expect(invitee).to_have_url(re.compile(r"/accounts/login/\?next="))
    fill_sign_in_form(invitee, colleague.email)

    expect(invitee).to_have_url(re.compile(re.escape(link) + "$"))
    invitee.get_by_role("button", name="Accept the invitation").click()

    expect(invitee).to_have_url(re.compile(rf"/en/my-institution/{institution.slug}/$"))
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Nairobi Open University")
    expect(invitee.get_by_role("status")).to_contain_text(
        "Welcome! You now have a role at Nairobi Open University."
    )
    tabs = invitee.get_by_role("navigation", name="My institution")
    expect(tabs.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    assert Affiliation.objects.get(user=colleague, institution=institution).role == "editor"


def test_applying_for_membership_in_three_steps(page, screenshot):
    applicant = UserFactory(email="rector@campinas.example")

    sign_in(page, applicant.email, next_url="/en/apply/")
    expect(page).to_have_url(re.compile(r"/en/apply/$"))
    page.get_by_role("link", name="Start the application").click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("Step 1 of 4")
    main.get_by_label("Institution name").fill("Campinas Virtual College")
    main.get_by_label("Kind").select_option(label="University")
    main.get_by_label("Country").select_option(label="Brazil")
    main.get_by_label("Website").fill("https://campinas.example.org")
    main.get_by_label("About the institution").fill("A public college offering online degrees.")
    main.get_by_role("button", name="Next").click()

    expect(main).to_contain_text("Step 2 of 4")
    main.get_by_label("Contact person").fill("Ana Souza")
    main.get_by_label("Position").fill("Vice-Rector")
    main.get_by_label("Contact email").fill("ana.souza@campinas.example")
    main.get_by_role("button", name="Next").click()

    expect(main).to_contain_text("Step 3 of 4")
    main.get_by_label("Motivation").fill("We want to co-teach open courses with partners abroad.")
    main.get_by_label("Joint teaching").check()
    main.get_by_label("Knowledge sharing").check()
    main.get_by_label("I agree to the alliance charter").check()
    main.get_by_role("button", name="Next").click()
    # The review step: what was written, as it reads, before anything is submitted.
    expect(main.get_by_role("heading", name="Check your application")).to_be_visible()
    expect(main.locator("dl.review")).to_contain_text("Joint teaching, Knowledge sharing")
    assert not MembershipApplication.objects.exists()
    main.get_by_role("button", name="Submit the application").click()

    expect(page).to_have_url(re.compile(r"/en/apply/$"))
    expect(page.get_by_role("status")).to_contain_text("your application has been submitted")
    status = page.get_by_role("region", name="Your application for Campinas Virtual College")
    expect(status).to_contain_text("Status: Submitted")
    screenshot(page, "members-application-submitted")

    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.activities == ["joint_teaching", "knowledge_sharing"]
    assert [message.to for message in mail.outbox] == [["rector@campinas.example"]]
