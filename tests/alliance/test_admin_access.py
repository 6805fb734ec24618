"""Both admins: anonymous people sign in once; everyone else gets in or is told they cannot."""

import pytest
from allauth.mfa.models import Authenticator

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db

DENIED = "No access to the administration"


@pytest.fixture
def people(settings):
    institution = InstitutionFactory()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return {
        "no_institution": UserFactory(),
        "staff": affiliate(institution, InstitutionRole.STAFF),
        "editor": affiliate(institution, InstitutionRole.EDITOR),
        "admin": affiliate(institution, InstitutionRole.ADMIN),
        "secretariat": secretariat_member(settings),
        "superuser": superuser,
    }


@pytest.mark.parametrize("path", ["/cms-admin/", "/cms-admin/pages/", "/django-admin/"])
def test_anonymous_people_go_to_the_sign_in_page_once(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    final, _status = response.redirect_chain[-1]
    assert final.startswith("/accounts/login/?next=")
    assert [url for url, _ in response.redirect_chain].count(final) == 1
    assert "/accounts/login/" not in response.redirect_chain[0][0]  # then the admin's step


CMS_ADMIN = {"secretariat": 200, "superuser": 200}
DJANGO_ADMIN = {"superuser": 200}
ROLES = ["no_institution", "staff", "editor", "admin", "secretariat", "superuser"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("path", "allowed"), [("/cms-admin/", CMS_ADMIN), ("/django-admin/", DJANGO_ADMIN)]
)
def test_every_role_gets_in_or_a_page_saying_it_cannot(client, people, role, path, allowed):
    user = people[role]
    client.force_login(user)

    response = client.get(path, follow=True)  # the test client raises on a redirect loop

    if role in allowed:
        assert response.status_code == 200
        assert DENIED not in response.content.decode()
        return
    assert response.status_code == 403
    html = response.content.decode()
    assert DENIED in html
    assert f"You are signed in as {user.email}" in html
    assert 'href="/"' in html and 'action="/accounts/logout/"' in html
    assert '<html lang="en"' in html  # the site's layout
    if role == "secretariat":  # sent to the admin that is theirs
        assert 'href="/cms-admin/"' in html


def test_the_sign_in_step_never_sends_people_off_the_site(client, people):
    assert client.get("/admin-sign-in/?next=https://evil.example/").url == (
        "/accounts/login/?next=/cms-admin/"
    )
    client.force_login(people["staff"])
    assert client.get("/admin-sign-in/?next=https://evil.example/").status_code == 403


@pytest.mark.parametrize(
    ("role", "path"), [("secretariat", "/cms-admin/"), ("superuser", "/django-admin/")]
)
def test_the_sign_in_step_lets_those_with_access_through(client, people, role, path):
    client.force_login(people[role])
    response = client.get(f"/admin-sign-in/?next={path}")
    assert (response.status_code, response.url) == (302, path)
