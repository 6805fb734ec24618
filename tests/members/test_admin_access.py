import pytest
from allauth.mfa.models import Authenticator

from members.factories import UserFactory


@pytest.mark.django_db
def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")
    assert client.get(response["Location"])["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_who_are_not_superusers_are_kept_out_of_the_django_admin(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_superusers_with_totp_reach_the_django_admin(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(superuser)
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_cms_admin_is_closed_to_people_without_access(client, user):
    client.force_login(user)
    response = client.get("/cms-admin/", follow=True)
    assert response.status_code == 403
    assert "No access to the administration" in response.content.decode()
