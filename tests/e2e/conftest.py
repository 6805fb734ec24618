"""Browser journeys: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server.

Every test here uses `live_server`, so the database is transactional: commits are real, and
`transaction.on_commit` callbacks (the inline Celery tasks that send emails) do run. The live
server is a thread of this process, so `django.core.mail.outbox` is shared with the test.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise refuse
# the ORM calls the tests (and fixtures) make next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser(_migrated_data):
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the e2e tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (its own cookies): one per person in a journey."""
    contexts = []

    def new_page():
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="en-US")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot in test-artifacts/ (for people, not for assertions)."""

    def screenshot(page, name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return screenshot
