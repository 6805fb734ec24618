import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail
from wagtail.models import Locale

from cms.models import EventIndexPage, EventPage, EventRegistration
from cms.selectors import event_agenda
from cms.services import live_token
from members.factories import UserFactory
from tests.cms.conftest import event, registration_data

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


CONFERENCE_SESSIONS = [
    {
        "kind": "sub_forum",
        "title": "Theme 1: MOOC platforms",
        "starts_at": at(2030, 12, 9, 9, 10),
        "ends_at": at(2030, 12, 9, 11, 0),
        "co_organizers": "iCourse\nxuetangX",
    },
    {
        "kind": "main",
        "title": "High-level opening addresses",
        "starts_at": at(2030, 12, 11, 12, 10),
        "ends_at": at(2030, 12, 11, 12, 45),
        "speakers": "President, Tsinghua University\nDirector, UNESCO IITE",
    },
]


@pytest.fixture
def summit(events_index):
    return event(
        events_index,
        "Global MOOC Summit",
        starts_at=at(2030, 12, 9, 9, 0),
        ends_at=at(2030, 12, 11, 14, 30),
        time_zone="Asia/Shanghai",
        agenda_zones="Paris = Europe/Paris\nMoscow = Europe/Moscow\nBeijing = Asia/Shanghai",
        working_languages="English",
        interpretation="Simultaneous interpretation into Mandarin Chinese",
        sessions=CONFERENCE_SESSIONS,
    )


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """POST the registration form; tasks queued on commit run (these tests never commit)."""

    def register(client, page, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url + "register/", registration_data(**data))

    return register


# Pages and the agenda --------------------------------------------------------------------


def test_the_index_shows_upcoming_events_and_past_ones(client, events_index):
    event(events_index, "Next Forum", days=10)
    event(events_index, "Old Forum", days=-400)
    event(events_index, "Draft Forum", days=20).unpublish()

    response = client.get("/en/events/")

    assert [e.title for e in response.context["upcoming"]] == ["Next Forum"]
    assert [e.title for e in response.context["page_obj"]] == ["Old Forum"]
    assert "Draft Forum" not in response.content.decode()


def test_a_draft_event_is_not_public(client, conference):
    assert client.get(conference.url).status_code == 200
    conference.unpublish()
    assert client.get(conference.url).status_code == 404


def test_the_agenda_groups_days_in_the_event_zone_with_a_column_per_zone(summit):
    agenda = event_agenda(event=summit, viewer=zoneinfo.ZoneInfo("Pacific/Honolulu"))

    assert [c.label for c in agenda.columns] == [
        "Paris",
        "Moscow",
        "Beijing",
        "Your time (Pacific/Honolulu)",
    ]
    assert [day.date for day in agenda.days] == [
        datetime.date(2030, 12, 9),
        datetime.date(2030, 12, 11),
    ]
    paris, moscow, beijing, honolulu = agenda.days[0].rows[0].cells
    assert (paris.starts_at.hour, paris.starts_at.minute, paris.other_day) == (10, 10, False)
    assert (moscow.starts_at.hour, beijing.starts_at.hour) == (12, 17)
    # 09:10 UTC on 9 December is 23:10 on 8 December in Honolulu: shown with its own date.
    assert (honolulu.starts_at.day, honolulu.starts_at.hour, honolulu.other_day) == (8, 23, True)


def test_the_viewer_column_is_left_out_when_the_zone_is_already_shown(summit):
    agenda = event_agenda(event=summit, viewer=zoneinfo.ZoneInfo("Europe/Moscow"))
    assert [c.label for c in agenda.columns] == ["Paris", "Moscow", "Beijing"]
    # That column is the viewer's: the narrow screens' cards show its time first.
    assert [c.is_viewer for c in agenda.columns] == [False, True, False]
    cells = agenda.days[0].rows[0].cells
    assert [(c.label, c.is_viewer) for c in cells] == [
        ("Paris", False),
        ("Moscow", True),
        ("Beijing", False),
    ]


