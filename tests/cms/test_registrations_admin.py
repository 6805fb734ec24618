import pytest
from allauth.mfa.models import Authenticator

from cms.models import EventRegistration
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/cms-admin/event_registrations/"


@pytest.fixture
def registration(conference):
    return EventRegistration.objects.create(
        event=conference,
        name="Amina Diallo",
        email="amina@university.example",
        institution="UCAD",
        country="SN",
        role="academic",
        consent=True,
    )


def test_a_superuser_lists_and_exports_registrations_but_cannot_add_or_edit(client, registration):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(superuser)

    listing = client.get(URL)
    export = client.get(URL + "?export=csv")

    assert listing.status_code == 200
    assert "Amina Diallo" in listing.content.decode()
    assert "amina@university.example" in export.getvalue().decode()
    assert client.get(URL + "new/").status_code in (302, 403)
    assert client.get(f"{URL}edit/{registration.pk}/").status_code in (302, 403)


def test_a_person_without_the_permission_sees_nothing(client, registration):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Amina" not in response.content.decode()
