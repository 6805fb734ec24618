import datetime

import pytest
from wagtail.models import Locale

from cms.models import EventIndexPage, HomePage, NewsIndexPage
from cms.models.news import NewsAuthor
from tests.cms.conftest import _own_cache, event, news, publish  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    home = HomePage.objects.get(locale__language_code="en")
    news_index = publish(home, NewsIndexPage(title="News", slug="news"))
    events_index = publish(home, EventIndexPage(title="Events", slug="events"))
    launch = news(news_index, "Launch", date=datetime.date(2024, 6, 1), category="announcement")
    launch.tags.add("Alliance")
    launch.authors.add(NewsAuthor(name="Alliance secretariat", affiliation="GMA"))
    launch.save_revision().publish()
    guidance = news(news_index, "Guidance", date=datetime.date(2024, 5, 1), category="publication")
    news(news_index, "Draft").unpublish()
    french = Locale.objects.get(language_code="fr")
    news_index.copy_for_translation(french).save_revision().publish()
    launch.copy_for_translation(french).save_revision().publish()
    forum = event(
        events_index,
        "Next Forum",
        days=10,
        sessions=[
            {
                "kind": "main",
                "title": "Opening",
                "starts_at": datetime.datetime(2031, 1, 1, 9, tzinfo=datetime.UTC),
                "ends_at": datetime.datetime(2031, 1, 1, 10, tzinfo=datetime.UTC),
                "speakers": "Director, UNESCO IITE",
            }
        ],
    )
    event(events_index, "Old Forum", days=-100)
    return {
        "news_index": news_index,
        "events_index": events_index,
        "launch": launch,
        "guidance": guidance,
        "forum": forum,
    }


def titles(response):
    return [item["title"] for item in response.json()["results"]]


def test_news_lists_published_pages_newest_first_in_every_language(api, site):
    response = api.get("/api/v1/news/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["title"], r["language"]) for r in results] == [
        ("Launch", "fr"),
        ("Launch", "en"),
        ("Guidance", "en"),
    ]
    launch = results[1]
    assert launch["url"] == "http://testserver/en/news/launch/"
    assert results[0]["url"] == "http://testserver/fr/news/launch/"
    assert launch["translation_key"] == results[1]["translation_key"]
    assert launch["tags"] == ["Alliance"]
    assert launch["authors"] == [{"name": "Alliance secretariat", "affiliation": "GMA"}]
    assert launch["body"] == "<p>Launch in full.</p>"
    assert launch["category"] == "announcement" and launch["date"] == "2024-06-01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=fr", ["Launch"]),
        ("category=publication", ["Guidance"]),
        ("tag=alliance", ["Launch", "Launch"]),
        ("ordering=date", ["Guidance", "Launch", "Launch"]),
    ],
)
def test_news_filters(api, site, query, expected):
    response = api.get(f"/api/v1/news/?{query}")
    assert response.status_code == 200, response.json()
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("language=xx", "language"),
        ("category=gossip", "category"),
        ("ordering=random", "ordering"),
        ("cursor=%%%", "cursor"),
        ("page_size=0", "page_size"),
    ],
)
def test_bad_news_parameters_are_problems(api, site, query, parameter):
    response = api.get(f"/api/v1/news/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert parameter in response.json()["errors"]


def test_news_detail_and_drafts_are_not_found(api, site):
    from cms.models import NewsPage

    assert api.get(f"/api/v1/news/{site['guidance'].pk}/").json()["title"] == "Guidance"
    draft = NewsPage.objects.get(title="Draft")
    response = api.get(f"/api/v1/news/{draft.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_news_pages_follow_the_cursor(api, site):
    first = api.get("/api/v1/news/?page_size=2").json()
    second = api.get(first["next"]).json()

    assert [r["title"] for r in first["results"] + second["results"]] == [
        "Launch",
        "Launch",
        "Guidance",
    ]
    assert second["next"] is None


def test_news_list_has_a_fixed_number_of_queries(api, site, django_assert_num_queries):
    api.get("/api/v1/news/")
    with django_assert_num_queries(NEWS_QUERIES):
        api.get("/api/v1/news/")
    for number in range(6):
        item = news(site["news_index"], f"More {number}")
        item.tags.add(f"tag{number}")
        item.save_revision().publish()
    with django_assert_num_queries(NEWS_QUERIES):
        response = api.get("/api/v1/news/")
    assert len(response.json()["results"]) == 9


# The two validator aggregates, the view-restriction check, the page, its tags and authors, and
# the site root paths for the URLs.
NEWS_QUERIES = 8
EVENTS_QUERIES = 6


def test_news_etag_and_last_modified(api, site):
    response = api.get("/api/v1/news/")
    etag = response["ETag"]
    assert response["Last-Modified"]

    assert api.get("/api/v1/news/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    site["guidance"].unpublish()
    changed = api.get("/api/v1/news/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert titles(changed) == ["Launch", "Launch"]


def test_events_list_upcoming_and_past_without_the_live_stream(api, site):
    response = api.get("/api/v1/events/")

    assert titles(response) == ["Old Forum", "Next Forum"]
    forum = response.json()["results"][1]
    assert forum["time_zone"] == "Europe/Paris"
    assert forum["registration_open"] is True
    assert response.json()["results"][0]["registration_open"] is False  # it is over
    assert forum["sessions"] == [
        {
            "kind": "main",
            "title": "Opening",
            "description": "",
            "starts_at": "2031-01-01T09:00:00Z",
            "ends_at": "2031-01-01T10:00:00Z",
            "co_organizers": [],
            "speakers": ["Director, UNESCO IITE"],
        }
    ]
    assert "stream.example.org" not in response.content.decode()
    assert titles(api.get("/api/v1/events/?upcoming=true")) == ["Next Forum"]
    assert titles(api.get("/api/v1/events/?upcoming=false")) == ["Old Forum"]
    assert titles(api.get("/api/v1/events/?ordering=-starts_at")) == ["Next Forum", "Old Forum"]
    assert api.get("/api/v1/events/?upcoming=maybe").status_code == 400
    assert api.get("/api/v1/events/?language=fr").json()["results"] == []


def test_events_list_has_a_fixed_number_of_queries(api, site, django_assert_num_queries):
    api.get("/api/v1/events/")
    with django_assert_num_queries(EVENTS_QUERIES):
        api.get("/api/v1/events/")
    for number in range(4):
        event(site["events_index"], f"Forum {number}", days=number + 20)
    with django_assert_num_queries(EVENTS_QUERIES):
        api.get("/api/v1/events/")


def test_an_unpublished_event_is_not_in_the_api(api, site):
    site["forum"].unpublish()
    assert titles(api.get("/api/v1/events/")) == ["Old Forum"]
    assert api.get(f"/api/v1/events/{site['forum'].pk}/").status_code == 404


def test_the_schema_documents_news_and_events(client):
    import yaml

    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    for path in ["/api/v1/news/", "/api/v1/news/{id}/", "/api/v1/events/", "/api/v1/events/{id}/"]:
        assert path in paths
    names = {p["name"] for p in paths["/api/v1/news/"]["get"]["parameters"]}
    assert {"language", "category", "tag", "ordering", "cursor", "page_size"} <= names
