"""Events: reading the conference agenda in one's own time zone, registering, the live stream."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.models import EventIndexPage, HomePage
from tests.cms.conftest import event, publish
from tests.e2e.helpers import link_path

pytestmark = [
    pytest.mark.e2e,
    # The home pages the events hang under come from a data migration.
    pytest.mark.django_db(transaction=True),
]


def at(*parts):
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


@pytest.fixture
def conference():
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = publish(home, EventIndexPage(title="Events", slug="events"))
    return event(
        index,
        "Global MOOC Conference",
        starts_at=at(2030, 12, 9, 9, 0),
        ends_at=at(2030, 12, 11, 14, 30),
        time_zone="Asia/Shanghai",
        agenda_zones="Paris = Europe/Paris\nMoscow = Europe/Moscow\nBeijing = Asia/Shanghai",
        working_languages="English",
        interpretation="Simultaneous interpretation into Mandarin Chinese",
        sessions=[
            {
                "kind": "sub_forum",
                "title": "Learning Revolution for MOOC Platforms",
                "starts_at": at(2030, 12, 9, 9, 10),
                "ends_at": at(2030, 12, 9, 11, 0),
                "co_organizers": "iCourse\nxuetangX",
            },
            {
                "kind": "main",
                "title": "Official launch of the Global MOOC Alliance",
                "starts_at": at(2030, 12, 11, 12, 45),
                "ends_at": at(2030, 12, 11, 13, 0),
            },
        ],
    )


def test_registering_for_the_conference_and_reading_the_agenda_in_my_zone(
    page, conference, screenshot
):
    page.goto("/en/events/")
    page.get_by_role("link", name="Global MOOC Conference").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Global MOOC Conference")
    first_day = page.get_by_role("region", name="Monday, 9 December 2030")
    headers = first_day.get_by_role("columnheader")
    expect(headers).to_have_text(["Session", "Paris", "Moscow", "Beijing", "Your time (UTC)"])
    row = first_day.get_by_role("row", name=re.compile("Learning Revolution"))
    expect(row.get_by_role("cell")).to_have_text(
        ["10:10–12:00", "12:10–14:00", "17:10–19:00", "09:10–11:00"]
    )

    # In Honolulu the first sub-forum starts the evening before: the cell says so.
    page.get_by_label("Show times in").select_option("Pacific/Honolulu")
    page.get_by_role("button", name="Change").click()
    expect(headers.last).to_have_text("Your time (Pacific/Honolulu)")
    expect(row.get_by_role("cell").last).to_have_text("Sun 8 Dec 23:10–01:00")
    screenshot(page, "events-agenda-honolulu")

    form = page.locator("#registration form")
    form.get_by_label("Name").fill("Amina Diallo")
    form.get_by_label("Email").fill("amina@university.example")
    form.get_by_label("Institution").fill("Université Cheikh Anta Diop")
    form.get_by_label("Country").select_option(label="Senegal")
    form.get_by_label("Role").select_option(label="Teacher, researcher or academic staff")
    form.get_by_role("button", name="Register").click()
    # Consent was not given yet: the error summary says so, linking to the box, and so does the box.
    summary = form.get_by_role("alert")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Please agree")
    expect(link).to_have_attribute("href", "#id_consent")
    expect(form.locator(".errorlist").get_by_text("Please agree")).to_be_visible()
    form.get_by_label(re.compile("I agree")).check()
    form.get_by_role("button", name="Register").click()

    # The place is held until the email address is confirmed; nothing else comes before.
    expect(page.get_by_role("status")).to_contain_text(
        "Almost done: we have sent a link to amina@university.example."
    )
    (link,) = mail.outbox
    assert link.subject == "Confirm your registration: Global MOOC Conference"
    assert not link.attachments and "/live/" not in link.body
    screenshot(page, "events-registration-pending")

    page.goto(link_path(link.body, r"/en/events/[\w-]+/confirm/[\w-]+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your registration")
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_role("status")).to_contain_text("Your registration is confirmed.")
    expect(page.get_by_role("link", name="Watch the live stream")).to_have_attribute(
        "href", "https://stream.example.org/secret-room"
    )
    screenshot(page, "events-registration-confirmed")

    message = mail.outbox[-1]
    assert message.subject == "You are registered: Global MOOC Conference"
    assert message.attachments[0][0] == "event.ics"
    page.goto(link_path(message.body, r"/en/events/[\w-]+/live/[\w-]+/"))
    expect(page.get_by_role("link", name="Watch the live stream")).to_have_attribute(
        "href", "https://stream.example.org/secret-room"
    )
