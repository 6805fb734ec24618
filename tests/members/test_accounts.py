import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from members.models import User

SIGNUP = "/accounts/signup/"
STRONG = "Open-Learning-4-All"


def signup(client, email="ada@uni.example", password=STRONG, password2=None, **extra):
    return client.post(
        SIGNUP,
        {"email": email, "password1": password, "password2": password2 or password},
        **extra,
    )


def confirmation_link():
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    return match.group(1)


def errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".errorlist"))


@pytest.mark.django_db
def test_signup_sends_a_verification_email_and_login_waits_for_it(client):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="ada@uni.example")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@uni.example"]

    client.logout()
    response = client.post("/accounts/login/", {"login": "ada@uni.example", "password": STRONG})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_confirming_the_email_verifies_it_and_signs_in(client):
    signup(client)
    link = confirmation_link()
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ada@uni.example").verified
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.django_db
def test_confirming_in_another_browser_verifies_without_signing_in(client):
    from django.test import Client

    signup(client)
    other = Client()
    response = other.post(confirmation_link())
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ada@uni.example").verified
    assert "_auth_user_id" not in other.session


@pytest.mark.django_db
def test_signup_remembers_the_language_it_happened_in(client):
    signup(client, HTTP_ACCEPT_LANGUAGE="fr")
    assert User.objects.get().preferred_language == "fr"
    assert "Confirmez" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body.lower()


@pytest.mark.django_db
def test_signup_with_a_taken_email_creates_nothing(client, user):
    """It answers as for a new address (tests/security/test_enumeration.py); the owner is told."""
    response = signup(client, email=user.email.upper())
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "too short"), ("password123", "too common"), ("8472619305", "entirely numeric")],
)
def test_signup_with_a_weak_password_creates_nothing(client, password, message):
    response = signup(client, password=password)
    assert response.status_code == 200
    assert message in errors(response)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_creates_nothing(client):
    response = signup(client, password2="Another-Pass-123")
    assert response.status_code == 200
    assert errors(response)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_with_an_invalid_email_creates_nothing(client):
    response = signup(client, email="not-an-email")
    assert response.status_code == 200
    assert "valid email" in errors(response)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_wrong_verification_link_verifies_nothing(client):
    signup(client)
    client.logout()
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert b"expired or is invalid" in response.content
    response = client.post("/accounts/confirm-email/not-a-real-key/")
    assert not EmailAddress.objects.filter(verified=True).exists()


@pytest.mark.django_db
def test_a_reused_verification_link_does_nothing_more(client):
    signup(client)
    link = confirmation_link()
    client.post(link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert b"expired or is invalid" in response.content
    assert client.post(link).status_code == 404
    assert "_auth_user_id" not in client.session
    assert EmailAddress.objects.filter(verified=True).count() == 1


@pytest.mark.django_db
def test_login_and_logout(client, user):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "alliance-demo-2020"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-one"})
    assert response.status_code == 200
    assert "not correct" in BeautifulSoup(response.content, "html.parser").get_text()


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_email_change_needs_the_new_address_verified(client, user):
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@uni.example"})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@uni.example").verified is False
    assert mail.outbox[-1].to == ["new@uni.example"]
