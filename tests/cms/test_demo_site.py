import shutil
from io import StringIO

import pytest
from wagtail.models import Locale, Page

from cms import demo_locale, demo_site
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
        if code == "en":
            assert "Theme 1: “Learning Revolution” for MOOC Platforms" in response.content.decode()
    assert NewsIndexPage.objects.get(locale__language_code="fr").title == "Actualités"
    assert EventPage.objects.get(locale__language_code="zh-hans", slug=conference.slug).title == (
        "2020全球慕课大会"
    )
    assert not Page.objects.filter(depth__gt=2, live=False).exists()


def test_demo_content_takes_its_translations_from_the_demo_catalogs_and_writes_them(
    demo_website, tmp_path, monkeypatch
):
    launch = NewsPage.objects.filter(slug="global-mooc-alliance-launched")
    french = launch.get(locale__language_code="fr")
    assert french.title == "Lancement de l'Alliance mondiale des MOOC"  # from fr/demo.po
    assert "l'ODD 4 des Nations Unies" in french.body
    assert (
        launch.get(locale__language_code="ar").title
        == "إطلاق التحالف العالمي للمقررات الإلكترونية المفتوحة"
    )
    sessions = EventSession.objects.filter(title="Ouverture")
    assert sessions.get().locale.language_code == "fr"
    assert french.live and french.get_latest_revision().content["title"] == french.title

    # manage.py demo_messages: every demo text into the catalogs, translations kept
    strings = demo_locale.demo_strings()
    assert "Theme 1: “Learning Revolution” for MOOC Platforms" in strings  # a session
    assert "Director, UNESCO IITE" in strings  # a speaker line
    assert "Online, and on site in Beijing, People's Republic of China" in strings  # practical
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(demo_locale.catalog_path("fr"), tmp_path / "fr" / "LC_MESSAGES" / "demo.po")
    monkeypatch.setattr(demo_locale, "DIRECTORY", tmp_path)
    empty = demo_locale.write_catalogs(strings)
    assert empty["ar"] == len({text for text in strings if text.strip()})  # not copied
    assert (tmp_path / "zh_Hans" / "LC_MESSAGES" / "demo.po").exists()
    assert empty["fr"] == 0  # the French catalog is full, and kept
    assert demo_locale.translate("Opening", "fr") == "Ouverture"
    monkeypatch.undo()
    demo_locale.catalog.cache_clear()


def test_the_charter_is_a_page_in_six_languages_linked_from_the_application_wizard(
    demo_website, client
):
    from members.factories import UserFactory
    from tests.members.test_applications import STEP_DATA

    titles = {
        "en": "Charter of the Global MOOC Alliance",
        "ar": "ميثاق التحالف العالمي للمقررات الإلكترونية المفتوحة",
        "zh-hans": "全球慕课联盟章程",
        "fr": "Charte de l'Alliance mondiale des MOOC",
        "ru": "Устав Глобального альянса МООК",
        "es": "Carta de la Alianza Mundial de MOOC",
    }
    for code, title in titles.items():
        response = client.get(f"/{code}/charter/")
        assert response.status_code == 200
        assert title in response.content.decode().replace("&#x27;", "'")
    assert "4. Learners first" not in client.get("/fr/charter/").content.decode()

    client.force_login(UserFactory())
    client.get("/ar/apply/?start=1")
    for data in STEP_DATA[:2]:
        html = client.post("/ar/apply/", data).content.decode()
    assert 'name="motivation-agreed_to_charter"' in html
    assert '<a href="/ar/charter/" target="_blank" rel="noopener">' in html
