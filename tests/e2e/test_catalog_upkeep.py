"""An institution's administrator keeps its catalog: course sessions with date and time inputs
in their zone, several at once; an import's errors in the file's terms; the feeds' status and
actions. Walked in English and Arabic, at 390 and 1,366 px."""

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import Course, CourseFeed, InstitutionRole, Platform
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import sign_in
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

BAD_CSV = b"""external_id,title,url,languages,run_starts_at,run_ends_at,run_pacing
c-1,Good,https://e.org/1,en,2027-03-01 09:00,2027-04-01 09:00,self_paced
c-2,Bad,https://e.org/2,"en, xx-notalang",next spring,2027-04-01,weekly
"""


@pytest.fixture
def admin(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1:1"]  # a feed nobody answers at, refused fast
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)
    person = affiliate(institution, InstitutionRole.ADMIN, email="admin@nairobi.example")
    person.time_zone = "Asia/Shanghai"
    person.save()
    return person, institution


def shot(screenshot, page, name):
    screenshot(page, f"upkeep-{name}")
    target = os.environ.get("UPKEEP_SHOTS")  # a copy for people who walk the journey
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"upkeep-{name}.png", target)


def fits(page, width):
    """No sideways scrolling; else the elements that stick out."""
    wide = page.evaluate(
        """width => [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .filter(e => e.closest(".table-scroll") === null)
        .slice(0, 5).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)""",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def test_an_admin_keeps_the_catalog(page, screenshot, admin):
    person, institution = admin
    page.set_default_timeout(30_000)  # a loaded machine
    base = f"/en/my-institution/{institution.slug}/courses/"
    sign_in(page, person.email, next_url=base + "new/")

    # Two sessions in one save, in Shanghai time.
    expect(page.get_by_text("Time in Shanghai (UTC+8).").first).to_be_visible()
    page.get_by_label("Title", exact=True).fill("Climate Basics")
    page.get_by_label("Platform").select_option(label=Platform.objects.get(slug="edx").name)
    page.get_by_label("Course page").fill("https://edx.example.org/climate")
    page.get_by_label("Languages", exact=True).fill("en, fr")
    page.get_by_label("Free").check()
    new = page.locator("fieldset.run")
    new.nth(0).get_by_label("Start").fill("2027-03-01T09:00")
    new.nth(0).get_by_label("Pacing").select_option("instructor_led")
    new.nth(1).get_by_label("Start").fill("2027-09-01T09:00")
    new.nth(1).get_by_label("Pacing").select_option("self_paced")
    shot(screenshot, page, "course-two-new-sessions-en-1366")
    page.get_by_role("button", name="Save and add more sessions").click()
    expect(page.get_by_text("The course has been saved.")).to_be_visible()
    course = Course.objects.get(title="Climate Basics")
    assert list(course.runs.values_list("starts_at", flat=True)) == [
        datetime(2027, 3, 1, 1, tzinfo=UTC),
        datetime(2027, 9, 1, 1, tzinfo=UTC),
    ]

    # A session whose end comes first: nothing is saved, the deletion neither.
    runs = page.locator("fieldset.run")
    expect(runs).to_have_count(4)
    runs.nth(0).get_by_label("Delete").check()
    runs.nth(2).get_by_label("Start").fill("2027-05-01T09:00")
    runs.nth(2).get_by_label("End", exact=True).fill("2027-04-01T09:00")
    runs.nth(2).get_by_label("Pacing").select_option("self_paced")
    page.get_by_role("button", name="Save the course").click()
    expect(page.get_by_text("The end comes before the start.", exact=True)).to_be_visible()
    shot(screenshot, page, "course-bad-session-en-1366")
    assert course.runs.count() == 2

    # Deleting one session, in the same page.
    runs.nth(2).get_by_label("End", exact=True).fill("")
    runs.nth(2).get_by_label("Start").fill("")
    runs.nth(2).get_by_label("Pacing").select_option("")
    page.get_by_role("button", name="Save the course").click()
    expect(page).to_have_url(re.compile(r"/courses/$"))
    assert list(course.runs.values_list("starts_at", flat=True)) == [
        datetime(2027, 9, 1, 1, tzinfo=UTC)
    ]

    # An import whose errors name the file's columns, values and external ids.
    page.goto(base + "import/")
    upload = page.get_by_role("region", name="Upload a file")
    upload.get_by_label("File").set_input_files(
        {"name": "courses.csv", "mimeType": "text/csv", "buffer": BAD_CSV}
    )
    upload.get_by_label("Platform").select_option(label=Platform.objects.get(slug="edx").name)
    upload.get_by_role("button", name="Import").click()
    expect(page.locator("p.meta")).to_contain_text("Done")
    report = page.locator("table", has_text="Rows with errors")
    expect(report).to_contain_text("run_starts_at")
    expect(report).to_contain_text("next spring")
    expect(report).to_contain_text("xx-notalang")
    expect(report).to_contain_text("c-2")
    expect(report).not_to_contain_text("runs.")
    shot(screenshot, page, "import-report-en-1366")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the errors (CSV)").click()
    assert "run_starts_at" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    # A feed: synced now (nobody answers), paused, resumed, removed.
    CourseFeed.objects.create(
        institution=institution, url="http://127.0.0.1:1/feed", platform=course.platform
    )
    page.goto(base + "import/")
    feeds = page.locator("#feeds")
    feeds.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("The feed will be synced in a moment")).to_be_visible()
    expect(page.locator("#feeds")).to_contain_text("could not be reached")
    page.locator("#feeds").get_by_role("button", name="Pause").click()
    expect(page.locator("#feeds")).to_contain_text("Paused")
    shot(screenshot, page, "feeds-paused-en-1366")
    page.locator("#feeds").get_by_role("button", name="Resume").click()
    expect(page.locator("#feeds")).to_contain_text("Synced daily")
    page.locator("#feeds summary").click()
    page.locator("#feeds").get_by_role("button", name="Remove the feed").click()
    expect(page.get_by_text("The feed has been removed.")).to_be_visible()
    assert not CourseFeed.objects.exists()


