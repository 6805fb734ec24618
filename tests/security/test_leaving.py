"""Leaving ends access (issue 12, part 4): a participation that came through an institution ends
when the person loses their role there, unless a lead keeps them personally."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.models import Affiliation
from members.services import people as people_services
from projects import services
from projects.models import Participant, ProjectRole, Visibility
from tests.projects import conftest as projects

# The projects tests' fixtures: a project, one person per role, on-commit callbacks run inline.
world, commit = projects.world, projects.commit


@pytest.fixture
def leaving(world):
    """The contributor (of institution A, which they joined the project through) and a document,
    an update and a meeting in the private project."""
    project = world["project"]
    version = services.document_upload(
        project=project, actor=world["lead"], upload=SimpleUploadedFile("plan.txt", b"The plan")
    )
    update = services.update_post(project=project, actor=world["lead"], body="Week 1 is online.")
    services.meeting_save(
        project=project,
        actor=world["lead"],
        data={"title": "Kick-off", "day": date(2031, 1, 5), "at": time(9), "time_zone": "UTC"},
    )
    calendar = services.calendar_token_for(user=world["contributor"]).token
    return {
        **world,
        "download": reverse("projects:download", args=[project.slug, version.document_id, 1]),
        "update": update,
        "calendar": reverse("calendar_feed", args=[calendar]),
    }


def _leave(leaving, who="contributor", institution="a"):
    affiliation = Affiliation.objects.get(user=leaving[who], institution=leaving[institution])
    people_services.person_remove(affiliation=affiliation, actor=leaving["lead"])


def _urls(leaving):
    slug = leaving["project"].slug
    return {
        "overview": reverse("projects:overview", args=[slug]),
        "updates": reverse("projects:updates", args=[slug]),
        "comment": reverse("projects:comment", args=[slug, leaving["update"].pk]),
        "my_projects": reverse("projects:my_projects"),
    }


def test_before_leaving_the_contributor_has_access(client, leaving):
    client.force_login(leaving["contributor"])
    urls = _urls(leaving)
    assert client.get(leaving["download"]).status_code == 200
    assert client.post(urls["updates"], {"body": "Hello"}).status_code == 302
    assert leaving["project"].title in client.get(urls["my_projects"]).content.decode()
    assert b"Kick-off" in client.get(leaving["calendar"]).content


def test_after_removal_from_their_only_institution_access_ends(client, leaving, commit, mailoutbox):
    with commit():
        _leave(leaving)
    client.force_login(leaving["contributor"])
    urls = _urls(leaving)
    assert client.get(leaving["download"]).status_code in (403, 404)
    assert client.get(urls["overview"]).status_code == 404  # private: its existence is hidden
    assert client.post(urls["updates"], {"body": "Still here"}).status_code in (403, 404)
    assert client.post(urls["comment"], {"body": "Still here"}).status_code in (403, 404)
    assert not leaving["project"].updates.filter(body="Still here").exists()
    assert leaving["project"].title not in client.get(urls["my_projects"]).content.decode()
    assert b"Kick-off" not in client.get(leaving["calendar"]).content
    # The lead is told, once; the person who left is not emailed the project's news any more.
    assert [m.to for m in mailoutbox] == [["lead@a.example"]]
    name = leaving["contributor"].get_full_name()
    assert f"{name} no longer has a role at Institution A" in mailoutbox[0].body
    mailoutbox.clear()
    with commit():
        services.update_post(
            project=leaving["project"], actor=leaving["lead"], body="Week 2, @contributor"
        )
    assert "contributor@example.org" not in {m.to[0] for m in mailoutbox}


def test_posting_is_refused_even_where_the_project_stays_visible(client, leaving):
    """An alliance project stays readable to the people of member institutions; a person who
    left the institution they took part through is one of them (still at B) but posts nothing."""
    leaving["project"].visibility = Visibility.ALLIANCE
    leaving["project"].save()
    people_services.person_add(
        institution=leaving["b"], user=leaving["contributor"], role="staff", actor=None
    )
    _leave(leaving)
    client.force_login(leaving["contributor"])
    urls = _urls(leaving)
    assert client.get(urls["overview"]).status_code == 200
    assert client.post(urls["updates"], {"body": "Still here"}).status_code == 403
    assert not leaving["project"].updates.filter(body="Still here").exists()


def test_a_lead_who_leaves_manages_nothing(client, leaving):
    services.participant_change_role(
        participant=leaving["project"].participants.get(user=leaving["coordinator"]),
        role=ProjectRole.LEAD,
        actor=leaving["lead"],
    )
    _leave(leaving, who="lead")
    client.force_login(leaving["lead"])
    people = reverse("projects:people", args=[leaving["project"].slug])
    response = client.post(people, {"email": "other@b.example", "role": "viewer"})
    assert response.status_code == 404
    assert not leaving["project"].invitations.exists()


def test_a_lead_keeps_a_person_who_left_as_a_personal_viewer(client, leaving):
    _leave(leaving)
    participant = leaving["project"].participants.get(user=leaving["contributor"])
    url = reverse("projects:change_role", args=[leaving["project"].slug, participant.pk])
    people = reverse("projects:people", args=[leaving["project"].slug])

    # Denied: a coordinator does not decide it.
    client.force_login(leaving["coordinator"])
    assert client.post(url, {"keep": "1"}).status_code == 403
    participant.refresh_from_db()
    assert participant.institution == leaving["a"]

    client.force_login(leaving["lead"])
    html = client.get(people).content.decode()
    assert "Left Institution A: no access" in html and "Keep as a personal viewer" in html
    client.post(url, {"keep": "1"})
    participant.refresh_from_db()
    assert participant.institution is None and participant.role == ProjectRole.VIEWER
    entry = ModelLogEntry.objects.get(action="projects.participant.kept")
    assert entry.user == leaving["lead"] and entry.data["institution"] == "Institution A"

    client.force_login(leaving["contributor"])
    urls = _urls(leaving)
    assert client.get(leaving["download"]).status_code == 200
    assert client.post(urls["comment"], {"body": "Thanks"}).status_code == 302
    assert client.post(urls["updates"], {"body": "Hello"}).status_code == 403  # a viewer
    assert leaving["project"].title in client.get(urls["my_projects"]).content.decode()


def test_keeping_someone_personal_twice_is_refused(leaving):
    participant = leaving["project"].participants.get(user=leaving["contributor"])
    services.participant_keep_personally(participant=participant, actor=leaving["lead"])
    with pytest.raises(ValidationError, match="already takes part personally"):
        services.participant_keep_personally(participant=participant, actor=leaving["lead"])


def test_the_last_lead_cannot_be_turned_into_a_viewer(leaving):
    lead = leaving["project"].participants.get(user=leaving["lead"])
    with pytest.raises(ValidationError, match="at least one lead"):
        services.participant_keep_personally(participant=lead, actor=leaving["lead"])
    lead.refresh_from_db()
    assert lead.role == ProjectRole.LEAD and lead.institution == leaving["a"]


def test_joining_the_institution_again_restores_the_participation(client, leaving):
    _leave(leaving)
    assert not Participant.objects.filter(user=leaving["contributor"]).live().exists()
    people_services.person_add(
        institution=leaving["a"], user=leaving["contributor"], role="staff", actor=None
    )
    client.force_login(leaving["contributor"])
    assert client.get(leaving["download"]).status_code == 200
