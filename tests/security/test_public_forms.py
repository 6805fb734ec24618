"""Public forms under abuse (issue 12, part 7): event registration has the honeypot and the limit
per address of the call for input and campaigns; every limit counts successes only; a seat is
held only for a confirmed email address, or for REGISTRATION_HOLD."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cms.models import EventRegistration, Pledge, Submission
from cms.models.event import REGISTRATION_HOLD
from cms.services import confirm_token, live_token
from cms.spam import RATE_LIMIT, success_limit
from tests.cms import conftest as cms
from tests.cms.test_consultation import form_data
from tests.e2e.helpers import link_path

pytestmark = pytest.mark.django_db

# The website tests' fixtures.
home, events_index, campaign, consultation = (
    cms.home,
    cms.events_index,
    cms.campaign,
    cms.consultation,
)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Counts start from zero in each test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def webinar(events_index):
    return cms.event(events_index, "Webinar", capacity=10)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST from an address; the tasks queued on commit (the emails) run."""

    def post(url, data, address="203.0.113.7"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR=address)

    return post


def _register(post, page, n, address="203.0.113.7", **data):
    data = {"email": f"person{n}@campus.example", **data}
    return post(page.url + "register/", cms.registration_data(**data), address)


def _confirm(client, django_capture_on_commit_callbacks, registration):
    path = f"{registration.event.url}confirm/{confirm_token(registration)}/"
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path)


# The limit per address -----------------------------------------------------------------------


def test_one_address_cannot_take_every_seat_in_a_burst(post, webinar):
    statuses = [_register(post, webinar, n).status_code for n in range(10)]
    assert statuses == [302] * RATE_LIMIT + [429] * (10 - RATE_LIMIT)
    assert EventRegistration.objects.count() == RATE_LIMIT
    refused = _register(post, webinar, 99)
    assert "Too many registrations from your network" in refused.content.decode()
    # Another address still registers; the places the burst did not take are free.
    assert _register(post, webinar, 100, address="198.51.100.1").status_code == 302


def test_the_limit_is_per_event(post, webinar, events_index):
    other = cms.event(events_index, "Workshop")
    for n in range(RATE_LIMIT):
        _register(post, webinar, n)
    assert _register(post, webinar, 50).status_code == 429
    assert _register(post, other, 50).status_code == 302


@pytest.mark.parametrize(
    "bad",
    [{"consent": ""}, {"email": "not-an-email"}, {"website": "http://spam.example"}],
    ids=["no-consent", "bad-email", "honeypot"],
)
def test_failed_registrations_do_not_count(post, webinar, bad):
    for n in range(3 * RATE_LIMIT):
        assert _register(post, webinar, n, **bad).status_code == 400
    assert not EventRegistration.objects.exists() and not mail.outbox
    statuses = [_register(post, webinar, n).status_code for n in range(RATE_LIMIT + 1)]
    assert statuses == [302] * RATE_LIMIT + [429]


def test_a_duplicate_does_not_count_and_a_full_event_takes_a_waiting_list(post, events_index):
    small = cms.event(events_index, "Small", capacity=1)
    assert _register(post, small, 0).status_code == 302
    assert _register(post, small, 1).status_code == 302  # full: on the waiting list
    for _ in range(2 * RATE_LIMIT):
        assert _register(post, small, 0).status_code == 400  # already waiting for its link
        assert _register(post, small, 1).status_code == 400
    assert EventRegistration.objects.count() == 2
    assert EventRegistration.objects.get(email="person1@campus.example").waitlisted


def test_the_honeypot_refuses_and_writes_nothing(post, webinar):
    response = _register(post, webinar, 0, website="http://spam.example")
    assert response.status_code == 400
    assert "This form could not be sent" in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_the_campaign_counts_successes_only(post, campaign):
    url = "/en/open-learning-for-all/"
    for n in range(3 * RATE_LIMIT):  # refused: honeypot, then a duplicate address
        assert (
            post(url, {"name": "X", "email": f"x{n}@a.example", "website": "y"}).status_code == 400
        )
    assert not Pledge.objects.exists()
    assert post(url, {"name": "Li", "email": "li@a.example", "consent": "on"}).status_code == 302
    for _ in range(2 * RATE_LIMIT):
        assert (
            post(url, {"name": "Li", "email": "li@a.example", "consent": "on"}).status_code == 400
        )
    statuses = [
        post(url, {"name": "P", "email": f"p{n}@a.example", "consent": "on"}).status_code
        for n in range(RATE_LIMIT)
    ]
    assert statuses == [302] * (RATE_LIMIT - 1) + [429]
    assert Pledge.objects.count() == RATE_LIMIT


def test_the_call_for_input_counts_successes_only(post, consultation):
    url = consultation.url
    for _ in range(3 * RATE_LIMIT):
        assert post(url, form_data(consultation, consent="")).status_code == 400
    statuses = [post(url, form_data(consultation)).status_code for _ in range(RATE_LIMIT + 1)]
    assert statuses == [302] * RATE_LIMIT + [429]
    assert Submission.objects.count() == RATE_LIMIT


