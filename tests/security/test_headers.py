"""Issue 12, part 10: security headers on every answer, and help text rendered as text."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib.auth import password_validation

from members.factories import UserFactory


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/accounts/login/", "/api/v1/", "/en/no-such-page/"])
def test_the_site_allows_nothing_but_itself(client, path):
    policy = directives(client.get(path))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no other origin
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"]


@pytest.mark.django_db
def test_only_the_wagtail_admin_and_the_api_docs_allow_inline_code(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(superuser)

    admin = directives(client.get("/cms-admin/"))
    docs = directives(client.get("/api/docs/"))
    site = directives(client.get("/en/"))

    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert docs == site  # the API reference is a page of the site
    assert "'unsafe-inline'" not in site["script-src"] + site["style-src"]


@pytest.mark.django_db
def test_images_come_from_the_site_only_by_default(client):
    assert directives(client.get("/en/"))["img-src"] == ["'self'", "data:"]


@pytest.mark.django_db
def test_no_page_may_use_the_camera_microphone_or_location(client):
    policy = client.get("/en/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/api/v1/", "/healthz"])
def test_no_answer_names_a_server_version(client, path):
    response = client.get(path)
    assert not re.search(r"\d", response.get("Server", ""))
    assert "X-Powered-By" not in response


class QuestionForm(forms.Form):
    answer = forms.CharField(
        help_text='Say why. <script>alert("x")</script><a href="https://evil.example">here</a>'
    )
    password = forms.CharField(help_text=password_validation.password_validators_help_text_html())


def test_help_text_written_by_people_is_shown_as_text():
    html = QuestionForm()["answer"].as_field_group()

    assert "<script>" not in html and "<a href" not in html
    assert "Say why. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;a href=" in html


def test_help_text_that_django_marked_safe_keeps_its_markup():
    html = QuestionForm()["password"].as_field_group()
    assert "<ul><li>" in html
