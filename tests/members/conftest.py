import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole


def secretariat_member(settings) -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def world(db, settings):
    """Institutions A and B, and one person in each role the matrix walks."""
    a = InstitutionFactory(name="Institution A", country="KE")
    b = InstitutionFactory(name="Institution B", country="FR")
    return {
        "institution_a": a,
        "institution_b": b,
        "anonymous": None,
        "no_institution": UserFactory(),
        "staff_a": affiliate(a, InstitutionRole.STAFF),
        "editor_a": affiliate(a, InstitutionRole.EDITOR),
        "admin_a": affiliate(a, InstitutionRole.ADMIN),
        "admin_b": affiliate(b, InstitutionRole.ADMIN),
        "secretariat": secretariat_member(settings),
    }


def client_for(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    return client
