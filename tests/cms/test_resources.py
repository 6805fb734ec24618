"""The resource library: language versions, filters by audience, type and language."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.models import ResourceFile, ResourceIndexPage, ResourcePage
from tests.cms.conftest import home_page, page_editor


def document(title, language):
    return get_document_model().objects.create(
        title=f"{title} ({language})",
        file=ContentFile(b"%PDF-1.4 guidance", name=f"{title.lower()}-{language}.pdf"),
    )


def resource(index, title, audience, languages, resource_type="guidance", day=1):
    page = ResourcePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary=f"Guidance for {audience}.",
        audience=audience,
        resource_type=resource_type,
        published_on=date(2020, 6, day),
    )
    for language in languages:
        page.files.add(ResourceFile(language=language, document=document(title, language)))
    index.add_child(instance=page)
    return page


@pytest.fixture
def library(db):
    index = ResourceIndexPage(title="Resources", slug="resources")
    home_page().add_child(instance=index)
    resource(index, "Students guide", "students", ["zh-hans", "en"], day=1)
    resource(index, "Teachers guide", "teachers", ["zh-hans", "en"], day=2)
    resource(index, "Parents guide", "parents", ["zh-hans"], day=3)
    resource(index, "Annual report", "everyone", ["en", "fr"], resource_type="report", day=4)
    return index


def titles(response) -> list[str]:
    return [r.title for r in response.context["resources"]]


@pytest.mark.django_db
def test_the_library_lists_every_resource_with_its_language_versions(client, library):
    response = client.get("/en/resources/")
    assert response.status_code == 200
    assert titles(response) == [
        "Annual report",
        "Parents guide",
        "Teachers guide",
        "Students guide",
    ]
    html = response.content.decode()
    assert "4 resources" in html
    assert 'hreflang="zh-hans"' in html and '<span lang="zh-hans">中文</span>' in html
    assert "/en/resources/students-guide/download/" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("audience=teachers", ["Teachers guide"]),
        ("type=report", ["Annual report"]),
        ("language=fr", ["Annual report"]),
        ("language=zh-hans", ["Parents guide", "Teachers guide", "Students guide"]),
        ("language=en&audience=students", ["Students guide"]),
        ("language=ru", []),
    ],
)
def test_the_filters(client, library, query, expected):
    response = client.get(f"/en/resources/?{query}")
    assert titles(response) == expected
    if not expected:
        assert "No resource matches these filters." in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_filter_value_is_ignored(client, library):
    response = client.get("/en/resources/?audience=robots&language=xx")
    assert response.status_code == 200
    assert len(titles(response)) == 4


# Site, locale, page routing and its ancestors, then the page's own reads.
QUERIES = 10


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_resources(
    client, library, django_assert_num_queries
):
    client.get("/en/resources/?language=en")
    with django_assert_num_queries(QUERIES):
        client.get("/en/resources/?language=en")
    for day in range(5, 12):
        resource(library, f"More {day}", "teachers", ["en", "fr", "zh-hans"], day=day)
    with django_assert_num_queries(QUERIES):
        response = client.get("/en/resources/?language=en")
    assert len(titles(response)) == 10


@pytest.mark.django_db
def test_a_resource_page_offers_each_language_version_and_counts_downloads(client, library):
    html = client.get("/en/resources/students-guide/").content.decode()
    assert "Students guide" in html
    assert html.count("Download ·") == 2
    file = ResourceFile.objects.get(page__slug="students-guide", language="zh-hans")
    assert f'href="/en/resources/students-guide/download/{file.pk}/"' in html
    for _ in range(2):
        response = client.get(f"/en/resources/students-guide/download/{file.pk}/")
        assert response.status_code == 302
        assert response["Location"] == file.document.url
    file.refresh_from_db()
    assert file.downloads == 2


@pytest.mark.django_db
def test_a_file_is_downloaded_only_through_its_own_resource(client, library):
    other = ResourceFile.objects.get(page__slug="teachers-guide", language="en")
    assert client.get(f"/en/resources/students-guide/download/{other.pk}/").status_code == 404
    assert client.get("/en/resources/students-guide/download/99999/").status_code == 404
    other.refresh_from_db()
    assert other.downloads == 0


@pytest.mark.django_db
def test_page_rules_keep_the_tree_sane():
    assert ResourcePage.parent_page_types == ["cms.ResourceIndexPage"]
    assert ResourceIndexPage.can_create_at(home_page()) is True
    assert ResourcePage.can_create_at(home_page()) is False


@pytest.mark.django_db
def test_the_page_editor_shows_the_download_counts(client, library):
    page = ResourcePage.objects.get(slug="students-guide")
    ResourceFile.objects.filter(page=page).update(downloads=42)
    client.force_login(page_editor())
    response = client.get(f"/cms-admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "42" in response.content.decode()
