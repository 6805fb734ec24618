import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from members.factories import UserFactory


@pytest.fixture
def secretariat_user(settings):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)[0])
    return user


def with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.django_db
def test_secretariat_without_totp_is_sent_to_set_it_up(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # Setting it up stays reachable (allauth asks for the password again first).
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")


@pytest.mark.django_db
def test_secretariat_cannot_reach_the_cms_admin_without_totp(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/cms-admin/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_secretariat_with_totp_goes_on(client, secretariat_user):
    client.force_login(with_totp(secretariat_user))
    assert client.get("/en/").status_code == 200


@pytest.mark.django_db
def test_superuser_without_totp_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/django-admin/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_other_users_need_no_totp(client, user):
    client.force_login(user)
    assert client.get("/en/").status_code == 200


@pytest.mark.django_db
def test_login_asks_for_the_code_when_totp_is_on(client, secretariat_user):
    with_totp(secretariat_user)
    response = client.post(
        "/accounts/login/", {"login": secretariat_user.email, "password": "alliance-demo-2020"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
