"""The secretariat's translation overview: every page x five languages, each in its state."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db
URL = "/cms-admin/translations/"


def locale(code):
    return Locale.objects.get(language_code=code)


def translate(page, code, *, publish=True, **fields):
    translation = page.copy_for_translation(locale(code))
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return translation


@pytest.fixture
def pages(news_index):
    """The news index: missing in Arabic, a draft in Russian, translated in French, out of
    date in Spanish (the English changed since) and in Chinese (wagtail-localize's copy,
    extracted before the English changed)."""
    translate(news_index, "es", title="Noticias", intro="De la alianza.")
    TranslationCreator(None, [locale("zh-hans")]).create_translations(news_index)
    news_index.intro = "News from the alliance."
    news_index.save_revision().publish()
    translate(news_index, "fr", title="Actualités", intro="Les nouvelles de l'alliance.")
    translate(news_index, "ru", publish=False, title="Новости")
    return news_index


def test_the_secretariat_sees_each_language_in_its_state(client, settings, pages):
    client.force_login(secretariat_member(settings))
    assert URL.encode() in client.get("/cms-admin/").content  # in the menu
    response = client.get(URL)
    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row.page.pk == pages.pk)
    assert {cell.language: cell.state for cell in row.cells} == {
        "ar": "missing",
        "zh-hans": "out_of_date",
        "fr": "translated",
        "ru": "in_progress",
        "es": "out_of_date",
    }
    arabic = row.cells[0]
    assert arabic.url == f"/cms-admin/localize/submit/page/{pages.pk}/"
    assert row.cells[2].url == f"/cms-admin/pages/{pages.get_translation(locale('fr')).pk}/edit/"
    counts = response.context["counts"]
    assert counts["ar"]["missing"] == 1 and counts["fr"]["translated"] == 2  # with the home page
    assert "Actualités" not in response.content.decode()  # rows show the English titles

    only_missing = client.get(URL, {"state": "missing", "language": "ar"}).context["rows"]
    assert [row.page.pk for row in only_missing] == [pages.pk]
    assert client.get(URL, {"state": "missing", "language": "fr"}).context["rows"] == []
    assert [row.kind for row in client.get(URL, {"kind": "homepage"}).context["rows"]] == [
        "home page"
    ]


def test_others_may_not_see_the_overview(client, pages):
    assert client.get(URL).url == f"/admin-sign-in/?next={URL}"
    client.force_login(affiliate(InstitutionFactory(), InstitutionRole.ADMIN))
    assert client.get(URL).url == f"/admin-sign-in/?next={URL}"  # no admin access
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 302 and response.url == "/cms-admin/"
    assert URL.encode() not in client.get("/cms-admin/").content  # nor in the menu
