import pytest

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectKind, Visibility
from tests.members.conftest import activate_membership, secretariat_member

ROLES = [
    "anonymous",
    "no_institution",
    "other_member",
    "viewer",
    "contributor",
    "coordinator",
    "lead",
    "secretariat",
]
PARTICIPANTS = ["viewer", "contributor", "coordinator", "lead"]


def make_project(lead, institution, **data):
    return services.project_create(
        actor=lead,
        data={
            "title": "Open Science MOOCs",
            "kind": ProjectKind.JOINT_TEACHING,
            "summary": "Co-teaching open science across regions.",
            "visibility": Visibility.PRIVATE,
            "lead_institution": institution,
            **data,
        },
    )


@pytest.fixture
def world(db, settings):
    """A project led from institution A, one person per role, and people outside it."""
    a = InstitutionFactory(name="Institution A", country="KE")
    b = InstitutionFactory(name="Institution B", country="FR")
    activate_membership(a)
    activate_membership(b)
    lead = affiliate(a, InstitutionRole.EDITOR, email="lead@a.example")
    project = make_project(lead, a, partners=[b], sdg_targets=["4.3"])
    people = {
        "anonymous": None,
        "no_institution": UserFactory(email="nobody@example.org"),
        "other_member": affiliate(b, InstitutionRole.STAFF, email="other@b.example"),
        "lead": lead,
        "secretariat": secretariat_member(settings),
    }
    for role in ("viewer", "contributor", "coordinator"):
        people[role] = affiliate(
            b if role == "viewer" else a, InstitutionRole.STAFF, email=f"{role}@example.org"
        )
        services.participant_add(project=project, user=people[role], role=role, actor=lead)
    return {"project": project, "a": a, "b": b, **people}


def client_for(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the block queued on commit (the tasks, inline) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
