"""The public site: home pages per language, the language switcher, the skip link."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    # The six home pages come from a data migration, which a transactional test database flushes.
    pytest.mark.django_db(transaction=True),
]

MAIN_NAVIGATION = ["Members", "Courses", "Projects", "News", "Events", "Declaration", "Resources"]


def test_home_page_in_english_and_in_arabic(page, screenshot):
    page.goto("/en/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Global MOOC Alliance")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link")).to_have_text(MAIN_NAVIGATION)
    expect(navigation.get_by_role("link", name="Members")).to_have_attribute("href", "/en/members/")

    page.goto("/ar/")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "التحالف العالمي للمقررات الإلكترونية المفتوحة"
    )
    screenshot(page, "site-home-arabic")


def test_the_language_switcher_remembers_the_choice(page, screenshot):
    page.goto("/en/members/")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"/fr/members/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(
        page.get_by_role("navigation", name="Langue").get_by_role("link", name="Français")
    ).to_have_attribute("aria-current", "true")

    # Pages outside the language prefix follow the remembered choice (the language cookie).
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    screenshot(page, "site-login-in-french")


def test_the_skip_link_is_the_first_focusable_element(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
