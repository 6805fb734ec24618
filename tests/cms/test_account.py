"""A person's own data and account: the download is theirs alone, the deletion goes through
members.services.people.user_delete (so its refusals show as messages)."""

import json

import pytest

from members.factories import ApplicationFactory, InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole, Payment, User
from tests.members.conftest import activate_membership


@pytest.fixture
def person(db):
    institution = InstitutionFactory(name="Andes Open University")
    user = affiliate(institution, InstitutionRole.STAFF, email="ana@andes.example")
    return user


def test_a_person_downloads_their_own_data_only(client, person):
    other = UserFactory(email="bo@example.org")
    client.force_login(other)
    mine = json.loads(client.get("/en/account/data/").content)
    assert mine["profile"]["email"] == "bo@example.org"
    assert mine["institution_roles"] == []

    ApplicationFactory(applicant=person, institution_name="Andes Open University")
    client.force_login(person)
    response = client.get("/en/account/data/")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ana@andes.example"
    assert data["institution_roles"][0]["institution__name"] == "Andes Open University"
    assert data["applications"][0]["institution_name"] == "Andes Open University"
    assert set(data) >= {
        "applications",
        "event_registrations",
        "pledges",
        "call_for_input_submissions",
        "project_participations",
        "project_updates",
        "project_comments",
    }


def test_anonymous_people_are_sent_to_sign_in(client, db):
    for url in ("/en/account/", "/en/account/data/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post("/en/account/delete/", {"email": "x@example.org"}).status_code == 302


def test_deleting_asks_for_the_email_and_post(client, person):
    client.force_login(person)
    assert client.get("/en/account/").status_code == 200
    assert client.get("/en/account/delete/").status_code == 405
    response = client.post("/en/account/delete/", {"email": "someone@else.example"})
    assert response.status_code == 400
    assert "not the email address of your account" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_the_last_administrator_is_refused_with_a_message(client, db):
    admin = affiliate(InstitutionFactory(name="Lagos Open University"), InstitutionRole.ADMIN)
    client.force_login(admin)
    response = client.post("/en/account/delete/", {"email": admin.email}, follow=True)
    assert "last administrator of Lagos Open University" in response.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


def test_deleting_ones_account_keeps_payments(client, person):
    payment = activate_membership(person.affiliations.get().institution)
    Payment.objects.filter(pk=payment.pk).update(created_by=person)
    client.force_login(person)
    response = client.post("/en/account/delete/", {"email": "ANA@andes.example"}, follow=True)
    assert "Your account has been deleted." in response.content.decode()
    assert not User.objects.filter(pk=person.pk).exists()
    payment.refresh_from_db()
    assert payment.created_by is None
    assert "_auth_user_id" not in client.session
