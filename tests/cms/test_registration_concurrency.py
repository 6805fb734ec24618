"""Concurrent registrations on PostgreSQL: the event's capacity is never exceeded.

Skipped on other databases (SQLite serializes every writer, so it proves nothing there).
"""

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from cms.models import EventRegistration
from cms.services import cancel_token
from tests.cms.conftest import event, registration_data
from tests.members.test_dues_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the concurrency tests need PostgreSQL"
    ),
]


def test_the_last_place_goes_to_one_of_two_people_registering_at_once(events_index):
    summit = event(events_index, "Small Workshop", capacity=1)
    url = summit.url + "register/"

    def post(email):
        return lambda: Client().post(url, registration_data(email=email))

    responses = at_once(post("first@example.org"), post("second@example.org"))

    assert [r.status_code for r in responses] == [302, 302]
    # One holds the place, the other is on the waiting list.
    assert sorted(EventRegistration.objects.values_list("waitlisted", flat=True)) == [False, True]


def _registration(summit, email, **fields):
    return EventRegistration.objects.create(
        event=summit,
        name=email,
        email=email,
        institution="X",
        country="FR",
        role="other",
        consent=True,
        confirmed_at=timezone.now(),
        **fields,
    )


def test_a_double_click_on_cancel_promotes_one_person_from_the_waiting_list(events_index):
    summit = event(events_index, "Small Workshop", capacity=1)
    holder = _registration(summit, "holder@example.org")
    _registration(summit, "first@example.org", waitlisted=True)
    _registration(summit, "second@example.org", waitlisted=True)
    url = f"{summit.url}cancel/{cancel_token(holder)}/"
    client = Client()

    responses = at_once(lambda: client.post(url), lambda: client.post(url))

    assert sorted(r.status_code for r in responses) in ([200, 302], [302, 302], [302, 404])
    places = EventRegistration.objects.filter(waitlisted=False)
    assert list(places.values_list("email", flat=True)) == ["first@example.org"]
    assert EventRegistration.objects.get(email="second@example.org").waitlisted


def test_two_people_cancelling_at_once_promote_the_next_two(events_index):
    summit = event(events_index, "Small Workshop", capacity=2)
    holders = [_registration(summit, f"holder{n}@example.org") for n in range(2)]
    for n in range(3):
        _registration(summit, f"waiting{n}@example.org", waitlisted=True)

    def cancel(holder):
        return lambda: Client().post(f"{summit.url}cancel/{cancel_token(holder)}/")

    responses = at_once(*(cancel(holder) for holder in holders))

    assert [r.status_code for r in responses] == [302, 302]
    places = EventRegistration.objects.filter(waitlisted=False).order_by("email")
    assert list(places.values_list("email", flat=True)) == [
        "waiting0@example.org",
        "waiting1@example.org",
    ]
    assert EventRegistration.objects.get(email="waiting2@example.org").waitlisted


def test_the_same_person_registering_twice_at_once_is_registered_once(events_index):
    summit = event(events_index, "Open Forum")
    url = summit.url + "register/"

    def post():
        return Client().post(url, registration_data())

    responses = at_once(post, post)

    assert sorted(r.status_code for r in responses) == [302, 400]
    assert EventRegistration.objects.count() == 1
