import pytest
from django.core.exceptions import ValidationError

from members.models import Affiliation, InstitutionRole
from members.services import people as people_services


@pytest.mark.django_db
def test_a_role_change_moves_the_user_between_groups(world):
    a = world["institution_a"]
    staff = Affiliation.objects.get(user=world["staff_a"], institution=a)
    people_services.person_change_role(affiliation=staff, role=InstitutionRole.ADMIN, actor=None)
    names = set(world["staff_a"].groups.values_list("name", flat=True))
    assert names == {f"institution:{a.pk}:admin"}
    assert world["staff_a"].has_perm("members.manage_people", a)


@pytest.mark.django_db
def test_the_last_admin_cannot_be_demoted_or_removed(world):
    admin = Affiliation.objects.get(user=world["admin_a"], institution=world["institution_a"])
    with pytest.raises(ValidationError, match="at least one administrator"):
        people_services.person_change_role(
            affiliation=admin, role=InstitutionRole.EDITOR, actor=None
        )
    with pytest.raises(ValidationError, match="at least one administrator"):
        people_services.person_remove(affiliation=admin, actor=None)
    admin.refresh_from_db()
    assert admin.role == InstitutionRole.ADMIN


@pytest.mark.django_db
def test_an_admin_can_step_down_once_there_is_another(world):
    a = world["institution_a"]
    editor = Affiliation.objects.get(user=world["editor_a"], institution=a)
    people_services.person_change_role(affiliation=editor, role=InstitutionRole.ADMIN, actor=None)
    admin = Affiliation.objects.get(user=world["admin_a"], institution=a)
    people_services.person_remove(affiliation=admin, actor=None)
    assert not world["admin_a"].groups.filter(name__startswith=f"institution:{a.pk}:").exists()
    assert not world["admin_a"].has_perm("members.change_institution", a)


@pytest.mark.django_db
def test_the_last_admin_rule_shows_as_a_message(client, world):
    a = world["institution_a"]
    admin = Affiliation.objects.get(user=world["admin_a"], institution=a)
    client.force_login(world["admin_a"])
    response = client.post(
        f"/en/my-institution/{a.slug}/people/{admin.pk}/", {"role": "staff"}, follow=True
    )
    assert "at least one administrator" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == InstitutionRole.ADMIN


@pytest.mark.django_db
def test_an_unknown_role_is_refused(client, world):
    a = world["institution_a"]
    staff = Affiliation.objects.get(user=world["staff_a"], institution=a)
    client.force_login(world["admin_a"])
    response = client.post(
        f"/en/my-institution/{a.slug}/people/{staff.pk}/", {"role": "owner"}, follow=True
    )
    assert "Choose one of the roles" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == InstitutionRole.STAFF
