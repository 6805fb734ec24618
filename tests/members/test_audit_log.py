"""The audit log with details: who did what to which object, each changed field before and
after, in the secretariat's history and in the institution's own log (its admins), and its
formula-safe CSV export."""

import csv
import io

import pytest
from django.utils import translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from members.models import Affiliation, InstitutionRole
from members.selectors import audit_log_of
from members.services import courses as courses_services
from members.services import institutions as institutions_services
from members.services import people as people_services
from tests.members.conftest import client_for
from tests.members.test_catalog import make_course

LOG = "/en/my-institution/{slug}/log/"


def change_role_and_name(world):
    institution = world["institution_a"]
    affiliation = Affiliation.objects.get(user=world["editor_a"], institution=institution)
    people_services.person_change_role(
        affiliation=affiliation, role=InstitutionRole.ADMIN, actor=world["admin_a"]
    )
    institutions_services.institution_update(
        institution=institution, user=world["admin_a"], data={"name": "Université A"}
    )


@pytest.mark.django_db
def test_the_history_says_whose_role_changed_and_from_what_to_what(world):
    change_role_and_name(world)
    role = ModelLogEntry.objects.get(action="members.person.role_changed")
    assert role.message == (
        f"Role changed; Person: {world['editor_a'].email}; Role: Editor → Administrator"
    )
    profile = ModelLogEntry.objects.get(action="members.institution.updated")
    assert profile.message == "Institution profile updated; Name: Institution A → Université A"
    with translation.override("fr"):  # in the reader's language, not the actor's
        assert "Administrateur" in ModelLogEntry.objects.get(pk=role.pk).message


@pytest.mark.django_db
def test_a_course_update_records_each_changed_field(world):
    course = make_course(world["institution_a"], title="Open data")
    courses_services.course_update(
        course=course,
        actor=world["admin_a"],
        data={"title": "Open data 101", "level": course.level},
    )
    entry = ModelLogEntry.objects.get(action="members.course.updated")
    assert entry.data["changes"] == {"title": ["Open data", "Open data 101"]}
    assert "Title: Open data → Open data 101" in entry.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("no_institution", 403),
        ("staff_a", 403),
        ("editor_a", 403),
        ("admin_b", 403),  # another institution's administrator
        ("admin_a", 200),
        ("secretariat", 200),
    ],
)
def test_only_the_institution_s_admins_and_the_secretariat_read_its_log(
    client, world, role, status
):
    institution = world["institution_a"]
    institutions_services.institution_update(
        institution=institution, user=world["admin_a"], data={"name": "Université A"}
    )
    client_for(client, world, role)
    for url in [
        LOG.format(slug=institution.slug),
        f"/en/my-institution/{institution.slug}/log.csv",
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert ("Institution A → Université A" in response.content.decode()) == (status == 200)


@pytest.mark.django_db
def test_the_log_page_shows_the_details_and_the_tab(client, world):
    change_role_and_name(world)
    client.force_login(world["admin_a"])
    html = client.get(LOG.format(slug=world["institution_a"].slug)).content.decode()
    assert "Role: Editor → Administrator" in html
    assert "Name: Institution A → Université A" in html
    assert 'aria-current="page">Log</a>' in html
    other = client.get(LOG.format(slug=world["institution_b"].slug))
    assert other.status_code == 403


@pytest.mark.django_db
def test_the_log_page_works_in_a_process_that_has_not_read_the_actions_yet(
    client, world, monkeypatch
):
    change_role_and_name(world)
    # A new worker: its registry is empty until something scans the wagtail_hooks.
    monkeypatch.setattr(log_registry, "formatters", {})
    monkeypatch.setattr(log_registry, "choices", [])
    monkeypatch.setattr(log_registry, "has_scanned_for_actions", False)
    client.force_login(world["admin_a"])
    response = client.get(LOG.format(slug=world["institution_a"].slug))
    assert response.status_code == 200
    assert "Change role" in response.content.decode()


@pytest.mark.django_db
def test_the_csv_is_formula_safe(client, world):
    admin = world["admin_a"]
    admin.first_name, admin.last_name = "=HYPERLINK(1)", ""
    admin.save()
    change_role_and_name(world)
    client.force_login(admin)
    response = client.get(f"/en/my-institution/{world['institution_a'].slug}/log.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date and time (UTC)", "Person", "Action", "Details"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == "Update institution"
    assert rows[1][3] == "Name: Institution A → Université A"


@pytest.mark.django_db
def test_the_log_takes_one_query_whatever_its_length(world, django_assert_num_queries):
    institution = world["institution_a"]
    institutions_services.institution_update(
        institution=institution, user=world["admin_a"], data={"name": "X"}
    )
    with django_assert_num_queries(1):
        few = list(audit_log_of(institution=institution))
    for number in range(10):
        institutions_services.institution_update(
            institution=institution, user=world["admin_a"], data={"name": f"N{number}"}
        )
    with django_assert_num_queries(1):
        many = list(audit_log_of(institution=institution))
    assert len(many) > len(few)
    assert all(entry.object_id == str(institution.pk) for entry in many)


@pytest.mark.django_db
def test_the_secretariat_s_site_history_shows_the_details(client, world):
    change_role_and_name(world)
    client.force_login(world["secretariat"])
    html = client.get("/cms-admin/reports/site-history/").content.decode()
    assert "Role: Editor → Administrator" in html
    assert "Name: Institution A → Université A" in html
