"""Event reminders 24 hours and 1 hour before: to confirmed registrants (not the waiting list,
not unconfirmed ones), once each, in the registrant's language, with the live-stream link."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cms import services
from cms.models import EventRegistration
from cms.tasks import send_event_reminders
from tests.cms.conftest import event

pytestmark = pytest.mark.django_db


def registration(page, email, **fields):
    return EventRegistration.objects.create(
        event=page,
        name=email,
        email=email,
        institution="X",
        country="FR",
        role="other",
        consent=True,
        **fields,
    )


def starting_in(index, delta):
    start = timezone.now().replace(microsecond=0) + delta
    return event(index, "Webinar", starts_at=start, ends_at=start + datetime.timedelta(hours=2))


@pytest.fixture
def beat(django_capture_on_commit_callbacks):
    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.event_reminders_send(now=now)

    return run


def test_the_reminders_go_once_each_to_confirmed_registrants(events_index, beat):
    page = starting_in(events_index, datetime.timedelta(hours=20))
    now = timezone.now()
    registration(page, "a@x.example", confirmed_at=now, language="fr")
    registration(page, "waiting@x.example", confirmed_at=now, waitlisted=True)
    registration(page, "unconfirmed@x.example")

    assert beat() == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["a@x.example"]
    assert reminder.subject == "Demain : Webinar"  # in the registrant's language
    assert "/live/" in reminder.body and "/cancel/" in reminder.body
    assert beat() == 0 and len(mail.outbox) == 1  # run again: nothing more

    one_hour_before = page.starts_at - datetime.timedelta(minutes=50)
    assert beat(one_hour_before) == 1
    assert mail.outbox[-1].subject == "Dans une heure : Webinar"
    assert beat(one_hour_before) == 0
    assert beat(page.starts_at + datetime.timedelta(minutes=1)) == 0  # started: nothing


def test_a_late_run_sends_only_the_latest_reminder(events_index, beat):
    page = starting_in(events_index, datetime.timedelta(minutes=30))
    registration(page, "a@x.example", confirmed_at=timezone.now())
    assert beat() == 1
    assert "one hour" in mail.outbox[0].subject
    assert beat() == 0


def test_the_beat_task_runs_the_service(events_index, django_capture_on_commit_callbacks):
    page = starting_in(events_index, datetime.timedelta(hours=3))
    registration(page, "a@x.example", confirmed_at=timezone.now(), language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        send_event_reminders.delay()
    (reminder,) = mail.outbox
    assert "/live/" in reminder.body
    assert EventRegistration.objects.get().reminded == "24h"
