"""Every workspace tab renders when a person is missing: a milestone without an owner or whose
owner was deleted, updates, comments, uploads, meetings, invitations and activity of a deleted
account."""

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.factories import UserFactory, affiliate
from members.models import InstitutionRole
from projects import selectors, services
from projects.models import Milestone, ProjectKind, ProjectRole
from tests.projects.conftest import make_project

# (URL name, the object its URL names, the project's kind).
TABS = [
    ("overview", None, ProjectKind.JOINT_TEACHING),
    ("updates", None, ProjectKind.JOINT_TEACHING),
    ("documents", None, ProjectKind.JOINT_TEACHING),
    ("document", "document", ProjectKind.JOINT_TEACHING),
    ("download", "version", ProjectKind.JOINT_TEACHING),
    ("milestones", None, ProjectKind.JOINT_TEACHING),
    ("milestone", "milestone", ProjectKind.JOINT_TEACHING),
    ("milestone", "orphan_milestone", ProjectKind.JOINT_TEACHING),
    ("meetings", None, ProjectKind.JOINT_TEACHING),
    ("meeting", "meeting", ProjectKind.JOINT_TEACHING),
    ("meeting_ics", "meeting", ProjectKind.JOINT_TEACHING),
    ("people", None, ProjectKind.JOINT_TEACHING),
    ("settings", None, ProjectKind.JOINT_TEACHING),
    ("kind_tab", None, ProjectKind.JOINT_TEACHING),
    ("kind_tab", None, ProjectKind.CAPACITY_BUILDING),
    ("trainings_report", None, ProjectKind.CAPACITY_BUILDING),
    ("kind_tab", None, ProjectKind.ADVOCACY),
    ("overview", None, ProjectKind.KNOWLEDGE_SHARING),
]


def _with_missing_people(world, kind):
    """A project whose former participant did everything, then had their account deleted."""
    lead = world["lead"]
    project = make_project(lead, world["a"], title=f"Missing people {kind}", kind=kind)
    services.participant_add(
        project=project, user=world["viewer"], role=ProjectRole.VIEWER, actor=lead
    )
    gone = affiliate(world["a"], InstitutionRole.STAFF, email="gone@example.org")
    services.participant_add(project=project, user=gone, role=ProjectRole.COORDINATOR, actor=lead)
    update = services.update_post(project=project, actor=gone, body="Posted by @gone")
    services.comment_post(update=update, actor=gone, body="Commented by the same person")
    services.comment_post(update=update, actor=lead, body="A reply from the lead")
    version = services.document_upload(
        project=project, actor=gone, upload=SimpleUploadedFile("plan.txt", b"The plan")
    )
    owned = services.milestone_save(
        project=project,
        actor=gone,
        data={"title": "Owned by gone", "due_date": date(2031, 1, 1), "owner": gone},
    )
    orphan = services.milestone_save(
        project=project,
        actor=lead,
        data={"title": "Nobody's", "due_date": date(2031, 2, 1), "owner": None},
    )
    meeting = services.meeting_save(
        project=project,
        actor=gone,
        data={"title": "Kick-off", "day": date(2031, 1, 5), "at": time(9), "time_zone": "UTC"},
    )
    services.invitation_create(
        project=project,
        email=affiliate(world["b"], InstitutionRole.STAFF, email="invitee@b.example").email,
        role=ProjectRole.VIEWER,
        actor=gone,
        language="en",
    )
    if kind == ProjectKind.CAPACITY_BUILDING:
        services.training_save(
            project=project,
            actor=gone,
            data={
                "kind": "training",
                "title": "Online teaching",
                "starts_on": date(2030, 5, 1),
                "ends_on": date(2030, 5, 2),
                "country": "KE",
                "women": 3,
            },
        )
    gone.delete()
    owned.refresh_from_db()
    assert owned.owner is None and Milestone.objects.filter(owner=None).count() == 2
    return project, {
        "document": [version.document_id],
        "version": [version.document_id, version.number],
        "milestone": [owned.pk],
        "orphan_milestone": [orphan.pk],
        "meeting": [meeting.pk],
    }


@pytest.mark.parametrize("role", ["viewer", "lead"])
@pytest.mark.parametrize(("name", "obj", "kind"), TABS)
def test_every_tab_renders_with_missing_people(client, world, role, name, obj, kind):
    project, objects = _with_missing_people(world, kind)
    client.force_login(world[role])
    response = client.get(reverse(f"projects:{name}", args=[project.slug, *objects.get(obj, [])]))
    if name == "settings" and role == "viewer":
        assert response.status_code == 403  # a viewer has no settings; not a 500
        return
    assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        if name == "updates":
            assert html.count("Former participant") == 2  # the update and its first comment
            assert "A reply from the lead" in html
        if name == "milestones":
            assert "No owner" in html and "Nobody&#x27;s" in html
        if name == "documents":
            assert "Former participant" in html


def test_activity_of_a_deleted_person_reads_someone(world):
    project, _objects = _with_missing_people(world, ProjectKind.JOINT_TEACHING)
    texts = [event["text"] for event in selectors.activity_of(project=project)]
    assert "Someone posted an update" in texts


def test_person_name():
    assert selectors.person_name(None) == "Former participant"
    assert selectors.person_name(None, "No owner") == "No owner"
    assert selectors.person_name(
        UserFactory.build(first_name="", last_name="", email="a@b.example")
    ) == ("a@b.example")
