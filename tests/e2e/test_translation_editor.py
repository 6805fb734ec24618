"""The secretariat translates a news item into French, and into Arabic, in wagtail-localize's
editor: nothing is live under /fr/ (/ar/) until it publishes, each string saves, then the page
shows the translated text (Arabic right to left, its tag in Arabic)."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from cms.models import HomePage, NewsIndexPage
from cms.models.news import NewsTag
from tests.cms.conftest import news, publish
from tests.e2e.helpers import secretariat_person, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

TRANSLATIONS = {
    "fr": {
        "Launch of the alliance": "Lancement de l'alliance",
        "About Launch of the alliance.": "À propos du lancement de l'alliance.",
        "Launch of the alliance in full.": "Le lancement de l'alliance en détail.",
    },
    "ar": {
        "Launch of the alliance": "إطلاق التحالف",
        "About Launch of the alliance.": "عن إطلاق التحالف.",
        "Launch of the alliance in full.": "إطلاق التحالف بالتفصيل.",
    },
}
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية"}
TRANSLATIONS_OF_WEBINAR = {"fr": "webinaire", "ar": "ندوة إلكترونية"}


@pytest.fixture(params=["fr", "ar"])
def language(request):
    return request.param


@pytest.fixture
def item(language):
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = publish(home, NewsIndexPage(title="News", slug="news"))
    locale = Locale.objects.get(language_code=language)
    TranslationCreator(None, [locale]).create_translations(index)
    index.get_translation(locale).get_latest_revision().publish()
    page = news(index, "Launch of the alliance")
    page.tags.add("webinar")
    page.save_revision().publish()
    tag = NewsTag.objects.get(name="webinar")
    tag.translations = {code: {"name": name} for code, name in TRANSLATIONS_OF_WEBINAR.items()}
    tag.save()
    return page


def test_the_secretariat_translates_a_news_item_in_the_editor(new_page, item, language, screenshot):
    translations = TRANSLATIONS[language]
    editor = secretariat_person("translations@secretariat.example")
    admin = new_page()
    sign_in_with_code(admin, editor.email, next_url=f"/cms-admin/pages/{item.pk}/edit/")
    admin.get_by_role("button", name="Actions", exact=True).first.click()
    admin.get_by_role("link", name="Translate this page").click()
    admin.get_by_label(LANGUAGE_NAMES[language]).check()
    admin.get_by_role("button", name="Submit").click()
    expect(admin).to_have_url(re.compile(r"/cms-admin/pages/\d+/edit/$"))
    to_translate = admin.get_by_role("button", name="Translate", exact=True)
    expect(to_translate).to_have_count(3)  # title, summary, body: none translated yet
    screenshot(admin, f"translation-editor-new-{language}")

    reader = new_page()
    url = f"/{language}/news/{item.slug}/"
    assert reader.goto(url).status == 404  # a draft until it is published

    for english, translated in translations.items():
        # The string's own entry: the innermost list item showing the English text.
        segment = admin.locator("li").filter(has=admin.get_by_text(english, exact=True)).last
        segment.get_by_role("button", name="Translate", exact=True).click()
        segment.locator("textarea").fill(translated)
        segment.get_by_role("button", name="Save", exact=True).click()
        expect(segment.get_by_text(translated, exact=True)).to_be_visible()
        expect(admin.get_by_text("Server error")).to_have_count(0)
    expect(to_translate).to_have_count(0)  # every string translated
    screenshot(admin, f"translation-editor-saved-{language}")

    admin.get_by_role("button", name=re.compile("^Publish in")).click()
    expect(admin.get_by_text(re.compile("Published"))).to_be_visible()
    screenshot(admin, f"translation-editor-published-{language}")

    assert reader.goto(url).status == 200
    expect(reader.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    heading = reader.get_by_role("heading", level=1)
    expect(heading).to_have_text(translations["Launch of the alliance"])
    expect(reader.get_by_text(translations["Launch of the alliance in full."])).to_be_visible()
    tag = TRANSLATIONS_OF_WEBINAR[language]
    expect(reader.get_by_role("link", name=tag, exact=True)).to_be_visible()
    # The index was copied, not translated: its title in the breadcrumb is marked as English.
    expect(reader.locator('.breadcrumb [lang="en"]')).to_have_text("News")
    screenshot(reader, f"translation-page-{language}")
