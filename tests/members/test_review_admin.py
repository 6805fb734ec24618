"""The secretariat reviews applications and manages institutions in the Wagtail admin."""

import re

import pytest

from members.factories import ApplicationFactory, InstitutionFactory
from members.models import ApplicationStatus, Institution
from members.services import institutions as institutions_services
from tests.members.conftest import client_for

ROLES = ["anonymous", "no_institution", "admin_a", "secretariat"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_sees_the_application_list(client, world, role):
    ApplicationFactory(institution_name="Pending College")
    response = client_for(client, world, role).get("/cms-admin/membership-applications/")
    if role == "secretariat":
        assert response.status_code == 200
        assert b"Pending College" in response.content
    else:
        assert response.status_code == 302


def test_the_list_filters_by_status(client, world):
    ApplicationFactory(institution_name="Open one")
    ApplicationFactory(institution_name="Rejected one", status=ApplicationStatus.REJECTED)
    client.force_login(world["secretariat"])
    content = client.get("/cms-admin/membership-applications/?status=rejected").content
    assert b"Rejected one" in content
    assert b"Open one" not in content


def test_the_detail_shows_duplicates_and_approve_creates_the_member(client, world):
    application = ApplicationFactory(institution_name="Institution A")
    application.possible_duplicates = [{"kind": "institution", "name": "Institution A", "id": 1}]
    application.save()
    client.force_login(world["secretariat"])
    detail = client.get(f"/cms-admin/membership-applications/inspect/{application.pk}/")
    assert b"Possible duplicate" in detail.content
    decide = f"/cms-admin/membership-applications/decide/{application.pk}/"
    # Asked once more, with what it does; nothing is decided yet.
    confirm = client.post(decide, {"decision": "approve"}).content.decode()
    assert "Approve the application?" in confirm
    assert 'name="confirmed" value="1"' in confirm
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(decide, {"decision": "approve", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.institution.affiliations.get().user == application.applicant


@pytest.mark.parametrize("role", ["no_institution", "admin_a"])
def test_others_cannot_decide(client, world, role):
    application = ApplicationFactory()
    response = client_for(client, world, role).post(
        f"/cms-admin/membership-applications/decide/{application.pk}/", {"decision": "approve"}
    )
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_detail_shows_values_as_people_read_them(client, world):
    application = ApplicationFactory(
        activities=["joint_teaching", "knowledge_sharing"], agreed_to_charter=True
    )
    client.force_login(world["secretariat"])
    html = client.get(f"/cms-admin/membership-applications/inspect/{application.pk}/")
    values = [
        " ".join(value.split())
        for value in re.findall(r"<dd[^>]*>(.*?)</dd>", html.content.decode(), re.S)
    ]
    assert "Joint teaching, Knowledge sharing" in values
    assert "Yes" in values  # agreed to the charter
    assert not [value for value in values if value in ("None", "True", "False", "")]
    assert not [value for value in values if "joint_teaching" in value or "[" in value]


def test_a_rejection_is_confirmed_with_its_reason(client, world):
    application = ApplicationFactory()
    client.force_login(world["secretariat"])
    decide = f"/cms-admin/membership-applications/decide/{application.pk}/"
    confirm = client.post(decide, {"decision": "reject", "reason": "Not an institution"})
    assert "Reject the application?" in confirm.content.decode()
    assert "Not an institution" in confirm.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(decide, {"decision": "reject", "reason": "Not an institution", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_reject_without_reason_says_so(client, world):
    application = ApplicationFactory()
    client.force_login(world["secretariat"])
    response = client.post(
        f"/cms-admin/membership-applications/decide/{application.pk}/",
        {"decision": "reject", "confirmed": "1"},
        follow=True,
    )
    assert b"reason for the decision" in response.content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_secretariat_edits_and_suspends_any_institution(client, world):
    institution = world["institution_b"]
    client.force_login(world["secretariat"])
    response = client.post(
        f"/cms-admin/institutions/suspend/{institution.pk}/", {"reason": "Dues unpaid"}
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.suspension_reason == "Dues unpaid"


@pytest.mark.parametrize("role", ["admin_a", "admin_b", "no_institution"])
def test_others_cannot_suspend(client, world, role):
    institution = world["institution_a"]
    client_for(client, world, role).post(
        f"/cms-admin/institutions/suspend/{institution.pk}/", {"reason": "x"}
    )
    institution.refresh_from_db()
    assert not institution.is_suspended


def test_creating_an_institution_in_the_admin_gives_it_role_groups(client, world):
    client.force_login(world["secretariat"])
    response = client.post(
        "/cms-admin/institutions/new/",
        {"name": "Admin Made University", "kind": "university", "country": "JP"},
    )
    assert response.status_code == 302, response.content[:2000]
    institution = Institution.objects.get(name="Admin Made University")
    assert institution.region == "asia_pacific"
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name__startswith=f"institution:{institution.pk}:").count() == 3


def test_the_audit_log_is_readable_and_filterable_by_the_secretariat(client, world):
    InstitutionFactory(name="Logged University")
    client.force_login(world["secretariat"])
    response = client.get("/cms-admin/reports/site-history/?action=members.institution.created")
    assert response.status_code == 200
    assert b"Logged University" in response.content


@pytest.fixture
def cms_editor(db):
    """Someone who may enter the CMS admin (a page editor) but is not of the secretariat."""
    from django.contrib.auth.models import Permission

    from members.factories import UserFactory

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return editor


@pytest.mark.parametrize("decision", ["review", "approve", "reject", "withdraw"])
def test_a_cms_editor_outside_the_secretariat_cannot_decide(client, world, cms_editor, decision):
    application = ApplicationFactory()
    client.force_login(cms_editor)
    response = client.post(
        f"/cms-admin/membership-applications/decide/{application.pk}/",
        {"decision": decision, "reason": "x", "confirmed": "1"},
    )
    assert response.status_code == 403  # refused, not sent to the dashboard
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reviewed_by is None


def test_a_cms_editor_outside_the_secretariat_cannot_suspend_or_reinstate(
    client, world, cms_editor
):
    active, suspended = world["institution_a"], world["institution_b"]
    institutions_services.institution_suspend(
        institution=suspended, actor=world["secretariat"], reason="Dues"
    )
    client.force_login(cms_editor)
    for institution in (active, suspended):
        response = client.post(
            f"/cms-admin/institutions/suspend/{institution.pk}/", {"reason": "x"}
        )
        assert response.status_code == 403  # refused, not sent to the dashboard
    active.refresh_from_db()
    suspended.refresh_from_db()
    assert not active.is_suspended
    assert suspended.is_suspended and suspended.suspension_reason == "Dues"


@pytest.mark.parametrize(
    "role, allowed",
    [("anonymous", False), ("no_institution", False), ("admin_a", False), ("secretariat", True)],
)
def test_only_the_secretariat_may_review_and_suspend(world, role, allowed):
    from django.contrib.auth.models import AnonymousUser

    from members import permissions

    user = world[role] or AnonymousUser()
    assert permissions.can_review_applications(user) is allowed
    assert permissions.can_suspend(user) is allowed


def test_a_deactivated_secretariat_member_may_neither_review_nor_suspend(world):
    from members import permissions

    user = world["secretariat"]
    user.is_active = False
    user.save()
    assert not permissions.can_review_applications(user)
    assert not permissions.can_suspend(user)
