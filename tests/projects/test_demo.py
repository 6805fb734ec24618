from io import StringIO

import pytest

from members import demo as members_demo
from projects import demo
from projects.models import (
    Document,
    Meeting,
    Participant,
    Project,
    ProjectKind,
    ProjectRole,
    ProjectStatus,
    Training,
    Update,
    Visibility,
)


@pytest.mark.django_db
def test_the_demo_projects_are_varied_and_loading_them_twice_changes_nothing():
    out = StringIO()
    members_demo.load(out)
    members_demo.load_dues(out)
    demo.load(out)
    counts = [m.objects.count() for m in (Project, Participant, Update, Document, Meeting)]
    edited = Project.objects.get(slug="open-science-mooc")
    edited.translations["fr"] = {"title": "Science ouverte"}
    edited.save()
    demo.load(out)
    edited.refresh_from_db()
    assert edited.translations["fr"]["title"] == "Science ouverte"  # hand edits stay
    assert edited.translations["fr"]["description"].endswith("qui en partage les objectifs.")
    assert edited.translated("title", "ru") == ("Открытая наука на всех континентах", "ru")
    assert all(
        set(p.translations) == {"ar", "zh-hans", "fr", "ru", "es"} for p in Project.objects.all()
    )
    assert [m.objects.count() for m in (Project, Participant, Update, Document, Meeting)] == counts
    assert Project.objects.count() == 12
    assert set(Project.objects.values_list("kind", flat=True)) == set(ProjectKind.values)
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert set(Project.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    assert set(Participant.objects.values_list("role", flat=True)) == set(ProjectRole.values)
    assert Participant.objects.filter(institution=None, role=ProjectRole.VIEWER).exists()
    assert Training.objects.exists()
    assert Project.objects.exclude(parent=None).exists()
    assert "Projects: 12 projects." in out.getvalue()
