"""The secretariat, working from New York, enters a Beijing event's times in the admin; a viewer in
Paris reads them right: the times typed are the event's own (Asia/Shanghai)."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from cms.models import EventIndexPage, EventPage, HomePage
from tests.cms.conftest import event, publish
from tests.e2e.helpers import secretariat_person, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

UTC = datetime.UTC


@pytest.fixture
def conference():
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = publish(home, EventIndexPage(title="Events", slug="events"))
    start = datetime.datetime(2030, 12, 9, tzinfo=UTC)
    return event(
        index,
        "Global MOOC Conference",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        time_zone="UTC",
        agenda_zones="Beijing = Asia/Shanghai",
        sessions=[
            {
                "kind": "main",
                "title": "Opening ceremony",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=1),
            }
        ],
    )


def test_the_secretariat_enters_beijing_times_from_new_york(new_page, conference, screenshot):
    editor = secretariat_person("events@secretariat.example", time_zone="America/New_York")
    profile = UserProfile.get_for_user(editor)
    profile.current_time_zone = "America/New_York"
    profile.save()

    admin = new_page()
    edit_url = f"/cms-admin/pages/{conference.pk}/edit/"
    sign_in_with_code(admin, editor.email, next_url=edit_url)
    expect(admin).to_have_url(re.compile(re.escape(edit_url) + "$"))
    expect(admin.get_by_text("In the event's time zone").first).to_be_visible()

    admin.locator("#id_time_zone").fill("Asia/Shanghai")
    admin.locator("#id_starts_at").fill("2030-12-09 09:00")
    admin.locator("#id_ends_at").fill("2030-12-09 18:00")
    admin.locator("#id_sessions-0-starts_at").fill("2030-12-09 09:30")
    admin.locator("#id_sessions-0-ends_at").fill("2030-12-09 10:30")
    admin.locator("#id_agenda_zones").click()  # away from the date pickers, which close
    expect(admin.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    screenshot(admin, "event-times-admin-typed")
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text("has been published")).to_be_visible()

    page = EventPage.objects.get(pk=conference.pk)
    assert (page.starts_at, page.ends_at) == (
        datetime.datetime(2030, 12, 9, 1, 0, tzinfo=UTC),
        datetime.datetime(2030, 12, 9, 10, 0, tzinfo=UTC),
    )

    # Back in the editor, the times read as they were typed.
    admin.goto(edit_url)
    expect(admin.locator("#id_starts_at")).to_have_value("2030-12-09 09:00")
    expect(admin.locator("#id_sessions-0-starts_at")).to_have_value("2030-12-09 09:30")
    screenshot(admin, "event-times-admin-again")

    viewer = new_page()
    viewer.goto(page.url)
    viewer.get_by_label("Show times in").select_option("Europe/Paris")
    viewer.get_by_role("button", name="Change").click()
    expect(viewer.get_by_text("9 December 2030, 09:00–18:00 · Shanghai (UTC+8)")).to_be_visible()
    day = viewer.get_by_role("region", name="Monday, 9 December 2030")
    expect(day.get_by_role("columnheader")).to_have_text(
        ["Session", "Beijing", "Your time (Europe/Paris)"]
    )
    row = day.get_by_role("row", name=re.compile("Opening ceremony"))
    expect(row.get_by_role("cell")).to_have_text(["09:30–10:30", "02:30–03:30"])
    screenshot(viewer, "event-times-viewer-paris")
