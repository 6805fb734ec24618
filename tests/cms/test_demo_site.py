from io import StringIO

import pytest
from wagtail.models import Locale, Page

from cms import demo_site
from cms.models import EventPage, EventSession, NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def test_demo_builds_news_and_events_in_six_languages_once(demo_website, client):
    counts = (Page.objects.count(), EventSession.objects.count())
    demo_site.load(StringIO())
    assert (Page.objects.count(), EventSession.objects.count()) == counts

    english = NewsPage.objects.filter(locale__language_code="en")
    assert english.count() >= 12
    assert NewsPage.objects.count() == english.count() * 6
    conference = EventPage.objects.get(
        slug="2020-global-mooc-conference", locale__language_code="en"
    )
    assert conference.sessions.filter(kind="main").count() == 7
    assert conference.sessions.filter(kind="sub_forum").count() == 4
    for locale in Locale.objects.all():
        code = locale.language_code
        assert client.get(f"/{code}/news/").status_code == 200
        response = client.get(f"/{code}/events/2020-global-mooc-conference/")
        assert response.status_code == 200
        assert 'hreflang="en" href="http://testserver/en/events/2020-global-mooc-conference/"' in (
            response.content.decode()
        )
        assert "Theme 1: “Learning Revolution” for MOOC Platforms" in response.content.decode()
    assert NewsIndexPage.objects.get(locale__language_code="fr").title == "Actualités"
    assert EventPage.objects.get(locale__language_code="zh-hans", slug=conference.slug).title == (
        "2020全球慕课大会"
    )
    assert not Page.objects.filter(depth__gt=2, live=False).exists()
