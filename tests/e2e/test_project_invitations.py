"""Projects: a lead tries to invite someone who has no member institution and is told on the
form; nothing is created and nobody is emailed. A colleague at a member institution is invited."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectInvitation, ProjectKind
from tests.e2e.helpers import sign_in
from tests.members.conftest import activate_membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_lead_is_told_at_once_that_an_invitation_cannot_work(page, screenshot):
    nairobi = InstitutionFactory(name="University of Nairobi", country="KE")
    activate_membership(nairobi)
    lead = affiliate(nairobi, InstitutionRole.EDITOR, email="amina@nairobi.example")
    colleague = affiliate(nairobi, InstitutionRole.STAFF, email="otieno@nairobi.example")
    UserFactory(email="freelancer@example.org")  # an account, but no institution
    project = services.project_create(
        actor=lead,
        data={
            "title": "AI in education MOOC",
            "kind": ProjectKind.JOINT_TEACHING,
            "summary": "Co-teaching across continents.",
            "lead_institution": nairobi,
        },
    )
    mail.outbox.clear()

    sign_in(page, lead.email, next_url=f"/en/my-projects/{project.slug}/people/")
    form = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    expect(form.get_by_label("Outside expert")).to_have_count(0)  # the secretariat's choice
    for email in ("freelancer@example.org", "no.account@example.org"):
        form.get_by_label("Email address").fill(email)
        form.get_by_label("Role").select_option(label="Contributor")
        form.get_by_role("button", name="Send the invitation").click()
        expect(form).to_contain_text(
            f"{email} has no role at a member institution in good standing"
        )
        expect(form.get_by_label("Email address")).to_have_value(email)
        expect(page.get_by_role("status")).to_have_count(0)
        screenshot(page, f"project-invitation-refused-{email.split('@')[0]}")
    expect(page.get_by_text("No pending invitations.")).to_be_visible()
    assert not ProjectInvitation.objects.exists()
    assert mail.outbox == []

    form.get_by_label("Email address").fill(colleague.email)
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "An invitation has been sent to otieno@nairobi.example."
    )
    expect(page.get_by_role("cell", name="otieno@nairobi.example")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["otieno@nairobi.example"]]
