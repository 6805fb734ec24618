"""/sitemap.xml: an index of sections in chunks, the pages with their hreflang alternates."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from cms import sitemaps
from members.factories import InstitutionFactory
from tests.api.conftest import course
from tests.cms.conftest import news

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _uncached():
    cache.clear()


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    assert "max-age=600" in response["Cache-Control"]
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap)


def sections(client) -> list[str]:
    return [loc.text for loc in xml(client, "/sitemap.xml").iterfind("s:sitemap/s:loc", NS)]


def urls(client) -> dict[str, dict[str, str]]:
    """Every URL of every section, with its alternates {hreflang: href}."""
    found = {}
    for section in sections(client):
        for url in xml(client, section).iterfind("s:url", NS):
            found[url.findtext("s:loc", namespaces=NS)] = {
                link.get("hreflang"): link.get("href") for link in url.iterfind("x:link", NS)
            }
    return found


def test_the_index_lists_every_language_tree_and_the_django_pages(client, home, news_index):
    news(news_index, "Launch")
    draft = news(news_index, "Draft")
    draft.unpublish()
    french = Locale.objects.get(language_code="fr")
    news_index.copy_for_translation(french).save_revision().publish()
    institution = InstitutionFactory(name="Visible University")

    assert [section.rsplit("/", 1)[1] for section in sections(client)] == [
        "sitemap-pages.xml",
        "sitemap-sections.xml",
        "sitemap-institutions.xml",
        "sitemap-courses.xml",
    ]
    found = urls(client)
    for path in [
        "/en/",
        "/ar/",
        "/zh-hans/",
        "/en/news/",
        "/fr/news/",
        "/en/news/launch/",
        "/en/members/",
        "/es/courses/",
        f"/ru/members/{institution.slug}/",
    ]:
        assert f"http://testserver{path}" in found, path
    assert "http://testserver/en/news/draft/" not in found
    news_versions = {
        "en": "http://testserver/en/news/",
        "fr": "http://testserver/fr/news/",
        "x-default": "http://testserver/en/news/",
    }
    assert found["http://testserver/en/news/"] == news_versions
    assert found["http://testserver/fr/news/"] == news_versions
    assert found["http://testserver/en/news/launch/"] == {}  # not translated
    assert found["http://testserver/en/"]["zh-hans"] == "http://testserver/zh-hans/"
    assert found[f"http://testserver/ru/members/{institution.slug}/"]["fr"].endswith(
        f"/fr/members/{institution.slug}/"
    )


def test_long_sections_come_in_chunks_of_whole_items(client, monkeypatch):
    monkeypatch.setattr(sitemaps.InstitutionsSitemap, "limit", 13)  # 2 institutions a chunk
    for _number in range(3):
        InstitutionFactory()  # 6 languages each: 18 URLs
    chunks = [s for s in sections(client) if "institutions" in s]
    assert [chunk.rsplit("/", 1)[1] for chunk in chunks] == [
        "sitemap-institutions.xml",
        "sitemap-institutions.xml?p=2",
    ]
    sizes = [len(xml(client, chunk).findall("s:url", NS)) for chunk in chunks]
    assert sizes == [12, 6]
    assert client.get("/sitemap-institutions.xml?p=3").status_code == 404
    assert client.get("/sitemap-institutions.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_course_addresses_are_those_of_every_language(client):
    slug = course(InstitutionFactory(), "Sitemap Course").slug
    found = urls(client)
    alternates = found[f"http://testserver/zh-hans/courses/{slug}/"]
    assert alternates["x-default"] == f"http://testserver/en/courses/{slug}/"
    assert set(alternates) == {"ar", "zh-hans", "en", "fr", "ru", "es", "x-default"}
    for code, href in alternates.items():
        assert href in found and found[href] == alternates, code
