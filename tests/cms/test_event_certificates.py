"""Attendance and certificates: the secretariat marks who attended on the registration's page in
the admin; the registrant downloads a PDF certificate in their language from their live-stream
page; anyone verifies it at a public address with its code."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from cms.models import EventRegistration
from cms.services import certificate_token, live_token
from members.factories import UserFactory
from tests.cms.conftest import event, page_editor
from tests.members.conftest import client_for

pytestmark = pytest.mark.django_db


def registration_in(conference, *, email="amina@university.example", **extra):
    from django.utils import timezone

    values = {
        "event": conference,
        "name": "Amina Diallo",
        "email": email,
        "institution": "Université Cheikh Anta Diop",
        "country": "SN",
        "role": "academic",
        "consent": True,
        "confirmed_at": timezone.now(),
        **extra,
    }
    return EventRegistration.objects.create(**values)


def attendance_url(registration) -> str:
    return reverse("event_registrations:attendance", args=[registration.pk])


def mark(client, registration, attended="yes"):
    return client.post(attendance_url(registration), {"attended": attended})


def certificate_url(registration) -> str:
    page = registration.event
    return page.url + page.reverse_subpage("certificate", args=[certificate_token(registration)])


def verify_url(code, language="en") -> str:
    with translation.override(language):
        return reverse("cms:certificate", args=[code])


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def title_x(content: bytes) -> float:
    starts = []
    PdfReader(io.BytesIO(content)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: starts.append(tm[4]) if text.strip() else 0
    )
    return starts[0]


def test_the_attendance_and_certificate_journey(client, world, conference):
    registration = registration_in(conference, language="fr")
    live = conference.url + conference.reverse_subpage("live", args=[live_token(registration)])
    assert "certificate" not in client.get(live).content.decode()
    assert client.get(certificate_url(registration)).status_code == 404

    secretariat = world["secretariat"]
    client.force_login(secretariat)
    inspect = client.get(reverse("event_registrations:inspect", args=[registration.pk]))
    assert attendance_url(registration) in inspect.content.decode()
    assert mark(client, registration).status_code == 302
    registration.refresh_from_db()
    code = registration.certificate_code
    assert registration.attended_at and len(code) == 12
    assert mark(client, registration).status_code == 302  # a double click: the same code
    registration.refresh_from_db()
    assert registration.certificate_code == code
    entry = ModelLogEntry.objects.get(action="cms.registration.attended")
    assert entry.user == secretariat and entry.data["person"] == registration.email

    client.logout()
    page = client.get(live).content.decode()
    assert certificate_url(registration) in page
    response = client.get(certificate_url(registration))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{code}.pdf"'
    text = pdf_text(response.content)
    assert "Amina Diallo" in text and conference.title in text and code in text
    assert f"/fr/certificates/{code}/" in text  # in the language registered in
    with translation.override("fr"):
        assert gettext("Institution") in text

    verified = client.get(verify_url(code.lower()))
    body = verified.content.decode()
    assert verified.status_code == 200
    assert "Amina Diallo" in body and conference.title in body and code in body
    assert str(conference.starts_at.astimezone(conference.zone).year) in body


def test_a_certificate_in_arabic_is_right_to_left(client, world, conference):
    english = registration_in(conference, email="en@x.example", language="en")
    arabic = registration_in(conference, email="ar@x.example", language="ar", name="أمينة")
    client.force_login(world["secretariat"])
    mark(client, english), mark(client, arabic)
    for registration in (english, arabic):
        registration.refresh_from_db()
    english_pdf = client.get(certificate_url(english)).content
    arabic_pdf = client.get(certificate_url(arabic)).content
    assert title_x(english_pdf) < 60 < 250 < title_x(arabic_pdf)
    with translation.override("ar"):
        assert gettext("Institution") in pdf_text(arabic_pdf)


@pytest.mark.parametrize(
    "role", ["anonymous", "no_institution", "staff_a", "editor_a", "admin_a", "admin_b"]
)
def test_only_the_secretariat_marks_attendance(client, world, conference, role):
    registration = registration_in(conference)
    response = mark(client_for(client, world, role), registration)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "sign-in" in response["Location"]
    registration.refresh_from_db()
    assert registration.attended_at is None and registration.certificate_code is None


def test_an_admin_user_outside_the_secretariat_is_refused(client, conference):
    """Into the admin (a page editor's access), but not the secretariat: the POST is refused with
    a 403 (alliance.admin_access), nothing marked."""
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    registration = registration_in(conference)
    client.force_login(editor)
    response = mark(client, registration)
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_a_superuser_marks_and_takes_back_attendance(client, conference):
    registration = registration_in(conference)
    client.force_login(page_editor())
    mark(client, registration)
    registration.refresh_from_db()
    code = registration.certificate_code
    assert client.get(verify_url(code)).status_code == 200
    mark(client, registration, attended="no")
    registration.refresh_from_db()
    assert registration.attended_at is None and registration.certificate_code is None
    assert client.get(verify_url(code)).status_code == 404
    assert client.get(certificate_url(registration)).status_code == 404
    assert ModelLogEntry.objects.filter(action="cms.registration.not_attended").count() == 1


def test_marking_is_a_post(client, world, conference):
    registration = registration_in(conference)
    client.force_login(world["secretariat"])
    assert client.get(attendance_url(registration)).status_code == 405
    registration.refresh_from_db()
    assert registration.attended_at is None


@pytest.mark.parametrize("state", [{"confirmed_at": None}, {"waitlisted": True}])
def test_only_a_confirmed_place_can_be_marked(client, world, conference, state):
    registration = registration_in(conference, **state)
    client.force_login(world["secretariat"])
    response = mark(client, registration)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended_at is None and registration.certificate_code is None
    assert not ModelLogEntry.objects.filter(action__startswith="cms.registration.").exists()


def test_an_unknown_code_says_so(client, world, conference):
    registration_in(conference)
    for code in ("NOPE", "0" * 12, "x" * 200):
        response = client.get(verify_url(code, "ar"))
        assert response.status_code == 404
        assert code in response.content.decode()


def test_a_certificate_token_opens_only_its_own_event(client, world, conference, events_index):
    other = event(events_index, "Other Forum")
    registration = registration_in(conference)
    client.force_login(world["secretariat"])
    mark(client, registration)
    registration.refresh_from_db()
    token = certificate_token(registration)
    assert (
        client.get(other.url + other.reverse_subpage("certificate", args=[token])).status_code
        == 404
    )
    assert client.get(conference.url + "certificate/bad-token/").status_code == 404
    live = live_token(registration)  # another salt: not a certificate
    assert client.get(conference.url + f"certificate/{live}/").status_code == 404
