"""The secretariat edits a news item and publishes it: no workflow holds it for an empty group."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.cms.conftest import news, publish
from tests.e2e.helpers import secretariat_person, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def test_the_secretariat_publishes_a_news_item_without_moderation(page, screenshot):
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    item = news(publish(home, NewsIndexPage(title="News", slug="news")), "Call for input")
    editor = secretariat_person("news@secretariat.example")
    edit_url = f"/cms-admin/pages/{item.pk}/edit/"
    sign_in_with_code(page, editor.email, next_url=edit_url)
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))

    page.locator("#id_title").fill("Call for input to the Beijing Declaration")
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Publish")).to_be_visible()
    expect(page.get_by_role("button", name="Submit to Moderators approval")).to_have_count(0)
    screenshot(page, "moderation-publish-menu")
    mail.outbox.clear()
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_text("has been published")).to_be_visible()
    item = NewsPage.objects.get(pk=item.pk)
    assert item.live and item.title == "Call for input to the Beijing Declaration"
    assert not item.workflow_in_progress
    assert mail.outbox == []  # nobody is asked to approve it ("Hello Site,")
    page.goto(item.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