def test_the_event_page_shows_the_agenda_in_the_viewers_zone(client, summit):
    client.cookies["tz"] = "America/New_York"

    html = client.get(summit.url).content.decode()

    assert "Your time (America/New_York)" in html
    assert "Monday, 9 December 2030" in html
    assert "04:10" in html  # 09:10 UTC in New York
    assert "17:10" in html  # and in Beijing
    assert "Co-organized by" in html and "iCourse; xuetangX" in html
    assert "President, Tsinghua University; Director, UNESCO IITE" in html
    assert "Simultaneous interpretation into Mandarin Chinese" in html
    assert 'name="time_zone"' in html
    assert '"@type": "Event"' in html and '"startDate": "2030-12-09T17:00:00+08:00"' in html


def test_agenda_zones_and_time_zone_are_validated(summit):
    from django.core.exceptions import ValidationError

    summit.agenda_zones = "Paris = Europe/Lutetia"
    with pytest.raises(ValidationError) as error:
        summit.full_clean()
    assert "agenda_zones" in error.value.message_dict
    summit.agenda_zones, summit.time_zone = "", "Mars/Olympus"
    with pytest.raises(ValidationError) as error:
        summit.full_clean()
    assert "time_zone" in error.value.message_dict


def test_events_live_only_under_an_events_index(events_index, home):
    assert EventPage.can_create_at(events_index)
    assert not EventPage.can_create_at(home)
    assert not EventIndexPage.can_create_at(home)


# Registration ----------------------------------------------------------------------------


def test_registering_sends_a_confirmation_with_a_calendar_file(register, confirm, client, summit):
    response = register(client, summit)

    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert (registration.email, registration.country.code, registration.language) == (
        "amina@university.example",
        "SN",
        "en",
    )
    assert registration.confirmed_at is None
    (link,) = mail.outbox
    assert link.subject == "Confirm your registration: Global MOOC Summit"
    assert "live/" not in link.body and not link.attachments

    response = confirm(client)

    assert response.status_code == 302 and f"{summit.url}live/" in response["Location"]
    registration.refresh_from_db()
    assert registration.confirmed_at is not None
    message = mail.outbox[-1]
    assert message.to == ["amina@university.example"]
    assert message.subject == "You are registered: Global MOOC Summit"
    assert f"http://127.0.0.1:8000{summit.url}live/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    entries = calendar.walk("VEVENT")
    assert len(entries) == 2
    assert entries[0].decoded("dtstart") == at(2030, 12, 9, 9, 10)
    assert "Theme 1: MOOC platforms" in str(entries[0]["summary"])
    assert str(entries[0]["uid"]) == f"{summit.sessions.first().translation_key}@mooc.global"