@pytest.mark.parametrize(("language", "width"), [("ar", 390), ("ar", 1366), ("en", 390)])
def test_the_upkeep_pages_fit(new_page, screenshot, admin, language, width):
    person, institution = admin
    course = Course.objects.create(
        title="Climate Basics",
        slug="climate-basics",
        platform=Platform.objects.get(slug="edx"),
        url="https://edx.example.org/climate",
    )
    course.institutions.add(institution)
    course.runs.create(starts_at=datetime(2027, 3, 1, 1, tzinfo=UTC), pacing="self_paced")
    feed = CourseFeed.objects.create(
        institution=institution,
        url="https://open.example.org/api/v3/courses?institution=nairobi-open-university",
        platform=course.platform,
        active=False,
        last_error="The feed answered with HTTP status 404.",
        last_error_at=datetime(2026, 11, 30, 8, tzinfo=UTC),
    )
    page = new_page()
    page.set_default_timeout(30_000)  # a loaded machine
    page.set_viewport_size({"width": width, "height": 900})
    base = f"/{language}/my-institution/{institution.slug}/courses/"
    sign_in(page, person.email, next_url=base + f"{course.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator('input[type="datetime-local"]').first).to_have_value("2027-03-01T09:00")
    shot(screenshot, page, f"course-form-{language}-{width}")
    fits(page, width)

    page.goto(base + "import/")
    page.locator("#feeds").scroll_into_view_if_needed()
    expect(page.locator("#feeds")).to_contain_text(feed.last_error if language == "en" else "404")
    shot(screenshot, page, f"feeds-{language}-{width}")
    fits(page, width)

    upload = page.locator("form[enctype]").first
    upload.locator('input[type="file"]').set_input_files(
        {"name": "courses.csv", "mimeType": "text/csv", "buffer": BAD_CSV}
    )
    upload.locator("select[name='upload-platform']").select_option(str(course.platform.pk))
    upload.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/courses/import/\d+/$"))
    expect(page.locator("table")).to_contain_text("run_starts_at")
    shot(screenshot, page, f"import-report-{language}-{width}")
    fits(page, width)
