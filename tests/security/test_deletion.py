"""Deleting an account keeps the rules: every institution keeps an administrator, kept records
are not cascaded away; the Wagtail admin deletes through the service."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from members.factories import ApplicationFactory, InstitutionFactory, UserFactory, affiliate
from members.models import Course, Institution, InstitutionRole, Tombstone, User
from members.services import institutions as institutions_services
from members.services import people as people_services
from projects.models import Participant
from projects.services import participant_add
from tests.api.conftest import course
from tests.cms.conftest import page_editor
from tests.members.conftest import activate_membership
from tests.projects.conftest import make_project


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Andes Open University")


def test_the_last_administrator_is_refused_with_the_reason(institution):
    admin = affiliate(institution, InstitutionRole.ADMIN)
    with pytest.raises(ValidationError, match="last administrator of Andes Open University"):
        people_services.user_delete(user=admin, actor=admin)
    assert User.objects.filter(pk=admin.pk).exists()


def test_an_administrator_with_a_second_one_is_deleted(institution):
    admin = affiliate(institution, InstitutionRole.ADMIN)
    other = affiliate(institution, InstitutionRole.ADMIN)
    people_services.user_delete(user=admin, actor=other)
    assert not User.objects.filter(pk=admin.pk).exists()
    assert institution.affiliations.get().user == other


def test_a_person_with_kept_records_is_refused(db):
    applicant = ApplicationFactory().applicant
    with pytest.raises(ValidationError, match="deactivate the account instead"):
        people_services.user_delete(user=applicant, actor=applicant)
    assert User.objects.filter(pk=applicant.pk).exists()


def test_the_admin_delete_goes_through_the_service(client, institution):
    client.force_login(page_editor())
    last, plain = affiliate(institution, InstitutionRole.ADMIN), UserFactory()

    response = client.post(f"/cms-admin/users/delete/{last.pk}/", follow=True)
    assert response.status_code == 200
    assert "last administrator" in response.content.decode()
    assert User.objects.filter(pk=last.pk).exists()

    client.post(f"/cms-admin/users/delete/{plain.pk}/")
    assert not User.objects.filter(pk=plain.pk).exists()


def test_the_last_lead_of_a_project_is_refused_with_the_project(institution):
    activate_membership(institution)
    lead = affiliate(institution, InstitutionRole.EDITOR)
    project = make_project(lead, institution, title="Open Science MOOCs")
    with pytest.raises(ValidationError, match="last lead of the project Open Science MOOCs"):
        people_services.user_delete(user=lead, actor=lead)
    assert User.objects.filter(pk=lead.pk).exists()

    second = affiliate(institution, InstitutionRole.STAFF)
    participant_add(project=project, user=second, role="lead", actor=lead)
    people_services.user_delete(user=lead, actor=second)
    assert not User.objects.filter(pk=lead.pk).exists()


def test_an_institution_with_payments_is_refused(institution):
    activate_membership(institution)
    with pytest.raises(ValidationError, match="Andes Open University has payments"):
        institutions_services.institution_delete(institution=institution, actor=None)
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_an_institution_whose_people_take_part_in_projects_is_refused(institution):
    other = InstitutionFactory(name="Lagos Open University")
    activate_membership(other)
    lead = affiliate(other, InstitutionRole.EDITOR)
    person = affiliate(institution, InstitutionRole.STAFF)
    Participant.objects.create(
        project=make_project(lead, other), user=person, institution=institution, role="viewer"
    )
    with pytest.raises(ValidationError, match="project participations"):
        institutions_services.institution_delete(institution=institution, actor=lead)
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_deleting_an_institution_takes_its_groups_and_only_offered_courses(institution):
    other = InstitutionFactory(name="Lagos Open University")
    own, shared = course(institution, "Own Course"), course(institution, "Shared Course")
    shared.institutions.add(other)
    affiliate(institution, InstitutionRole.ADMIN)
    institutions_services.institution_delete(institution=institution, actor=None)

    assert not Institution.objects.filter(pk=institution.pk).exists()
    assert not Group.objects.filter(name__startswith=f"institution:{institution.pk}:").exists()
    assert list(Course.objects.all()) == [shared]
    assert Tombstone.objects.filter(kind="course", uuid=own.uuid).count() == 1
    assert Tombstone.objects.filter(kind="institution", key=institution.slug).exists()


def test_the_admin_deletes_an_institution_through_the_service(client, institution):
    client.force_login(page_editor())
    paid, plain = InstitutionFactory(name="Paid University"), institution
    activate_membership(paid)

    response = client.post(f"/cms-admin/institutions/delete/{paid.pk}/", follow=True)
    assert "Paid University has payments" in response.content.decode()
    assert Institution.objects.filter(pk=paid.pk).exists()

    client.post(f"/cms-admin/institutions/delete/{plain.pk}/")
    assert not Institution.objects.filter(pk=plain.pk).exists()