def test_registering_on_a_translation_counts_on_the_original_in_the_visitors_language(
    register, confirm, client, summit
):
    french = Locale.objects.get(language_code="fr")
    summit.get_parent().copy_for_translation(french).save_revision().publish()
    translated = summit.copy_for_translation(french)
    translated.save_revision().publish()

    response = register(client, translated)

    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.event_id == summit.pk
    assert registration.language == "fr"
    assert f"{translated.url}confirm/" in mail.outbox[0].body
    confirm(client)
    assert f"{translated.url}live/" in mail.outbox[-1].body
    assert translated.url.startswith("/fr/")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"consent": ""}, "Please agree to the use of your details to register."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"role": "emperor"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(register, client, summit, data, message):
    response = register(client, summit, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EventRegistration.objects.exists()
    assert not mail.outbox


def test_the_same_email_cannot_register_twice(register, confirm, client, summit):
    register(client, summit)

    response = register(client, summit, email="Amina@University.example ")

    assert response.status_code == 400
    assert "already sent a confirmation link" in response.content.decode()
    confirm(client)
    response = register(client, summit, email="Amina@University.example ")
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert EventRegistration.objects.count() == 1
    assert len(mail.outbox) == 2  # the link, then the confirmation


def test_a_full_event_puts_registrations_on_the_waiting_list(register, client, summit):
    summit.capacity = 1
    summit.save_revision().publish()
    register(client, summit)
    page = client.get(summit.url).content.decode()
    assert "0 places left" not in page and "join the waiting list" in page

    response = register(client, summit, email="second@university.example")

    assert response.status_code == 302
    second = EventRegistration.objects.get(email="second@university.example")
    assert second.waitlisted and EventRegistration.objects.count() == 2
    assert "you are on the waiting list" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration_open": False}, "Registration is closed."),
        (
            {"registration_closes_at": at(2020, 1, 1)},
            "Registration closed on 1 January 2020, 08:00 (Asia/Shanghai).",
        ),
    ],
)
def test_closed_registration_refuses_registrations(register, client, summit, change, message):
    for name, value in change.items():
        setattr(summit, name, value)
    summit.save_revision().publish()

    page = client.get(summit.url).content.decode()
    response = register(client, summit)

    assert 'action="/en/events/global-mooc-summit/register/"' not in page
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_a_past_event_is_closed(register, client, events_index):
    old = event(events_index, "Old Forum", days=-10)
    assert register(client, old).status_code == 400
    assert not EventRegistration.objects.exists()


def test_get_on_the_register_route_goes_back_to_the_event(client, summit):
    response = client.get(summit.url + "register/")
    assert response.status_code == 302 and response["Location"] == summit.url


# The live stream -------------------------------------------------------------------------

STREAM = "https://stream.example.org/secret-room"


def test_the_live_stream_is_hidden_from_the_public(client, summit):
    assert STREAM not in client.get(summit.url).content.decode()


def test_the_signed_link_shows_the_live_stream(register, confirm, client, summit):
    register(client, summit)
    registration = EventRegistration.objects.get()
    assert client.get(f"{summit.url}live/{live_token(registration)}/").status_code == 404
    confirm(client)

    response = client.get(f"{summit.url}live/{live_token(registration)}/")

    assert response.status_code == 200
    assert STREAM in response.content.decode()


def test_a_forged_or_foreign_link_shows_nothing(register, confirm, client, summit, events_index):
    register(client, summit)
    confirm(client)
    registration = EventRegistration.objects.get()
    other = event(events_index, "Other Forum")

    assert client.get(f"{summit.url}live/{registration.pk}/").status_code == 404
    assert client.get(f"{summit.url}live/{live_token(registration)}x/").status_code == 404
    assert client.get(f"{other.url}live/{live_token(registration)}/").status_code == 404


def test_a_signed_in_registrant_sees_the_live_stream_and_others_do_not(
    register, confirm, client, summit
):
    person, stranger = UserFactory(), UserFactory()
    client.force_login(person)
    register(client, summit, email=person.email)
    assert EventRegistration.objects.get().user == person
    html = client.get(summit.url).content.decode()
    assert STREAM not in html and "open it to confirm your registration" in html
    confirm(client)
    assert STREAM in client.get(summit.url).content.decode()

    client.force_login(stranger)
    html = client.get(summit.url).content.decode()
    assert STREAM not in html
    assert 'name="consent"' in html


def test_registration_requires_consent_in_the_database_too(summit):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        EventRegistration.objects.create(
            event=summit,
            name="X",
            email="x@example.org",
            institution="X",
            country="FR",
            role="other",
            consent=False,
        )


INDEX_QUERIES = 12


def test_the_index_has_a_fixed_number_of_queries(client, events_index, django_assert_num_queries):
    event(events_index, "Forum 0", days=3)
    event(events_index, "Past 0", days=-30)
    client.get("/en/events/")
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/en/events/")
    for number in range(1, 6):
        event(events_index, f"Forum {number}", days=3 + number)
        event(events_index, f"Past {number}", days=-30 - number)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/en/events/")
    assert len(response.context["upcoming"]) == 6
