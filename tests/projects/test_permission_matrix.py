"""Every role over every action on one project, through the real views, per visibility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.factories import affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import Document, Meeting, Milestone, ProjectInvitation, Update, Visibility
from tests.projects.conftest import PARTICIPANTS, ROLES, client_for

STAFF = {"secretariat", *PARTICIPANTS}
SEE_WORKSPACE = {
    Visibility.PRIVATE: STAFF,
    Visibility.ALLIANCE: STAFF | {"other_member"},
    Visibility.PUBLIC: STAFF | {"other_member"},
}
SEE_PAGE = {**SEE_WORKSPACE, Visibility.PUBLIC: set(ROLES)}
ALLOWED = {
    "comment": STAFF,
    "contribute": {"contributor", "coordinator", "lead", "secretariat"},
    "coordinate": {"coordinator", "lead", "secretariat"},
    "manage_participants": {"lead", "secretariat"},
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _set_visibility(project, visibility):
    project.visibility = visibility
    project.save(update_fields=["visibility"])


def _expect(response, role, allowed, *, hidden=False):
    """Allowed: 200 or a redirect that is not to the login. Denied: login for the anonymous,
    else 403 (or 404 where the project itself is hidden from them)."""
    if allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == (404 if hidden else 403), response.status_code


@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("role", ROLES)
def test_public_page(client, world, role, visibility):
    project = world["project"]
    _set_visibility(project, visibility)
    response = client_for(client, world, role).get(reverse("projects:detail", args=[project.slug]))
    assert response.status_code == (200 if role in SEE_PAGE[visibility] else 404)


@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("role", ROLES)
def test_workspace_tabs(client, world, role, visibility):
    project = world["project"]
    _set_visibility(project, visibility)
    client = client_for(client, world, role)
    allowed = role in SEE_WORKSPACE[visibility]
    for name in ("overview", "updates", "documents", "milestones", "meetings", "people"):
        response = client.get(reverse(f"projects:{name}", args=[project.slug]))
        _expect(response, role, allowed, hidden=True)


@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("role", ROLES)
def test_document_download(client, world, role, visibility):
    project = world["project"]
    _set_visibility(project, visibility)
    version = services.document_upload(
        project=project,
        actor=world["lead"],
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    url = reverse("projects:download", args=[project.slug, version.document_id, 1])
    response = client_for(client, world, role).get(url)
    allowed = role in SEE_WORKSPACE[visibility]
    _expect(response, role, allowed, hidden=True)
    if allowed:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_of_another_project_cannot_be_fetched_through_this_one(client, world):
    from tests.projects.conftest import make_project

    other = make_project(world["lead"], world["a"], title="Other")
    version = services.document_upload(
        project=other,
        actor=world["lead"],
        upload=SimpleUploadedFile("x.pdf", PDF),
    )
    client.force_login(world["viewer"])  # a viewer of the first project only
    url = reverse("projects:download", args=[world["project"].slug, version.document_id, 1])
    assert client.get(url).status_code == 404


# Writes, on an alliance project: other members see it but may not change it.


@pytest.fixture
def alliance_world(world):
    _set_visibility(world["project"], Visibility.ALLIANCE)
    return world


@pytest.mark.parametrize("role", ROLES)
def test_post_update(client, alliance_world, role):
    project = alliance_world["project"]
    url = reverse("projects:updates", args=[project.slug])
    response = client_for(client, alliance_world, role).post(url, {"body": "Week 3 recorded."})
    allowed = role in ALLOWED["contribute"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert Update.objects.filter(project=project).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_comment(client, alliance_world, role):
    project = alliance_world["project"]
    update = services.update_post(project=project, actor=alliance_world["lead"], body="Hello")
    url = reverse("projects:comment", args=[project.slug, update.pk])
    response = client_for(client, alliance_world, role).post(url, {"body": "Thanks"})
    allowed = role in ALLOWED["comment"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert update.comments.exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_upload_document(client, alliance_world, role):
    project = alliance_world["project"]
    url = reverse("projects:documents", args=[project.slug])
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    response = client_for(client, alliance_world, role).post(url, {"file": upload})
    allowed = role in ALLOWED["contribute"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert Document.objects.filter(project=project).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_add_milestone(client, alliance_world, role):
    project = alliance_world["project"]
    url = reverse("projects:milestones", args=[project.slug])
    data = {"title": "Pilot run", "due_date": "2027-03-01", "status": "planned", "owner": ""}
    response = client_for(client, alliance_world, role).post(url, data)
    allowed = role in ALLOWED["coordinate"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert Milestone.objects.filter(project=project).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_schedule_meeting(client, alliance_world, role):
    project = alliance_world["project"]
    url = reverse("projects:meetings", args=[project.slug])
    data = {
        "title": "Kick-off",
        "day": "2027-01-12",
        "at": "09:00",
        "time_zone": "Africa/Nairobi",
        "duration_minutes": "60",
    }
    response = client_for(client, alliance_world, role).post(url, data)
    allowed = role in ALLOWED["coordinate"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert Meeting.objects.filter(project=project).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_edit_settings(client, alliance_world, role):
    project = alliance_world["project"]
    url = reverse("projects:settings", args=[project.slug])
    client = client_for(client, alliance_world, role)
    allowed = role in ALLOWED["coordinate"]
    _expect(client.get(url), role, allowed, hidden=role == "no_institution")
    data = {
        "title": "Renamed",
        "kind": project.kind,
        "summary": project.summary,
        "status": "active",
        "visibility": "alliance",
        "lead_institution": project.lead_institution_id,
        "endorsement_count": "0",
    }
    response = client.post(url, data)
    _expect(response, role, allowed, hidden=role == "no_institution")
    project.refresh_from_db()
    assert (project.title == "Renamed") == allowed


@pytest.mark.parametrize("role", ROLES)
def test_invite(client, alliance_world, role):
    project = alliance_world["project"]
    affiliate(alliance_world["a"], InstitutionRole.STAFF, email="new@a.example")
    url = reverse("projects:people", args=[project.slug])
    data = {"email": "new@a.example", "role": "contributor"}
    response = client_for(client, alliance_world, role).post(url, data)
    allowed = role in ALLOWED["manage_participants"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    assert ProjectInvitation.objects.filter(project=project).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_change_role(client, alliance_world, role):
    project = alliance_world["project"]
    viewer = project.participants.get(user=alliance_world["viewer"])
    url = reverse("projects:change_role", args=[project.slug, viewer.pk])
    response = client_for(client, alliance_world, role).post(url, {"role": "contributor"})
    allowed = role in ALLOWED["manage_participants"]
    _expect(response, role, allowed, hidden=role == "no_institution")
    viewer.refresh_from_db()
    assert (viewer.role == "contributor") == allowed


def test_role_groups_hold_the_object_permissions(world):
    from guardian.shortcuts import get_perms

    from projects.models import ProjectGroupObjectPermission

    project = world["project"]
    assert set(get_perms(world["contributor"], project)) == {
        "view_project",
        "comment_project",
        "contribute_project",
    }
    groups = set(
        ProjectGroupObjectPermission.objects.filter(content_object=project).values_list(
            "group__name", flat=True
        )
    )
    roles = ("lead", "coordinator", "contributor", "viewer")
    assert groups == {f"project:{project.pk}:{role}" for role in roles}
    assert not world["contributor"].user_permissions.exists()


def test_people_of_institutions_not_in_good_standing_do_not_see_alliance_projects(client, world):
    from members.factories import InstitutionFactory, affiliate
    from members.models import InstitutionRole

    pending = InstitutionFactory(name="Pending College")  # membership not paid
    person = affiliate(pending, InstitutionRole.ADMIN)
    project = world["project"]
    _set_visibility(project, Visibility.ALLIANCE)
    client.force_login(person)
    assert client.get(reverse("projects:detail", args=[project.slug])).status_code == 404
    assert client.get(reverse("projects:overview", args=[project.slug])).status_code == 404
    with pytest.raises(Exception, match="member institutions"):
        services.participant_add(project=project, user=person, role="viewer", actor=world["lead"])
