"""Concurrent registrations on PostgreSQL: the event's capacity is never exceeded.

Skipped on other databases (SQLite serializes every writer, so it proves nothing there).
"""

import pytest
from django.db import connection
from django.test import Client

from cms.models import EventRegistration
from tests.cms.conftest import event, registration_data
from tests.members.test_dues_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
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

    assert sorted(r.status_code for r in responses) == [302, 400]
    assert EventRegistration.objects.count() == 1


def test_the_same_person_registering_twice_at_once_is_registered_once(events_index):
    summit = event(events_index, "Open Forum")
    url = summit.url + "register/"

    def post():
        return Client().post(url, registration_data())

    responses = at_once(post, post)

    assert sorted(r.status_code for r in responses) == [302, 400]
    assert EventRegistration.objects.count() == 1
