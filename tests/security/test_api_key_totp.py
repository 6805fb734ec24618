"""TOTP everywhere: a key of an account that must use TOTP (secretariat, superusers) works only
while TOTP is on; a member's key is unchanged (issue 12, part 13)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiKeyScope
from api.services import api_key_create
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import Course, InstitutionRole
from tests.members.conftest import activate_membership

pytestmark = pytest.mark.django_db

NEW_COURSE = {
    "title": "Written With A Key",
    "url": "https://edx.example.org/key",
    "platform": "edx",
    "languages": ["en"],
    "status": "published",
}


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def institution():
    institution = InstitutionFactory(name="Key University")
    activate_membership(institution)
    return institution


def owner(kind, settings, institution):
    if kind == "secretariat":
        user = UserFactory()
        user.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    elif kind == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = affiliate(institution, InstitutionRole.ADMIN)
    return user


def key_of(user, institution):
    raw = api_key_create(
        owner=user,
        name="Key",
        institution=institution,
        scopes=[ApiKeyScope.READ, ApiKeyScope.WRITE_COURSES],
    )[1]
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


@pytest.mark.parametrize("kind", ["secretariat", "superuser"])
def test_a_key_of_an_account_that_must_use_totp_works_with_totp(settings, institution, kind):
    auth = key_of(with_totp(owner(kind, settings, institution)), institution)
    api = APIClient()
    assert api.get("/api/v1/courses/", **auth).status_code == 200
    assert api.post("/api/v1/courses/", NEW_COURSE, format="json", **auth).status_code == 201


@pytest.mark.parametrize("kind", ["secretariat", "superuser"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_without_totp_the_key_is_refused_saying_why(settings, institution, kind, method):
    auth = key_of(owner(kind, settings, institution), institution)
    api = APIClient()
    if method == "get":
        response = api.get("/api/v1/courses/", **auth)
    else:
        response = api.post("/api/v1/courses/", NEW_COURSE, format="json", **auth)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "two-factor authentication" in response.json()["detail"]
    assert not Course.objects.filter(title=NEW_COURSE["title"]).exists()


def test_turning_totp_off_stops_the_key_and_on_again_restores_it(settings, institution):
    user = with_totp(owner("secretariat", settings, institution))
    auth = key_of(user, institution)
    api = APIClient()
    assert api.get("/api/v1/subjects/", **auth).status_code == 200
    Authenticator.objects.filter(user=user).delete()
    assert api.get("/api/v1/subjects/", **auth).status_code == 401
    with_totp(user)
    assert api.get("/api/v1/subjects/", **auth).status_code == 200


def test_recovery_codes_alone_are_not_totp(settings, institution):
    user = owner("secretariat", settings, institution)
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert APIClient().get("/api/v1/subjects/", **key_of(user, institution)).status_code == 401


def test_a_members_key_needs_no_totp(settings, institution):
    """No change for a member: their key works without TOTP, as before."""
    auth = key_of(owner("member", settings, institution), institution)
    api = APIClient()
    assert api.get("/api/v1/courses/", **auth).status_code == 200
    assert api.post("/api/v1/courses/", NEW_COURSE, format="json", **auth).status_code == 201
