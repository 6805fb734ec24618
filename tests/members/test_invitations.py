import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.factories import UserFactory
from members.models import Affiliation, Invitation
from members.services import invitations as invitations_services
from members.services import people as people_services


@pytest.fixture
def invite(world, django_capture_on_commit_callbacks):
    """Invite as A's admin; the email task runs as it would once the transaction commits."""

    def invite(world, email="colleague@uni.example", role="editor", language="en"):
        with django_capture_on_commit_callbacks(execute=True):
            return invitations_services.invitation_create(
                institution=world["institution_a"],
                email=email,
                role=role,
                actor=world["admin_a"],
                language=language,
            )

    return invite


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/invitations/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_an_invitation_is_emailed_in_the_inviters_language(world, invite):
    invite(world, language="fr")
    assert mail.outbox[-1].to == ["colleague@uni.example"]
    assert link_in(mail.outbox[-1]).startswith("/fr/invitations/")


@pytest.mark.django_db
def test_the_invitation_names_the_inviter(world, invite):
    admin = world["admin_a"]
    invite(world)
    body = mail.outbox[-1].body
    assert f"{admin.get_full_name()} ({admin.email}) invites you to join Institution A" in body


@pytest.mark.django_db
def test_the_invited_person_accepts_and_gets_the_role(client, world, invite):
    invite(world)
    link = link_in(mail.outbox[-1])
    colleague = UserFactory(email="colleague@uni.example")
    client.force_login(colleague)
    assert b"Accept the invitation" in client.get(link).content
    response = client.post(link)
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(user=colleague)
    assert affiliation.role == "editor"
    assert colleague.groups.filter(name=f"institution:{world['institution_a'].pk}:editor").exists()
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"members.invitation.sent", "members.invitation.accepted"} <= actions


@pytest.mark.django_db
def test_an_anonymous_visitor_is_asked_to_sign_in_or_up(client, world, invite):
    invite(world)
    response = client.get(link_in(mail.outbox[-1]))
    assert b"/accounts/signup/?next=" in response.content
    assert b"/accounts/login/?next=" in response.content


@pytest.mark.django_db
def test_a_reused_invitation_is_refused(client, world, invite):
    invite(world)
    link = link_in(mail.outbox[-1])
    colleague = UserFactory(email="colleague@uni.example")
    client.force_login(colleague)
    client.post(link)
    response = client.post(link)
    assert "already been used" in response.content.decode()
    assert Affiliation.objects.filter(user=colleague).count() == 1


@pytest.mark.django_db
def test_an_expired_invitation_is_refused(client, world, invite):
    invite(world)
    link = link_in(mail.outbox[-1])
    colleague = UserFactory(email="colleague@uni.example")
    client.force_login(colleague)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(link)
    assert "expired" in response.content.decode()
    assert not Affiliation.objects.filter(user=colleague).exists()


@pytest.mark.django_db
def test_an_invitation_for_another_email_is_refused(client, world, invite):
    invite(world)
    link = link_in(mail.outbox[-1])
    client.force_login(UserFactory(email="someone.else@uni.example"))
    response = client.post(link)
    assert "sent to colleague@uni.example" in response.content.decode()
    assert Affiliation.objects.filter(institution=world["institution_a"]).count() == 3


@pytest.mark.django_db
def test_an_unverified_address_does_not_count(client, world, invite):
    invite(world)
    link = link_in(mail.outbox[-1])
    colleague = UserFactory(email="colleague@uni.example", verified=False)
    EmailAddress.objects.create(user=colleague, email=colleague.email, verified=False)
    client.force_login(colleague)
    client.post(link)
    assert not Affiliation.objects.filter(user=colleague).exists()


@pytest.mark.django_db
def test_a_forged_token_is_refused(client, world, invite):
    invite(world)
    client.force_login(UserFactory(email="colleague@uni.example"))
    response = client.post("/en/invitations/1:forged-token/")
    assert "not valid" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_a_revoked_invitation_is_refused(client, world, invite):
    invitation = invite(world)
    link = link_in(mail.outbox[-1])
    invitations_services.invitation_revoke(invitation=invitation, actor=world["admin_a"])
    client.force_login(UserFactory(email="colleague@uni.example"))
    assert "withdrawn" in client.post(link).content.decode()


@pytest.mark.django_db
def test_resending_extends_the_validity_and_sends_again(
    world, invite, django_capture_on_commit_callbacks
):
    invitation = invite(world)
    with (
        time_machine.travel(timezone.now() + timedelta(days=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitations_services.invitation_resend(invitation=invitation, actor=world["admin_a"])
        assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_inviting_someone_twice_is_refused(world, invite):
    invite(world)
    with pytest.raises(ValidationError, match="already been invited"):
        invite(world)
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_inviting_a_current_member_is_refused(world, invite):
    with pytest.raises(ValidationError, match="already has a role"):
        invite(world, email=world["staff_a"].email)


def test_the_invitation_form_defaults_to_the_least_privileged_role(client, world):
    client.force_login(world["admin_a"])
    response = client.get(reverse("members:people", args=[world["institution_a"].slug]))
    invite_form = response.content.decode().split('id="invite"')[1].split("</form>")[0]
    assert '<option value="staff" selected>' in invite_form
    assert "selected" not in invite_form.replace('<option value="staff" selected>', "")


@pytest.mark.django_db
def test_the_inviter_hears_when_the_invitation_is_accepted(
    client, world, invite, django_capture_on_commit_callbacks
):
    invite(world)
    link = link_in(mail.outbox[-1])
    colleague = UserFactory(email="colleague@uni.example", first_name="Lin", last_name="Wei")
    client.force_login(colleague)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert [message.to for message in mail.outbox] == [[world["admin_a"].email]]
    assert "Lin Wei (colleague@uni.example) accepted your invitation" in mail.outbox[0].body
    assert "/en/my-institution/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_role_change_is_emailed_to_the_person_in_their_language(
    world, django_capture_on_commit_callbacks
):
    editor = world["editor_a"]
    editor.preferred_language = "fr"
    editor.save()
    affiliation = Affiliation.objects.get(user=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        people_services.person_change_role(
            affiliation=affiliation, role="admin", actor=world["admin_a"]
        )
    assert [message.to for message in mail.outbox] == [[editor.email]]
    body = mail.outbox[0].body
    assert world["admin_a"].get_full_name() in body
    assert "Administrateur" in body  # the new role, in French
    assert "/fr/my-institution/" in body
    with django_capture_on_commit_callbacks(execute=True):  # the same role again: nothing
        people_services.person_change_role(
            affiliation=affiliation, role="admin", actor=world["admin_a"]
        )
    assert len(mail.outbox) == 1
