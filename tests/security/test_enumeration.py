"""Issue 12, part 11: sign-up and password reset do not tell who has an account."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from members.factories import UserFactory
from members.models import User

KNOWN, UNKNOWN = "known@uni.example", "nobody@uni.example"
PASSWORD = "Correct-Horse-Battery-42"


def answer(client, path, data, email):
    """What the visitor sees: status, where it leads, and the text of the page it leads to
    (the address they typed left out)."""
    response = client.post(path, data)
    location = response.get("Location", "")
    page = client.get(location) if location else response
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text().split())
    return response.status_code, location, text.replace(email, "<address>")


def sign_up(client, email):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    return answer(client, "/accounts/signup/", data, email)


def reset(client, email):
    return answer(client, "/accounts/password/reset/", {"email": email}, email)


@pytest.fixture
def known(db):
    return UserFactory(email=KNOWN)


def test_signing_up_answers_the_same_for_a_known_and_an_unknown_address(client, known):
    taken = sign_up(client, KNOWN)
    client.cookies.clear()
    free = sign_up(client, UNKNOWN)

    assert taken == free
    assert taken[0] == 302 and "Verify your email address" in taken[2]
    assert User.objects.filter(email__iexact=KNOWN).count() == 1  # no second account
    # Each address hears by email: the owner that it has an account, the new one a link.
    assert sorted(message.to[0] for message in mail.outbox) == [KNOWN, UNKNOWN]
    to_known = next(message for message in mail.outbox if message.to == [KNOWN])
    assert "/accounts/confirm-email/" not in to_known.body


def test_resetting_a_password_answers_the_same_for_a_known_and_an_unknown_address(client, known):
    for_known = reset(client, KNOWN)
    for_unknown = reset(client, UNKNOWN)

    assert for_known == for_unknown
    assert for_known[0] == 302
    assert [message.to for message in mail.outbox] == [[KNOWN], [UNKNOWN]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


@pytest.mark.parametrize("flow", [sign_up, reset])
def test_without_the_setting_the_answers_would_tell(client, known, settings, flow):
    """The comparison above can fail: allauth's default-off behaviour gives the address away."""
    settings.ACCOUNT_PREVENT_ENUMERATION = False
    assert flow(client, KNOWN) != flow(client, UNKNOWN)
