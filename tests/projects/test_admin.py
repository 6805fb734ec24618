"""The secretariat's projects in the Wagtail admin: listed and edited through the services."""

from django.urls import reverse
from wagtail.models import ModelLogEntry


def test_the_secretariat_lists_and_edits_projects(client, world):
    project = world["project"]
    client.force_login(world["secretariat"])
    listing = client.get(reverse("project_admin:index"))
    assert listing.status_code == 200
    assert project.title in listing.content.decode()
    url = reverse("project_admin:edit", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Renamed by the secretariat",
            "summary": project.summary,
            "status": "active",
            "visibility": "public",
            "endorsement_count": "0",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.visibility) == ("Renamed by the secretariat", "public")
    assert ModelLogEntry.objects.filter(action="projects.project.updated").exists()


def test_projects_are_not_added_or_deleted_in_the_admin(client, world):
    client.force_login(world["secretariat"])
    assert client.get(reverse("project_admin:add")).status_code in (302, 403)
    response = client.get(reverse("project_admin:delete", args=[world["project"].pk]))
    assert response.status_code in (302, 403)


def test_participants_have_no_admin(client, world):
    client.force_login(world["lead"])
    assert client.get(reverse("project_admin:index")).status_code == 302
