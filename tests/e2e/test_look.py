"""The visual check (issue 15, part 7): the key pages at 320, 390 and 1366 px, in English and
Arabic, never scroll sideways and have no serious or critical axe-core violation.

axe-core comes from the npm registry into .cache/axe/ (ignored by git) the first time; the
screenshots go to $LOOK_SCREENSHOTS (default: <temp folder>/alliance-look/), for CI to keep.
One browser, one page per language, resized rather than reloaded: a minute on two cores.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import OVERFLOW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_VERSION = "4.10.3"
AXE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(
    os.environ.get("LOOK_SCREENSHOTS") or Path(tempfile.gettempdir()) / "alliance-look"
)
WIDTHS = [1366, 390, 320]
LANGUAGES = ["en", "ar"]
KEY_PAGES = [
    "/{lang}/",
    "/{lang}/members/",
    "/{lang}/members/tsinghua-university/",
    "/{lang}/courses/",
    "/{lang}/courses/{course}/",
    "/{lang}/projects/",
    "/{lang}/projects/beijing-declaration-on-mooc-development/",
    "/{lang}/news/",
    "/{lang}/news/global-mooc-alliance-launched/",
    "/{lang}/events/",
    "/{lang}/events/2020-global-mooc-conference/",
    "/{lang}/declaration/",
    "/{lang}/resources/",
    "/accounts/login/",
]
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            reason = "npm is missing: it installs axe-core for the visual check"
            if os.environ.get("CI") == "true":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
        subprocess.run(  # noqa: S603 (fixed arguments)
            [
                npm,
                "install",
                "--prefix",
                str(AXE_DIR),
                "--no-audit",
                "--no-fund",
                "--silent",
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            timeout=300,
        )
    return AXE_JS.read_text()


@pytest.fixture
def demo(demo_alliance):
    from members.models import Course

    return {"course": Course.objects.order_by("pk").values_list("slug", flat=True).first()}


def test_key_pages_fit_every_width_and_pass_axe_in_english_and_arabic(
    browser, live_server, axe_source, demo
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for lang in LANGUAGES:
        # The CSP allows no inline script: axe is injected by the browser's own tooling.
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 844}, bypass_csp=True
        )
        page = context.new_page()
        page.goto(f"/i18n/{lang}/?next=/{lang}/")  # the language cookie, for /accounts/
        for template in KEY_PAGES:
            path = template.format(lang=lang, **demo)
            page.set_viewport_size({"width": WIDTHS[0], "height": 844})
            response = page.goto(path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == lang, path
            page.add_script_tag(content=axe_source)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844})
                where = f"{path} at {width} px"
                box = page.evaluate(OVERFLOW)
                if box["scrollWidth"] > box["width"]:
                    problems.append(
                        f"{where} scrolls sideways to {box['scrollWidth']} px: {box['wide']}"
                    )
                problems += [f"{where}: {violation}" for violation in page.evaluate(AXE_RUN)]
                name = f"{lang}-{width}-{path.strip('/').replace('/', '_') or 'home'}.png"
                page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        context.close()
    assert not problems, "\n".join(problems)


def test_the_menu_and_the_filters_open_with_the_keyboard_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/en/members/")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    # The header leaves the screen to the content: the count and the first results show.
    assert page.locator("main").bounding_box()["y"] <= 70
    menu = page.locator("summary", has_text="Menu")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(main_nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(main_nav.get_by_role("link", name="Members")).to_be_focused()
    page.keyboard.press("Escape")  # nothing closes it without JavaScript but the button
    menu.focus()
    page.keyboard.press("Enter")
    expect(main_nav).to_be_hidden()

    search = page.get_by_role("search")
    expect(search).to_be_hidden()  # behind "Filters", after the count
    filters = page.locator("summary", has_text="Filters")
    heading = page.get_by_role("heading", level=2, name="institutions")
    assert heading.bounding_box()["y"] < filters.bounding_box()["y"] < 844
    filters.focus()
    page.keyboard.press("Enter")
    expect(search.get_by_label("UNESCO region")).to_be_visible()

    page.set_viewport_size({"width": 1366, "height": 844})  # wide: everything shown, no buttons
    expect(main_nav).to_be_visible()
    expect(menu).to_be_hidden()
    context.close()
