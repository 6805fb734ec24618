"""Project actions are audited with before and after (role changes, settings, partners,
acceptances), and the people concerned are emailed in their language: the person whose role
changed, and the inviter and the project's leads when an invitation is accepted."""

import pytest
from django.core import mail
from django.utils import translation
from wagtail.models import ModelLogEntry

from members.factories import affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import Participant, ProjectRole, Visibility

pytestmark = pytest.mark.django_db


def entry(action):
    return ModelLogEntry.objects.filter(action=action).latest("pk")


def test_a_role_change_is_logged_and_emailed_in_the_person_s_language(world, commit):
    person = world["contributor"]
    person.preferred_language, person.time_zone = "ar", "Asia/Riyadh"
    person.save()
    participant = Participant.objects.get(project=world["project"], user=person)
    with commit():
        services.participant_change_role(
            participant=participant, role=ProjectRole.COORDINATOR, actor=world["lead"]
        )
    logged = entry("projects.participant.role_changed")
    assert logged.user == world["lead"]
    assert logged.data["role"] == ["contributor", "coordinator"]
    assert f"Role: {ProjectRole.CONTRIBUTOR.label} → {ProjectRole.COORDINATOR.label}" in (
        logged.message
    )
    [message] = mail.outbox
    assert message.to == [person.email]
    with translation.override("ar"):
        assert str(ProjectRole.COORDINATOR.label) in message.body
    assert "/ar/my-projects/" in message.body and "Open Science MOOCs" in message.subject


def test_changing_one_s_own_role_emails_nobody(world, commit):
    lead = world["lead"]
    services.participant_add(
        project=world["project"], user=world["other_member"], role="lead", actor=lead
    )
    participant = Participant.objects.get(project=world["project"], user=lead)
    with commit():
        services.participant_change_role(participant=participant, role="coordinator", actor=lead)
    assert mail.outbox == []


def test_a_refused_role_change_logs_and_emails_nothing(world, commit):
    participant = Participant.objects.get(project=world["project"], user=world["lead"])
    with commit(), pytest.raises(Exception, match="at least one lead"):
        services.participant_change_role(
            participant=participant, role="viewer", actor=world["secretariat"]
        )
    assert not ModelLogEntry.objects.filter(action="projects.participant.role_changed").exists()
    assert mail.outbox == []


def test_an_acceptance_emails_the_inviter_and_the_leads_not_the_new_participant(world, commit):
    coordinator, lead = world["coordinator"], world["lead"]
    lead.preferred_language = "zh-hans"
    lead.save()
    newcomer = affiliate(world["a"], InstitutionRole.STAFF, email="new@a.example")
    invitation = services.invitation_create(
        project=world["project"],
        email=newcomer.email,
        role="contributor",
        actor=coordinator,
        language="fr",
    )
    mail.outbox.clear()
    with commit():
        services.invitation_accept(invitation=invitation, user=newcomer)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {coordinator.email, lead.email}
    assert "new@a.example" in sent[lead.email].subject
    assert "/zh-hans/my-projects/" in sent[lead.email].body
    logged = entry("projects.invitation.accepted")
    assert logged.user == newcomer
    assert logged.data["role"] == "contributor" and logged.data["person"] == newcomer.email
    assert f"Role: {ProjectRole.CONTRIBUTOR.label}" in logged.message


def test_a_settings_edit_records_each_field_and_the_partners_before_and_after(world):
    project = world["project"]
    services.project_update(
        project=project,
        actor=world["secretariat"],
        data={
            "visibility": Visibility.PUBLIC,
            "title": project.title,
            "partners": [],
            "translations": {"fr": {"title": "MOOC de science ouverte"}},
        },
    )
    logged = entry("projects.project.updated")
    assert logged.user == world["secretariat"]
    assert logged.data["changes"] == {
        "visibility": ["private", "public"],
        "partners": ["Institution B", ""],
    }
    assert logged.data["translations"] == "fr"
    message = logged.message
    assert f"Visibility: {Visibility.PRIVATE.label} → {Visibility.PUBLIC.label}" in message
    assert "Partner institutions: Institution B → —" in message


def test_an_edit_that_changes_nothing_is_not_logged(world):
    project = world["project"]
    before = ModelLogEntry.objects.count()
    services.project_update(
        project=project,
        actor=world["lead"],
        data={"title": project.title, "partners": [world["b"]]},
    )
    assert ModelLogEntry.objects.count() == before
