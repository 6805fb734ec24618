"""The secretariat translates a news item into French in wagtail-localize's editor: nothing is
live under /fr/ until it publishes, each string saves, then /fr/ shows the French text."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from cms.models import HomePage, NewsIndexPage
from tests.cms.conftest import news, publish
from tests.e2e.helpers import secretariat_person, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRENCH = {
    "Launch of the alliance": "Lancement de l'alliance",
    "About Launch of the alliance.": "À propos du lancement de l'alliance.",
    "Launch of the alliance in full.": "Le lancement de l'alliance en détail.",
}


@pytest.fixture
def item():
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = publish(home, NewsIndexPage(title="News", slug="news"))
    french = Locale.objects.get(language_code="fr")
    TranslationCreator(None, [french]).create_translations(index)
    index.get_translation(french).get_latest_revision().publish()
    return news(index, "Launch of the alliance")


def test_the_secretariat_translates_a_news_item_in_the_editor(new_page, item, screenshot):
    editor = secretariat_person("translations@secretariat.example")
    admin = new_page()
    sign_in_with_code(admin, editor.email, next_url=f"/cms-admin/pages/{item.pk}/edit/")
    admin.get_by_role("button", name="Actions", exact=True).first.click()
    admin.get_by_role("link", name="Translate this page").click()
    admin.get_by_label("Français").check()
    admin.get_by_role("button", name="Submit").click()
    expect(admin).to_have_url(re.compile(r"/cms-admin/pages/\d+/edit/$"))
    to_translate = admin.get_by_role("button", name="Translate", exact=True)
    expect(to_translate).to_have_count(3)  # title, summary, body: none translated yet
    screenshot(admin, "translation-editor-new")

    reader = new_page()
    french_url = f"/fr/news/{item.slug}/"
    assert reader.goto(french_url).status == 404  # a draft until it is published

    for english, french in FRENCH.items():
        # The string's own entry: the innermost list item showing the English text.
        segment = admin.locator("li").filter(has=admin.get_by_text(english, exact=True)).last
        segment.get_by_role("button", name="Translate", exact=True).click()
        segment.locator("textarea").fill(french)
        segment.get_by_role("button", name="Save", exact=True).click()
        expect(segment.get_by_text(french, exact=True)).to_be_visible()
        expect(admin.get_by_text("Server error")).to_have_count(0)
    expect(to_translate).to_have_count(0)  # every string translated
    screenshot(admin, "translation-editor-saved")

    admin.get_by_role("button", name=re.compile("^Publish in")).click()
    expect(admin.get_by_text(re.compile("Published"))).to_be_visible()
    screenshot(admin, "translation-editor-published")

    assert reader.goto(french_url).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text("Lancement de l'alliance")
    expect(reader.get_by_text("Le lancement de l'alliance en détail.")).to_be_visible()
    screenshot(reader, "translation-french-page")
