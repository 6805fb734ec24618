"""A project invitation is refused when it cannot be accepted: the person has no role at a
member institution in good standing (outside experts, invited by the secretariat, aside)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectInvitation
from tests.members.conftest import activate_membership

REFUSED = "has no role at a member institution in good standing"


def _invite(world, email, *, actor="lead", outside_expert=False):
    return services.invitation_create(
        project=world["project"],
        email=email,
        role="viewer",
        actor=world[actor],
        language="en",
        outside_expert=outside_expert,
    )


@pytest.mark.parametrize("who", ["no_account", "no_institution", "pending", "suspended"])
def test_a_lead_cannot_invite_someone_without_a_member_institution(
    world, who, mailoutbox, django_capture_on_commit_callbacks
):
    email = {"no_account": "stranger@example.org", "no_institution": "nobody@example.org"}.get(who)
    if email is None:
        institution = InstitutionFactory(name=f"Institution {who}")  # membership pending
        if who == "suspended":
            activate_membership(institution)
            institution.suspended_at = timezone.now()
            institution.save()
        email = affiliate(institution, InstitutionRole.ADMIN, email=f"{who}@c.example").email
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match=REFUSED),
    ):
        _invite(world, email.upper())
    assert not ProjectInvitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("address", ["sign_in", "verified_secondary"])
def test_a_member_of_a_member_institution_is_invited(world, address):
    email = "other@b.example"
    if address == "verified_secondary":
        email = "o.ther@personal.example"
        EmailAddress.objects.create(user=world["other_member"], email=email, verified=True)
    invitation = _invite(world, email)
    assert invitation.email == email and not invitation.outside_expert


def test_an_unverified_secondary_address_does_not_count(world):
    EmailAddress.objects.create(
        user=world["other_member"], email="claimed@personal.example", verified=False
    )
    with pytest.raises(ValidationError, match=REFUSED):
        _invite(world, "claimed@personal.example")


def test_the_secretariat_still_invites_an_outside_expert(world):
    expert = UserFactory(email="expert@think.example")
    invitation = _invite(world, expert.email, actor="secretariat", outside_expert=True)
    services.invitation_accept(invitation=invitation, user=expert)
    assert world["project"].participants.get(user=expert).institution is None


def test_the_secretariat_without_the_expert_box_is_told(world):
    with pytest.raises(ValidationError, match=REFUSED):
        _invite(world, "expert@think.example", actor="secretariat")


def test_the_lead_sees_the_refusal_on_the_form(client, world):
    client.force_login(world["lead"])
    url = reverse("projects:people", args=[world["project"].slug])
    response = client.post(url, {"email": "nobody@example.org", "role": "contributor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "nobody@example.org has no role at a member institution in good standing" in html
    assert "An invitation has been sent" not in html
    assert not ProjectInvitation.objects.exists()


def test_resending_a_project_invitation_sends_the_project_email_again(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, "other@b.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, actor=world["lead"])
    subjects = [message.subject for message in mailoutbox]
    assert len(subjects) == 2 and len(set(subjects)) == 1
    assert world["project"].title in subjects[1]
