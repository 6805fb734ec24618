"""Rules of projects.services: roles, invitations, content, bad input leaves nothing behind."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from members.factories import UserFactory, affiliate
from members.models import InstitutionRole
from members.services import invitations as invitations_services
from projects import services
from projects.models import (
    Document,
    DocumentVersion,
    Meeting,
    Participant,
    ProjectInvitation,
    ProjectRole,
)
from tests.projects.conftest import make_project

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _lead_of(project):
    return project.participants.get(role=ProjectRole.LEAD)


# Participants and roles ---------------------------------------------------------------------


def test_the_creator_is_the_first_lead_from_the_lead_institution(world):
    lead = _lead_of(world["project"])
    assert lead.user == world["lead"]
    assert lead.institution == world["a"]


def test_the_last_lead_cannot_be_removed_or_demoted(world):
    lead = _lead_of(world["project"])
    with pytest.raises(ValidationError, match="at least one lead"):
        services.participant_remove(participant=lead, actor=world["lead"])
    with pytest.raises(ValidationError, match="at least one lead"):
        services.participant_change_role(participant=lead, role="viewer", actor=world["lead"])
    lead.refresh_from_db()
    assert lead.role == ProjectRole.LEAD
    assert world["lead"].has_perm("projects.manage_participants", world["project"])


def test_with_a_second_lead_the_first_may_step_down(world):
    project = world["project"]
    coordinator = project.participants.get(user=world["coordinator"])
    services.participant_change_role(participant=coordinator, role="lead", actor=world["lead"])
    services.participant_change_role(
        participant=_lead_of_user(project, world["lead"]), role="viewer", actor=world["lead"]
    )
    fresh = type(world["lead"]).objects.get(pk=world["lead"].pk)
    assert not fresh.has_perm("projects.manage_participants", project)
    assert fresh.has_perm("projects.view_project", project)
    assert fresh.groups.filter(name=f"project:{project.pk}:viewer").exists()
    assert not fresh.groups.filter(name=f"project:{project.pk}:lead").exists()


def _lead_of_user(project, user):
    return project.participants.get(user=user)


def test_removing_takes_the_permissions_away(world):
    project = world["project"]
    participant = project.participants.get(user=world["contributor"])
    services.participant_remove(participant=participant, actor=world["lead"])
    fresh = type(world["contributor"]).objects.get(pk=world["contributor"].pk)
    assert not fresh.has_perm("projects.view_project", project)


def test_only_people_of_member_institutions_take_part(world):
    stranger = UserFactory()
    with pytest.raises(ValidationError, match="member institutions"):
        services.participant_add(
            project=world["project"], user=stranger, role="contributor", actor=world["lead"]
        )
    assert not Participant.objects.filter(user=stranger).exists()


def test_an_outside_expert_is_a_viewer_only(world):
    expert = UserFactory()
    with pytest.raises(ValidationError, match="only be a viewer"):
        services.participant_add(
            project=world["project"],
            user=expert,
            role="contributor",
            actor=world["secretariat"],
            outside_expert=True,
        )
    participant = services.participant_add(
        project=world["project"],
        user=expert,
        role="viewer",
        actor=world["secretariat"],
        outside_expert=True,
    )
    assert participant.institution is None
    with pytest.raises(ValidationError, match="only be a viewer"):
        services.participant_change_role(
            participant=participant, role="contributor", actor=world["lead"]
        )


def test_only_the_secretariat_invites_outside_experts(world):
    with pytest.raises(ValidationError, match="secretariat"):
        services.invitation_create(
            project=world["project"],
            email="expert@think.example",
            role="viewer",
            actor=world["lead"],
            language="en",
            outside_expert=True,
        )
    assert not ProjectInvitation.objects.exists()


def test_invitation_round_trip(world, mailoutbox, commit):
    project = world["project"]
    with commit():
        invitation = services.invitation_create(
            project=project,
            email="Expert@Think.example",
            role="viewer",
            actor=world["secretariat"],
            language="fr",
            outside_expert=True,
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["expert@think.example"]
    assert "Invitation" in mailoutbox[0].subject  # French: "Invitation au projet …"
    token = invitations_services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    expert = UserFactory(email="expert@think.example")
    services.invitation_accept(invitation=invitation, user=expert)
    assert project.participants.get(user=expert).role == ProjectRole.VIEWER
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(invitation=invitation, user=expert)


def test_an_invitation_is_for_its_address_only(world):
    affiliate(world["a"], InstitutionRole.STAFF, email="x@a.example")
    invitation = services.invitation_create(
        project=world["project"],
        email="x@a.example",
        role="contributor",
        actor=world["lead"],
        language="en",
    )
    with pytest.raises(ValidationError, match=r"x@a\.example"):
        services.invitation_accept(invitation=invitation, user=world["other_member"])
    with pytest.raises(invitations_services.InvitationError):
        services.invitation_from_token("forged")


# Projects -----------------------------------------------------------------------------------


def test_sdg_targets_are_checked(world):
    with pytest.raises(ValidationError, match="not an SDG"):
        services.project_update(
            project=world["project"], actor=world["lead"], data={"sdg_targets": ["4.3", "42"]}
        )
    assert list(world["project"].sdg_rows.values_list("target", flat=True)) == ["4.3"]


def test_an_end_before_the_start_is_refused(world):
    with pytest.raises(ValidationError):
        services.project_update(
            project=world["project"],
            actor=world["lead"],
            data={"start_date": date(2027, 5, 1), "end_date": date(2027, 1, 1)},
        )
    world["project"].refresh_from_db()
    assert world["project"].start_date is None


def test_slugs_are_unique_and_avoid_reserved_paths(world):
    again = make_project(world["lead"], world["a"])
    assert again.slug == "open-science-moocs-2"
    reserved = make_project(world["lead"], world["a"], title="New")
    assert reserved.slug == "new-2"


# Documents ----------------------------------------------------------------------------------


def test_versions_are_numbered_and_stored_privately(world):
    project = world["project"]
    first = services.document_upload(
        project=project, actor=world["lead"], upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    second = services.document_upload(
        project=project,
        actor=world["contributor"],
        upload=SimpleUploadedFile("plan-v2.pdf", PDF),
        document=first.document,
    )
    assert (first.number, second.number) == (1, 2)
    assert first.document.title == "plan.pdf"
    assert second.file.storage is storages["private"]
    assert second.file.name.startswith(f"projects/{project.pk}/")
    assert second.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.exe", b"MZ\x90\x00", "cannot be shared"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "cannot be shared"),
        ("image.pdf", PNG, "cannot be shared"),
        ("page.html", b"<html></html>", "cannot be shared"),
        ("binary.txt", b"\x00\x01\x02\xff\xfe", "cannot be shared"),
        ("noextension", PDF, "cannot be shared"),
    ],
)
def test_forbidden_types_are_refused_and_nothing_is_kept(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.document_upload(
            project=world["project"],
            actor=world["lead"],
            upload=SimpleUploadedFile(name, content),
        )
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_too_big_file_is_refused(world, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="too big"):
        services.document_upload(
            project=world["project"], actor=world["lead"], upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "Notes — ملاحظات".encode()),
        ("a.csv", b"a,b\n1,2\n"),
        ("logo.png", PNG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
    ],
)
def test_accepted_types(world, name, content):
    version = services.document_upload(
        project=world["project"], actor=world["lead"], upload=SimpleUploadedFile(name, content)
    )
    assert version.size == len(content)


# Meetings -----------------------------------------------------------------------------------


def test_a_meeting_is_stored_in_utc_with_the_organizers_zone(world):
    meeting = services.meeting_save(
        project=world["project"],
        actor=world["coordinator"],
        data={
            "title": "Kick-off",
            "day": date(2027, 7, 1),
            "at": time(9, 0),
            "time_zone": "America/Sao_Paulo",
            "duration_minutes": 90,
        },
    )
    assert meeting.starts_at == datetime(2027, 7, 1, 12, 0, tzinfo=UTC)
    assert meeting.time_zone == "America/Sao_Paulo"


def test_an_unknown_time_zone_is_refused(world):
    with pytest.raises(ValidationError, match="not a known time zone"):
        services.meeting_save(
            project=world["project"],
            actor=world["coordinator"],
            data={"title": "x", "day": date(2027, 1, 1), "at": time(9), "time_zone": "Mars/Base"},
        )
    assert not Meeting.objects.exists()


# Updates and mentions -----------------------------------------------------------------------


def test_mentions_find_participants_by_address_or_its_first_part(world):
    found = services.mentioned_users(
        project=world["project"],
        text="Thanks @viewer and @coordinator@example.org! Not @nobody, not mail@contributor.",
    )
    assert {user.email for user in found} == {"viewer@example.org", "coordinator@example.org"}


def test_an_empty_update_is_refused(world):
    with pytest.raises(ValidationError, match="Write something"):
        services.update_post(project=world["project"], actor=world["lead"], body="   ")
    assert not world["project"].updates.exists()


def test_private_files_live_outside_the_public_media_folder():
    from pathlib import Path

    from alliance.settings import base

    if base.AWS_STORAGE_BUCKET_NAME:
        assert base.PRIVATE_STORAGE["OPTIONS"]["default_acl"] == "private"
        return
    private = Path(base.PRIVATE_STORAGE["OPTIONS"]["location"]).resolve()
    assert not private.is_relative_to(Path(base.MEDIA_ROOT).resolve())


def test_a_stored_file_has_no_public_address(world):
    version = services.document_upload(
        project=world["project"], actor=world["lead"], upload=SimpleUploadedFile("a.pdf", PDF)
    )
    name = version.file.name
    assert name.startswith(f"projects/{world['project'].pk}/")
    assert len(name.split("/")[2]) == 32  # a random directory per file
