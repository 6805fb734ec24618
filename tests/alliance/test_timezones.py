import zoneinfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from alliance.timezones import COOKIE, viewer_zone, zone_label, zone_names

pytestmark = pytest.mark.django_db


def _request(user=None, cookie=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/en/")
    request.user = user or AnonymousUser()
    if cookie:
        request.COOKIES[COOKIE] = cookie
    return request


def test_viewer_zone_prefers_the_saved_setting_then_the_cookie_then_utc(user):
    user.time_zone = "Asia/Shanghai"
    assert viewer_zone(_request(user, cookie="Europe/Paris")) == zoneinfo.ZoneInfo("Asia/Shanghai")
    assert viewer_zone(_request(cookie="Europe/Paris")) == zoneinfo.ZoneInfo("Europe/Paris")
    assert viewer_zone(_request(cookie="Mars/Olympus")) == zoneinfo.ZoneInfo("UTC")
    assert viewer_zone(_request()) == zoneinfo.ZoneInfo("UTC")


def test_zone_names_are_canonical_iana_zones():
    names = zone_names()
    assert names[0] == "UTC"
    assert {"Europe/Moscow", "Asia/Shanghai", "America/Santiago"} <= set(names)
    assert not any(name.startswith(("Etc/", "US/")) for name in names)


def test_the_middleware_activates_the_viewer_zone_for_the_request_only():
    from alliance.middleware import ViewerTimeZoneMiddleware

    seen = []
    middleware = ViewerTimeZoneMiddleware(
        lambda request: seen.append(timezone.get_current_timezone_name())
    )
    middleware(_request(cookie="Europe/Moscow"))
    assert seen == ["Europe/Moscow"]
    assert timezone.get_current_timezone_name() == "UTC"
    when = timezone.datetime(2020, 12, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with timezone.override("Europe/Moscow"):
        assert Template("{{ when|date:'H:i' }}").render(Context({"when": when})) == "12:00"


def test_anonymous_choice_is_kept_in_a_cookie_and_returns_to_the_page(client):
    response = client.post("/time-zone/", {"time_zone": "Europe/Paris", "next": "/fr/members/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/members/"
    assert response.cookies[COOKIE].value == "Europe/Paris"


def test_a_signed_in_person_saves_the_zone(client, user):
    client.force_login(user)
    client.post("/time-zone/", {"time_zone": "Africa/Nairobi", "next": "/en/"})
    user.refresh_from_db()
    assert user.time_zone == "Africa/Nairobi"


@pytest.mark.parametrize("bad", ["", "Mars/Olympus", "Europe/Paris; drop table"])
def test_an_unknown_zone_changes_nothing_and_says_so(client, user, bad):
    client.force_login(user)
    response = client.post("/time-zone/", {"time_zone": bad, "next": "/en/"}, follow=True)
    user.refresh_from_db()
    assert user.time_zone == "UTC"
    assert COOKIE not in client.cookies
    assert "Choose a time zone from the list." in response.content.decode()


def test_an_offsite_next_is_ignored(client):
    response = client.post("/time-zone/", {"time_zone": "UTC", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_form_preselects_the_viewer_zone(rf, user):
    user.time_zone = "Asia/Singapore"
    request = rf.get("/en/events/")
    request.user = user
    timezone.activate(viewer_zone(request))
    try:
        html = Template("{% load alliance_tags %}{% time_zone_form %}").render(
            Context({"request": request, "csrf_token": "t"})
        )
    finally:
        timezone.deactivate()
    assert '<option value="Asia/Singapore" selected>' in html
    assert 'name="next" value="/en/events/"' in html


def _chooser(zone_name: str, language: str = "en") -> str:
    request = RequestFactory().get("/en/events/")
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone_name)):
        return Template("{% load alliance_tags %}{% time_zone_form %}").render(
            Context({"request": request, "csrf_token": "t"})
        )


@pytest.mark.parametrize("language", ["ar", "ru", "zh-hans"])
def test_the_chooser_lists_about_100_current_zones_by_region_with_local_city_names(language):
    html = _chooser("UTC", language)
    assert len(html.encode()) < 8 * 1024
    assert 95 <= html.count("<option") <= 110
    assert html.count("<optgroup") == 5
    assert "Asia/Calcutta" not in html and "Europe/Kiev" not in html
    assert '<option value="Asia/Kolkata">' in html and '<option value="Europe/Kyiv">' in html
    city = {"ar": "شنغهاي", "ru": "Шанхай", "zh-hans": "上海"}[language]
    assert f'<option value="Asia/Shanghai">{city} (UTC+8)</option>' in html


def test_the_browser_zone_is_suggested_only_while_times_are_in_utc():
    html = _chooser("UTC")
    assert "data-suggest-browser-zone" in html and "data-browser-zone-hint hidden" in html
    assert 'src="/static/js/time-zone.js"' in html and "<script>" not in html
    assert "data-suggest-browser-zone" not in _chooser("Europe/Paris")


def test_a_chosen_zone_outside_the_list_stays_selected():
    html = _chooser("America/Boise")
    assert '<option value="America/Boise" selected>Boise (UTC' in html


@pytest.mark.parametrize(
    ("name", "language", "label"),
    [
        ("Asia/Shanghai", "en", "Shanghai (UTC+8)"),
        ("Asia/Kolkata", "zh-hans", "加尔各答 (UTC+5:30)"),
        ("Europe/Kyiv", "ru", "Киев (UTC+"),
        ("America/Sao_Paulo", "ar", "ساو باولو (UTC−3)"),
        ("UTC", "fr", "UTC"),
    ],
)
def test_zone_labels_name_the_city_in_the_language_with_the_offset(name, language, label):
    assert zone_label(name, language).startswith(label)