def test_simultaneous_attempts_cannot_pass_the_limit(rf):
    """Places are reserved before the action: N+1 requests in flight at once, N get through."""
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    held = [success_limit(request, "burst") for _ in range(RATE_LIMIT + 1)]
    assert [limit.allowed for limit in held] == [True] * RATE_LIMIT + [False]
    for limit in held[:-1]:
        with limit:
            pass  # every one of them failed: their places come back
    with held[-1]:
        pass
    with success_limit(request, "burst") as again:
        assert again.allowed
        again.succeeded()


# Seats: held for a confirmation, then released -----------------------------------------------


def _age(registration, delta):
    EventRegistration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - delta)


def test_a_pending_seat_is_released_after_the_hold(post, client, events_index):
    small = cms.event(events_index, "Small", capacity=1)
    _register(post, small, 0)
    pending = EventRegistration.objects.get()
    assert "join the waiting list" in client.get(small.url).content.decode()

    _age(pending, REGISTRATION_HOLD + datetime.timedelta(minutes=1))
    assert "join the waiting list" not in client.get(small.url).content.decode()
    assert _register(post, small, 1).status_code == 302
    taken = EventRegistration.objects.get()
    assert taken.email == "person1@campus.example"  # the expired one gave its address back too
    assert not taken.waitlisted
    # The first person's link no longer works: they are told to register again.
    response = client.get(f"{small.url}confirm/{confirm_token(pending)}/")
    assert response.status_code == 404
    assert "no longer valid" in response.content.decode()


def test_a_seat_is_kept_within_the_hold(post, client, events_index):
    small = cms.event(events_index, "Small", capacity=1)
    _register(post, small, 0)
    _age(EventRegistration.objects.get(), REGISTRATION_HOLD - datetime.timedelta(minutes=1))
    assert _register(post, small, 1).status_code == 302
    assert EventRegistration.objects.get(email="person1@campus.example").waitlisted


def test_a_late_confirmation_works_while_a_place_is_free(
    post, client, events_index, django_capture_on_commit_callbacks
):
    small = cms.event(events_index, "Small", capacity=2)
    _register(post, small, 0)
    late = EventRegistration.objects.get()
    _age(late, REGISTRATION_HOLD * 2)
    assert _confirm(client, django_capture_on_commit_callbacks, late).status_code == 302
    late.refresh_from_db()
    assert late.confirmed_at is not None


def test_a_late_confirmation_is_refused_once_the_place_is_taken(
    post, client, events_index, django_capture_on_commit_callbacks
):
    small = cms.event(events_index, "Small", capacity=1)
    _register(post, small, 0)
    late = EventRegistration.objects.get()
    _age(late, REGISTRATION_HOLD * 2)
    # Meanwhile someone else has confirmed the only place.
    other = EventRegistration.objects.create(
        event=small,
        name="B",
        email="b@x.example",
        institution="X",
        country="FR",
        role="other",
        consent=True,
        confirmed_at=timezone.now(),
    )
    response = _confirm(client, django_capture_on_commit_callbacks, late)
    assert response.status_code == 400
    assert "This event is full now" in response.content.decode()
    late.refresh_from_db()
    assert late.confirmed_at is None and other.confirmed_at


# Confirmation is needed --------------------------------------------------------------------------


def test_the_live_link_and_calendar_come_only_after_confirmation(
    post, client, webinar, django_capture_on_commit_callbacks
):
    _register(post, webinar, 0)
    registration = EventRegistration.objects.get()
    (link,) = mail.outbox
    assert "live/" not in link.body and not link.attachments
    assert client.get(f"{webinar.url}live/{live_token(registration)}/").status_code == 404

    path = link_path(link.body, r"/en/events/webinar/confirm/[\w-]+/")
    assert client.get(path).status_code == 200  # a mail scanner's GET confirms nothing
    registration.refresh_from_db()
    assert registration.confirmed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"{webinar.url}live/{live_token(registration)}/"
    confirmation = mail.outbox[-1]
    assert confirmation.attachments[0][0] == "event.ics"
    assert f"{webinar.url}live/" in confirmation.body
    assert client.get(response["Location"]).status_code == 200
    # Confirming again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    assert len(mail.outbox) == 2


def test_forged_and_foreign_confirmation_links_confirm_nothing(post, client, webinar, events_index):
    other = cms.event(events_index, "Workshop")
    _register(post, webinar, 0)
    registration = EventRegistration.objects.get()
    token = confirm_token(registration)
    for path in (
        f"{webinar.url}confirm/{token}x/",
        f"{webinar.url}confirm/{registration.pk}/",
        f"{webinar.url}confirm/{live_token(registration)}/",
        f"{other.url}confirm/{token}/",
    ):
        assert client.post(path).status_code == 404
    registration.refresh_from_db()
    assert registration.confirmed_at is None
