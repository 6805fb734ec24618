"""A public project's title and summary in the reader's language, English marked as such."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Visibility

AR = {"title": "العلم المفتوح", "summary": "مقرر مشترك في العلم المفتوح."}
ZH = {"title": "开放科学"}  # no summary: the English one is shown, marked


@pytest.fixture
def project(world):
    project = world["project"]
    project.visibility = Visibility.PUBLIC
    project.translations = {"ar": AR, "zh-hans": ZH}
    project.save()
    return project


def test_the_project_pages_show_the_readers_language_and_mark_english(client, project, world):
    detail = client.get(f"/ar/projects/{project.slug}/").content.decode()
    assert f"<h1>{AR['title']}</h1>" in detail and AR["summary"] in detail
    assert "Open Science MOOCs" not in detail
    showcase = client.get("/zh-hans/projects/").content.decode()
    assert ZH["title"] in showcase
    assert f'<span lang="en" dir="ltr">{project.summary}</span>' in showcase
    profile = client.get(f"/zh-hans/members/{world['a'].slug}/").content.decode()
    assert ZH["title"] in profile
    english = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "<h1>Open Science MOOCs</h1>" in english and 'lang="en"' not in english.split("<main")[1]


def test_the_lead_edits_the_translations_and_bad_ones_are_refused(client, world):
    project = world["project"]
    client.force_login(world["lead"])
    url = reverse("projects:settings", args=[project.slug])
    data = {
        "title": project.title,
        "kind": project.kind,
        "summary": project.summary,
        "status": "active",
        "visibility": "private",
        "lead_institution": world["a"].pk,
        "endorsement_count": "0",
    }
    for bad, error in [
        ('{"xx": {"title": "?"}}', "Unknown language codes: xx"),
        ('{"fr": {"status": "?"}}', "Only title, summary, description can be translated"),
        ('{"fr": "Science ouverte"}', "Give the translations as"),
        ("{fr: ", "Enter a valid JSON"),
    ]:
        response = client.post(url, {**data, "translations": bad})
        assert response.status_code == 200 and error in response.content.decode(), bad
    project.refresh_from_db()
    assert project.translations == {} and project.status != "active"
    client.post(url, {**data, "translations": '{"fr": {"title": "Science ouverte"}}'})
    project.refresh_from_db()
    assert project.translations == {"fr": {"title": "Science ouverte"}}
    assert project.translated("title", "fr") == ("Science ouverte", "fr")
    assert project.translated("summary", "fr") == (project.summary, "en")


def test_translations_of_unknown_shape_are_refused_by_the_model(world):
    project = world["project"]
    project.translations = ["fr"]
    with pytest.raises(ValidationError, match="Give the translations as"):
        project.full_clean()
