"""Every role over every action on institution A: allowed or denied, through the real views."""

import re

import pytest
from django.urls import reverse

from members import permissions
from members.models import Affiliation, Institution, InstitutionRole, Invitation
from tests.members.conftest import activate_membership, client_for

ROLES = [
    "anonymous",
    "no_institution",
    "staff_a",
    "editor_a",
    "admin_a",
    "admin_b",
    "secretariat",
]
# Which roles may do each action on institution A.
ALLOWED = {
    "view_profile": set(ROLES),
    "view_member_area": {"staff_a", "editor_a", "admin_a", "secretariat"},
    "edit_profile": {"editor_a", "admin_a", "secretariat"},
    "manage_people": {"admin_a", "secretariat"},
    "manage_courses": {"editor_a", "admin_a", "secretariat"},
    "manage_billing": {"admin_a", "secretariat"},
}
PERMISSIONS = {
    "view_member_area": "view_member_area",
    "edit_profile": "change_institution",
    "manage_people": "manage_people",
    "manage_courses": "manage_courses",
    "manage_billing": "manage_billing",
}
MATRIX = [(role, action) for action in ALLOWED for role in ROLES]


@pytest.mark.parametrize(("role", "action"), [(r, a) for r, a in MATRIX if a in PERMISSIONS])
def test_permission_checks(world, role, action):
    user = world[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    allowed = permissions.has_institution_perm(user, PERMISSIONS[action], world["institution_a"])
    assert allowed == (role in ALLOWED[action])


def _expect(response, role, allowed):
    if allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_view_profile(client, world, role):
    url = reverse("members:institution_detail", args=[world["institution_a"].slug])
    assert client_for(client, world, role).get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_view_member_area(client, world, role):
    url = reverse("members:my_institution", args=[world["institution_a"].slug])
    response = client_for(client, world, role).get(url)
    _expect(response, role, role in ALLOWED["view_member_area"])


@pytest.mark.parametrize("role", ROLES)
def test_edit_profile(client, world, role):
    institution = world["institution_a"]
    url = reverse("members:edit_profile", args=[institution.slug])
    client = client_for(client, world, role)
    _expect(client.get(url), role, role in ALLOWED["edit_profile"])
    response = client.post(
        url, {"name": "Renamed", "kind": "university", "country": "KE", "is_public": "on"}
    )
    _expect(response, role, role in ALLOWED["edit_profile"])
    institution.refresh_from_db()
    assert (institution.name == "Renamed") == (role in ALLOWED["edit_profile"])


@pytest.mark.parametrize("role", ROLES)
def test_manage_people_page_and_invitations(client, world, role):
    institution = world["institution_a"]
    url = reverse("members:people", args=[institution.slug])
    client = client_for(client, world, role)
    _expect(client.get(url), role, role in ALLOWED["manage_people"])
    response = client.post(url, {"email": "new.colleague@uni.example", "role": "editor"})
    _expect(response, role, role in ALLOWED["manage_people"])
    invited = Invitation.objects.filter(institution=institution).exists()
    assert invited == (role in ALLOWED["manage_people"])


@pytest.mark.parametrize("role", ROLES)
def test_change_role(client, world, role):
    institution = world["institution_a"]
    staff = Affiliation.objects.get(user=world["staff_a"], institution=institution)
    url = reverse("members:change_role", args=[institution.slug, staff.pk])
    response = client_for(client, world, role).post(url, {"role": "editor"})
    _expect(response, role, role in ALLOWED["manage_people"])
    staff.refresh_from_db()
    assert (staff.role == InstitutionRole.EDITOR) == (role in ALLOWED["manage_people"])


@pytest.mark.parametrize("role", ROLES)
def test_revoke_invitation(client, world, role):
    from members.services import invitations as invitations_services

    institution = world["institution_a"]
    invitation = invitations_services.invitation_create(
        institution=institution,
        email="x@uni.example",
        role="staff",
        actor=world["admin_a"],
        language="en",
    )
    url = reverse("members:invitation_action", args=[institution.slug, invitation.pk])
    response = client_for(client, world, role).post(url, {"revoke": "1"})
    _expect(response, role, role in ALLOWED["manage_people"])
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (role in ALLOWED["manage_people"])


def test_admin_of_b_cannot_reach_a_through_b_urls(client, world):
    """No cross-institution access by mixing the ids of A into the URLs of B."""
    a, b = world["institution_a"], world["institution_b"]
    staff_a = Affiliation.objects.get(user=world["staff_a"], institution=a)
    activate_membership(world["institution_b"])  # B's admin may act at B
    client.force_login(world["admin_b"])
    response = client.post(
        reverse("members:change_role", args=[b.slug, staff_a.pk]), {"role": "admin"}
    )
    assert response.status_code == 404
    staff_a.refresh_from_db()
    assert staff_a.role == InstitutionRole.STAFF


def test_role_groups_hold_the_object_permissions(world):
    from guardian.shortcuts import get_perms

    from members.models import InstitutionGroupObjectPermission

    a = world["institution_a"]
    assert set(get_perms(world["editor_a"], a)) == {
        "view_member_area",
        "change_institution",
        "manage_courses",
    }
    # Nothing is granted per user: only the three role groups of A hold rows for A.
    groups = set(
        InstitutionGroupObjectPermission.objects.filter(content_object=a).values_list(
            "group__name", flat=True
        )
    )
    assert groups == {f"institution:{a.pk}:{role}" for role in ("admin", "editor", "staff")}
    assert not world["editor_a"].user_permissions.exists()
    assert Institution.objects.count() == 2


TABS = {
    "Overview": "view_member_area",
    "Profile": "edit_profile",
    "Courses": "manage_courses",
    "People and roles": "manage_people",
    "Membership": "manage_billing",
    "Log": "manage_people",  # the institution's own audit log: its administrators
    "Reports and agreements": "manage_people",  # while it may edit its profile, not suspended
}


@pytest.mark.parametrize("role", ["staff_a", "editor_a", "admin_a", "secretariat"])
def test_my_institution_shows_only_the_tabs_the_role_may_open(client, world, role):
    response = client_for(client, world, role).get(
        reverse("members:my_institution", args=[world["institution_a"].slug])
    )
    nav = re.search(r'<nav class="tabs".*?</nav>', response.content.decode(), re.S).group(0)
    shown = set(re.findall(r"<a [^>]*>([^<]+)</a>", nav))
    assert shown == {tab for tab, action in TABS.items() if role in ALLOWED[action]}
