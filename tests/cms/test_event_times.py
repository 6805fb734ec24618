"""Times typed in the admin for an event and its sessions are in the event's own zone.

Three zones at once: the editor works from New York, the event is in Beijing (Asia/Shanghai,
UTC+8), the viewer reads from Paris (UTC+1 in December).
"""

import datetime

import icalendar
import pytest
from django.core import mail
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from cms.models import EventPage
from tests.cms.conftest import event, registration_data
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
EDITOR_ZONE = "America/New_York"


def at(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.fixture
def editor(settings):
    """The secretariat, working from New York: its account and its admin profile say so."""
    user = secretariat_member(settings)
    user.time_zone = EDITOR_ZONE
    user.save(update_fields=["time_zone"])
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = EDITOR_ZONE
    profile.save()
    return user


@pytest.fixture
def conference(events_index):
    """An event first entered in UTC, with one session."""
    return event(
        events_index,
        "Global MOOC Conference",
        starts_at=at(2030, 12, 9, 0, 0),
        ends_at=at(2030, 12, 9, 8, 0),
        time_zone="UTC",
        agenda_zones="Beijing = Asia/Shanghai",
        sessions=[
            {"title": "Opening", "starts_at": at(2030, 12, 9, 0, 30), "ends_at": at(2030, 12, 9, 1)}
        ],
    )


def edit_form(page, *, time_zone, starts_at, ends_at, session, closes_at="", **changes):
    """The editor's form as a person fills it in, times as typed (no zone), then Publish."""
    (existing,) = page.sessions.all()
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": rich_text(page.body or "<p>The conference.</p>"),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "time_zone": time_zone,
            "agenda_zones": page.agenda_zones,
            "registration_open": "on",
            "registration_closes_at": closes_at,
            "live_stream_url": page.live_stream_url,
            "sessions": inline_formset(
                [
                    {
                        "id": existing.pk,
                        "kind": existing.kind,
                        "title": existing.title,
                        "starts_at": session[0],
                        "ends_at": session[1],
                    }
                ],
                initial=1,
            ),
            "questions": inline_formset([]),
            "action-publish": "action-publish",
            **changes,
        }
    )


def publish_as(client, editor, page, **form):
    client.force_login(editor)
    return client.post(f"/cms-admin/pages/{page.pk}/edit/", edit_form(page, **form))


BEIJING_DAY = {
    "time_zone": "Asia/Shanghai",
    "starts_at": "2030-12-09 09:00",
    "ends_at": "2030-12-09 18:00",
    "session": ("2030-12-09 09:30", "2030-12-09 10:30"),
    "closes_at": "2030-12-08 12:00",
}


def test_times_typed_in_the_admin_are_in_the_events_zone(client, editor, conference):
    response = publish_as(client, editor, conference, **BEIJING_DAY)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = EventPage.objects.get(pk=conference.pk)
    assert (page.time_zone, page.starts_at, page.ends_at) == (
        "Asia/Shanghai",
        at(2030, 12, 9, 1, 0),
        at(2030, 12, 9, 10, 0),
    )
    assert page.registration_closes_at == at(2030, 12, 8, 4, 0)
    (session,) = page.sessions.all()
    assert (session.starts_at, session.ends_at) == (at(2030, 12, 9, 1, 30), at(2030, 12, 9, 2, 30))


def test_the_editor_sees_the_times_in_the_events_zone_with_a_note(client, editor, conference):
    publish_as(client, editor, conference, **BEIJING_DAY)

    html = client.get(f"/cms-admin/pages/{conference.pk}/edit/").content.decode()

    for typed in ("2030-12-09 09:00", "2030-12-09 18:00", "2030-12-09 09:30", "2030-12-09 10:30"):
        assert f'value="{typed}"' in html
    assert "2030-12-08 12:00" in html
    assert "In the event&#x27;s time zone" in html or "In the event's time zone" in html


def test_saving_the_form_again_keeps_the_times(client, editor, conference):
    publish_as(client, editor, conference, **BEIJING_DAY)
    stored = EventPage.objects.get(pk=conference.pk)

    response = publish_as(client, editor, stored, **BEIJING_DAY, title="Renamed conference")

    assert response.status_code == 302
    again = EventPage.objects.get(pk=conference.pk)
    assert again.title == "Renamed conference"
    assert (again.starts_at, again.ends_at) == (stored.starts_at, stored.ends_at)
    assert [(s.starts_at, s.ends_at) for s in again.sessions.all()] == [
        (at(2030, 12, 9, 1, 30), at(2030, 12, 9, 2, 30))
    ]


def test_an_unknown_zone_is_refused_and_nothing_is_saved(client, editor, conference):
    response = publish_as(client, editor, conference, **{**BEIJING_DAY, "time_zone": "Mars/Base"})

    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()
    page = EventPage.objects.get(pk=conference.pk)
    assert (page.time_zone, page.starts_at) == ("UTC", at(2030, 12, 9, 0, 0))


def test_page_email_and_calendar_agree_for_a_viewer_in_paris(
    client, editor, conference, confirm, django_capture_on_commit_callbacks
):
    publish_as(client, editor, conference, **BEIJING_DAY)
    client.logout()
    client.cookies["tz"] = "Europe/Paris"
    page = Page.objects.get(pk=conference.pk).specific

    html = client.get(page.url).content.decode()
    assert "9 December 2030, 09:00–18:00 · Shanghai (UTC+8)" in html
    assert "Your time (Europe/Paris)" in html
    assert "02:30" in html and "03:30" in html  # the session in Paris
    assert "09:30" in html and "10:30" in html  # and in Beijing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url + "register/", registration_data())
    confirm(client)
    message = mail.outbox[-1]  # the confirmation, after the link's
    assert "9 December 2030, 09:00–18:00 · Shanghai (UTC+8)" in message.body
    (entry,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert entry.decoded("dtstart") == at(2030, 12, 9, 1, 30)
    assert entry.decoded("dtend") == at(2030, 12, 9, 2, 30)


def test_the_secretariat_adds_registration_questions_in_the_editor(client, editor, conference):
    questions = inline_formset([{"label": "Dietary needs", "required": "on"}])
    response = publish_as(client, editor, conference, **BEIJING_DAY, questions=questions)

    assert response.status_code == 302, response.content.decode()[:2000]
    (question,) = EventPage.objects.get(pk=conference.pk).questions.all()
    assert (question.label, question.required) == ("Dietary needs", True)
    assert "Dietary needs" in client.get(conference.url).content.decode()
