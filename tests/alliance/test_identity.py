"""The alliance's identity in every page's <head>: favicons, OpenGraph and Twitter meta."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from members.factories import InstitutionFactory
from tests.cms.conftest import event, events_index, home, news, news_index  # noqa: F401

pytestmark = pytest.mark.django_db

OG_LOCALES = {"ar_AR", "zh_CN", "en_US", "fr_FR", "ru_RU", "es_ES"}


def head(response):
    soup = BeautifulSoup(response.content, "html.parser")
    meta = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta.setdefault(key, []).append(tag["content"])
    return soup, meta


@pytest.fixture
def pages(news_index, events_index):  # noqa: F811
    institution = InstitutionFactory(name="Universidad Abierta", slug="universidad-abierta")
    return {
        "home": "/en/",
        "news index": "/en/news/",
        "news page": news(news_index, "Alliance meets").url,
        "events index": "/en/events/",
        "event page": event(events_index, "Annual Forum").url,
        "directory": "/en/members/",
        "profile": f"/en/members/{institution.slug}/",
        "catalog": "/en/courses/",
        "projects": "/en/projects/",
        "apply": "/en/apply/",
        "sign-in": "/accounts/login/",
    }


def test_every_page_type_carries_the_favicons_and_its_social_meta(client, pages):
    for name, path in pages.items():
        response = client.get(path, follow=True)
        assert response.status_code == 200, name
        soup, meta = head(response)
        title = " ".join(soup.title.get_text().rsplit(" · ", 1)[0].split())
        assert meta["og:title"] == [title], name
        assert meta["og:description"] == meta["description"], name
        assert meta["og:description"][0].strip(), name
        assert meta["og:site_name"] == ["Global MOOC Alliance"]
        assert meta["og:url"] == [f"http://testserver{response.request['PATH_INFO']}"], name
        assert meta["og:image"] == ["http://testserver/static/brand/social.png"], name
        assert meta["og:image:alt"][0]
        assert meta["og:locale"] == ["en_US"], name
        assert set(meta["og:locale:alternate"]) == OG_LOCALES - {"en_US"}, name
        assert meta["twitter:card"] == ["summary_large_image"]
        icons = soup.head.find_all("link", rel=["icon", "apple-touch-icon"])
        icons = {link["href"] for link in icons}
        assert icons == {
            "/static/brand/favicon.ico",
            "/static/brand/favicon.svg",
            "/static/brand/apple-touch-icon.png",
        }, name
        logo = soup.select_one(".site-header .brand img")
        assert logo["src"] == "/static/brand/logo.svg" and logo["alt"] == ""


def test_the_social_meta_follow_the_language_and_the_page(client, home):  # noqa: F811
    home.title = "Global MOOC Alliance"
    home.search_description = "Universities and platforms for SDG 4."
    home.save_revision().publish()

    soup, meta = head(client.get("/ar/"))
    assert meta["og:locale"] == ["ar_AR"]
    assert set(meta["og:locale:alternate"]) == OG_LOCALES - {"ar_AR"}
    assert meta["og:site_name"] == [soup.select_one(".brand-name").get_text()]

    soup, meta = head(client.get("/zh-hans/"))
    assert meta["og:locale"] == ["zh_CN"]


def test_the_brand_files_exist_and_are_small():
    for name, budget in {
        "brand/logo.svg": 1_000,
        "brand/logo-mono.svg": 1_000,
        "brand/favicon.svg": 1_000,
        "brand/favicon.ico": 8_000,
        "brand/apple-touch-icon.png": 8_000,
        "brand/social.png": 80_000,
    }.items():
        path = finders.find(name)
        assert path, name
        with open(path, "rb") as file:
            assert 0 < len(file.read()) <= budget, name
