"""A full event's waiting list: registrations join it, a place freed by a cancellation goes to
the first on it, who is emailed; cancelling is a button on the page the emailed link opens."""

import re

import pytest
from django.conf import settings
from django.core import mail

from cms.models import EventRegistration
from cms.services import cancel_token, confirm_token
from tests.cms.conftest import event, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(events_index):
    return event(events_index, "Small Workshop", capacity=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a request and the tasks it queues on commit (the emails)."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def link(message, name) -> str:
    return re.search(rf"{settings.SITE_URL}(\S+/{name}/\S+/)", message.body).group(1)


def test_the_waiting_list_journey(client, run, workshop):
    run(client.post, workshop.url + "register/", registration_data(email="a@x.example"))
    run(client.post, link(mail.outbox[-1], "confirm"))
    holder = EventRegistration.objects.get(email="a@x.example")
    assert holder.confirmed_at and not holder.waitlisted
    registered = mail.outbox[-1]
    assert "live/" in registered.body

    # Full: the next person joins the waiting list, confirmed by the same link.
    response = run(client.post, workshop.url + "register/", registration_data(email="b@x.example"))
    assert response.status_code == 302
    waiting = EventRegistration.objects.get(email="b@x.example")
    assert waiting.waitlisted
    invitation = mail.outbox[-1]
    assert "you are on the waiting list" in invitation.body and "cancel/" in invitation.body
    sent = len(mail.outbox)
    confirmed = run(client.post, link(invitation, "confirm"), follow=True)
    assert "You are on the waiting list." in confirmed.content.decode()
    assert len(mail.outbox) == sent  # no live-stream link while waiting
    waiting.refresh_from_db()
    assert waiting.confirmed_at and waiting.waitlisted

    # The holder's emailed cancel link opens a page with a button: following it cancels nothing.
    cancel = link(registered, "cancel")
    page = client.get(cancel)
    assert page.status_code == 200 and "Cancel my registration" in page.content.decode()
    assert EventRegistration.objects.filter(pk=holder.pk).exists()
    # The button: the place goes to the waiting list, and its first person is emailed.
    response = run(client.post, cancel)
    assert response.status_code == 302
    assert not EventRegistration.objects.filter(pk=holder.pk).exists()
    waiting.refresh_from_db()
    assert not waiting.waitlisted
    promoted = mail.outbox[-1]
    assert promoted.to == ["b@x.example"] and "live/" in promoted.body
    assert promoted.attachments  # the calendar file
    # The same link again: gone.
    assert client.post(cancel).status_code == 404


def test_leaving_the_waiting_list_promotes_nobody(client, run, workshop):
    holder = EventRegistration.objects.create(
        event=workshop,
        name="A",
        email="a@x.example",
        institution="X",
        country="FR",
        role="other",
        consent=True,
        confirmed_at=workshop.first_published_at,
    )
    run(client.post, workshop.url + "register/", registration_data(email="b@x.example"))
    waiting = EventRegistration.objects.get(email="b@x.example")
    assert waiting.waitlisted
    run(client.post, f"{workshop.url}confirm/{confirm_token(waiting)}/")
    page = client.get(f"{workshop.url}cancel/{cancel_token(waiting)}/").content.decode()
    assert "You leave the waiting list." in page
    run(client.post, f"{workshop.url}cancel/{cancel_token(waiting)}/")
    assert list(EventRegistration.objects.all()) == [holder]


@pytest.mark.parametrize("token", ["nonsense", "MTIz", "a" * 300], ids=range(3))
def test_a_bad_cancel_link_cancels_nothing(client, workshop, token):
    EventRegistration.objects.create(
        event=workshop,
        name="A",
        email="a@x.example",
        institution="X",
        country="FR",
        role="other",
        consent=True,
    )
    response = client.post(f"{workshop.url}cancel/{token}/")
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_another_events_cancel_link_cancels_nothing(client, events_index, workshop):
    other = event(events_index, "Other Event")
    registration = EventRegistration.objects.create(
        event=other,
        name="A",
        email="a@x.example",
        institution="X",
        country="FR",
        role="other",
        consent=True,
    )
    assert client.post(f"{workshop.url}cancel/{cancel_token(registration)}/").status_code == 404
    assert EventRegistration.objects.filter(pk=registration.pk).exists()
