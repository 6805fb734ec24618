import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models.news import NewsAuthor, NewsTag
from tests.cms.conftest import news

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_index_lists_published_news_newest_first(client, news_index):
    news(news_index, "Older", date=datetime.date(2024, 1, 1))
    news(news_index, "Newer", date=datetime.date(2024, 6, 1))
    draft = news(news_index, "Secret draft")
    draft.unpublish()

    response = client.get("/en/news/")

    assert response.status_code == 200
    assert [item.title for item in response.context["news"]] == ["Newer", "Older"]
    assert "Secret draft" not in response.content.decode()


def test_a_draft_is_not_public_and_a_published_item_is(client, news_index):
    item = news(news_index, "Launch")
    assert client.get("/en/news/launch/").status_code == 200
    item.unpublish()
    assert client.get("/en/news/launch/").status_code == 404


def test_the_news_page_shows_category_tags_and_authors(client, news_index):
    item = news(news_index, "Launch", category="publication")
    item.tags.add("guidance", "covid-19")
    item.authors.add(NewsAuthor(name="Alliance secretariat", affiliation="Global MOOC Alliance"))
    item.save_revision().publish()

    html = client.get("/en/news/launch/").content.decode()

    assert "Publication" in html
    assert 'href="/en/news/?tag=guidance"' in html
    assert "Alliance secretariat (Global MOOC Alliance)" in html
    assert "<p>Launch in full.</p>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=publication", ["Guidance"]),
        ("tag=webinar", ["Webinar"]),
        ("tag=WEBINAR", ["Webinar"]),
        ("category=nonsense", ["Webinar", "Guidance"]),  # an unknown category is ignored
        ("tag=nothing", []),
    ],
)
def test_the_index_filters_by_category_and_tag(client, news_index, query, expected):
    news(news_index, "Guidance", category="publication", date=datetime.date(2024, 1, 1))
    webinar = news(news_index, "Webinar", category="event_report", date=datetime.date(2024, 2, 1))
    webinar.tags.add("webinar")
    webinar.save_revision().publish()

    response = client.get(f"/en/news/?{query}")

    assert response.status_code == 200
    assert [item.title for item in response.context["news"]] == expected


INDEX_QUERIES = 11


def test_the_index_is_paginated_with_a_fixed_number_of_queries(
    client, news_index, django_assert_num_queries
):
    for number in range(12):
        news(news_index, f"Item {number}", date=datetime.date(2024, 1, 1 + number))
    client.get("/en/news/")  # warm the site and locale caches

    with django_assert_num_queries(INDEX_QUERIES):
        page_one = client.get("/en/news/")
    page_two = client.get("/en/news/?page=2")
    for number in range(12, 20):
        news(news_index, f"Item {number}", date=datetime.date(2024, 1, 1 + number))
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/en/news/?category=announcement")

    assert len(page_one.context["news"]) == 10
    assert [item.title for item in page_two.context["news"]] == ["Item 1", "Item 0"]
    assert 'rel="next" href="?page=2"' in page_one.content.decode()
    assert client.get("/en/news/?page=999").context["page_obj"].number == 2


def test_rss_feed(client, news_index):
    news(news_index, "Launch", date=datetime.date(2024, 5, 1))
    news(news_index, "Hidden").unpublish()

    response = client.get("/en/news/feed/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Launch"]
    assert items[0].findtext("link") == "http://testserver/en/news/launch/"
    assert items[0].findtext("description") == "About Launch."


def test_atom_feed_and_the_index_links_both(client, news_index):
    news(news_index, "Launch")

    response = client.get("/en/news/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Launch"]
    html = client.get("/en/news/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/en/news/feed/atom/"' in html


def test_news_lives_only_under_a_news_index(news_index, home):
    from cms.models import NewsIndexPage, NewsPage

    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(home)
    assert not NewsIndexPage.can_create_at(home)  # one per language tree, and it exists


def test_tags_are_shown_in_the_readers_language_and_others_marked(client, news_index):
    item = news(news_index, "Launch")
    item.tags.add("guidance", "local-event")
    item.save_revision().publish()
    guidance = NewsTag.objects.get(name="guidance")  # translated, as the demo's are
    guidance.translations = {"ar": {"name": "إرشادات"}, "zh-hans": {"name": "指导"}}
    guidance.save()
    for language, name in [("ar", "إرشادات"), ("zh-hans", "指导")]:
        locale = Locale.objects.get_or_create(language_code=language)[0]
        item.copy_for_translation(locale, copy_parents=True).save_revision().publish()
        html = client.get(f"/{language}/news/launch/").content.decode()
        assert f'href="/{language}/news/?tag=guidance"><span' not in html
        assert f"{name}</a>" in html
        assert '<span lang="en" dir="ltr">local-event</span>' in html
        assert '<span lang="en" dir="ltr">News</span></a></nav>' in html  # the copied index
    assert "“指导”" in client.get("/zh-hans/news/", {"tag": "guidance"}).content.decode()


def related_titles(client, path):
    response = client.get(path)
    return [item.title for item in response.context["related"]]


def test_an_article_suggests_three_others_sharing_a_tag_first_then_the_latest(client, news_index):
    item = news(news_index, "Launch", date=datetime.date(2024, 1, 1))
    item.tags.add("webinar")
    item.save_revision().publish()
    for day, title in enumerate(["Old webinar", "Newest", "Newer", "Oldest"]):
        other = news(news_index, title, date=datetime.date(2023, 12 - day * 3, 1))
        if title == "Old webinar":
            other.tags.add("webinar", "guidance")
            other.save_revision().publish()
    draft = news(news_index, "Draft", date=datetime.date(2024, 6, 1))
    draft.unpublish()
    assert related_titles(client, "/en/news/launch/") == ["Old webinar", "Newest", "Newer"]
    html = client.get("/en/news/launch/").content.decode()
    assert '<aside class="narrow related" aria-labelledby="related-title">' in html
    # Without a shared tag: the latest three, never the article itself.
    assert related_titles(client, "/en/news/newer/") == ["Launch", "Old webinar", "Newest"]


def test_the_related_articles_are_in_the_reader_s_language(client, news_index):
    item = news(news_index, "Launch")
    news(news_index, "English only", date=datetime.date(2024, 6, 1))
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    item.copy_for_translation(arabic, copy_parents=True).save_revision().publish()
    assert related_titles(client, "/ar/news/launch/") == []
    assert "related-title" not in client.get("/ar/news/launch/").content.decode()
    assert related_titles(client, "/en/news/launch/") == ["English only"]


def test_the_related_articles_take_the_same_queries_whatever_their_number(client, news_index):
    item = news(news_index, "Launch")
    news(news_index, "One")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/news/launch/")
    for n in range(5):
        other = news(news_index, f"Tagged {n}")
        other.tags.add("webinar", f"tag-{n}")
        other.save_revision().publish()
    item.tags.add("webinar", "guidance")
    item.save_revision().publish()
    with CaptureQueriesContext(connection) as three:
        client.get("/en/news/launch/")
    assert len(three) == len(one)
