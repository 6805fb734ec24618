"""Translating a page: a draft first, strings saved in the editor, live once published."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from api import throttles
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from tests.cms.conftest import news
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def item(news_index, french):
    """A published English news item; the news index already has its French version."""
    TranslationCreator(None, [french]).create_translations(news_index)
    french_index = news_index.get_translation(french)
    french_index.get_latest_revision().publish()
    return news(news_index, "Launch of the alliance")


@pytest.fixture
def secretariat(settings):
    return secretariat_member(settings)


def submit(client, user, page, locale, capture):
    client.force_login(user)
    with capture(execute=True):  # wagtail-localize publishes on commit, when it publishes
        return client.post(f"/cms-admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})


def string_url(translation, segment):
    return f"/cms-admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"


def save_string(client, translation, segment, value):
    """What the editor's Save button sends: a multipart PUT with the value."""
    return client.put(
        string_url(translation, segment),
        encode_multipart(BOUNDARY, {"value": value}),
        content_type=MULTIPART_CONTENT,
    )


def test_translate_this_page_makes_a_draft_not_a_live_copy(
    client, secretariat, item, french, django_capture_on_commit_callbacks
):
    response = submit(client, secretariat, item, french, django_capture_on_commit_callbacks)

    draft = item.get_translation(french)
    assert response.status_code == 302
    assert response["Location"] == f"/cms-admin/pages/{draft.pk}/edit/"
    assert not draft.live
    client.logout()
    assert client.get(f"/fr/news/{item.slug}/").status_code == 404


def test_the_editor_saves_strings_then_publishes_the_translation(
    client, secretariat, item, french, django_capture_on_commit_callbacks
):
    submit(client, secretariat, item, french, django_capture_on_commit_callbacks)
    translation = Translation.objects.get(source__object_id=item.translation_key)
    segments = {
        segment.string.data: segment
        for segment in StringSegment.objects.filter(source=translation.source)
    }
    french_text = {
        "Launch of the alliance": "Lancement de l'alliance",
        "About Launch of the alliance.": "À propos du lancement de l'alliance.",
        "Launch of the alliance in full.": "Le lancement de l'alliance en détail.",
    }
    editor = client.get(f"/cms-admin/pages/{item.get_translation(french).pk}/edit/")
    assert editor.status_code == 200

    for english, text in french_text.items():
        response = save_string(client, translation, segments[english], text)
        assert response.status_code == 201, response.content
        assert response.json()["data"] == text

    page_id = item.get_translation(french).pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cms-admin/pages/{page_id}/edit/", {"action": "publish"})
    assert response.status_code == 302
    published = Page.objects.get(pk=page_id).specific
    assert published.live
    assert published.title == "Lancement de l'alliance"

    client.logout()
    html = client.get(f"/fr/news/{item.slug}/").content.decode()
    assert "Lancement de l&#x27;alliance" in html
    assert "Le lancement de l'alliance en détail." in html  # rich text, as written


def test_only_editors_of_the_page_save_strings(
    client, secretariat, item, french, django_capture_on_commit_callbacks
):
    submit(client, secretariat, item, french, django_capture_on_commit_callbacks)
    translation = Translation.objects.get(source__object_id=item.translation_key)
    segment = StringSegment.objects.filter(source=translation.source).first()
    admin_only = UserFactory()  # in the admin, but may edit no page
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(admin_only)
    assert save_string(client, translation, segment, "Pirate").status_code == 403

    client.force_login(affiliate(InstitutionFactory(), InstitutionRole.ADMIN))
    response = save_string(client, translation, segment, "Pirate")
    assert response.status_code == 302 and response.url.startswith("/admin-sign-in/")
    client.logout()
    response = save_string(client, translation, segment, "Pirate")
    assert response.status_code == 302 and response.url.startswith("/admin-sign-in/")
    assert not StringTranslation.objects.filter(data="Pirate").exists()


def test_a_translator_saving_fast_is_not_held_to_the_anonymous_api_rate(
    client, secretariat, item, french, django_capture_on_commit_callbacks, monkeypatch
):
    """The partner API's per-address limit counts anonymous requests, not a signed-in editor."""
    cache.clear()
    rates = {"anonymous": "3/minute", "partner": "3/minute"}
    monkeypatch.setattr(throttles.AnonymousThrottle, "THROTTLE_RATES", rates)
    submit(client, secretariat, item, french, django_capture_on_commit_callbacks)
    translation = Translation.objects.get(source__object_id=item.translation_key)
    segment = StringSegment.objects.filter(source=translation.source).first()

    answers = [
        save_string(client, translation, segment, f"Version {n}").status_code for n in range(6)
    ]
    assert set(answers) <= {200, 201}

    client.logout()  # anonymous readers of the API are still counted
    api = [client.get("/api/v1/subjects/").status_code for _ in range(4)]
    assert api == [200, 200, 200, 429]
