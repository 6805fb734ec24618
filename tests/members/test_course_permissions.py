"""Course editing: every role over every action on a course of institution A."""

import pytest
from django.urls import reverse

from members.models import Course, Platform
from tests.members.conftest import activate_membership, client_for
from tests.members.test_catalog import make_course

ROLES = ["anonymous", "no_institution", "staff_a", "editor_a", "admin_a", "admin_b", "secretariat"]
ALLOWED = {"editor_a", "admin_a", "secretariat"}


def course_post(title="Edited title"):
    return {
        "title": title,
        "platform": Platform.objects.get(slug="edx").pk,
        "url": "https://edx.example.org/c",
        "languages": "en, fr",
        "fields": "0613, 0923",
        "status": "published",
        "is_free": "on",
        "runs-TOTAL_FORMS": "0",
        "runs-INITIAL_FORMS": "0",
    }


def check(response, role):
    if role in ALLOWED:
        assert response.status_code in (200, 302)
    elif role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_list(client, world, role):
    url = reverse("members:my_courses", args=[world["institution_a"].slug])
    check(client_for(client, world, role).get(url), role)


@pytest.mark.parametrize("role", ROLES)
def test_create(client, world, role):
    url = reverse("members:course_new", args=[world["institution_a"].slug])
    response = client_for(client, world, role).post(url, course_post("New course"))
    check(response, role)
    created = Course.objects.filter(title="New course", institutions=world["institution_a"])
    assert created.exists() == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_edit(client, world, role):
    course = make_course(world["institution_a"])
    url = reverse("members:course_edit", args=[world["institution_a"].slug, course.pk])
    response = client_for(client, world, role).post(url, course_post())
    check(response, role)
    course.refresh_from_db()
    assert (course.title == "Edited title") == (role in ALLOWED)
    if role in ALLOWED:
        assert set(course.fields.values_list("code", flat=True)) == {"0613", "0923"}


@pytest.mark.parametrize("role", ROLES)
def test_delete(client, world, role):
    course = make_course(world["institution_a"])
    url = reverse("members:course_delete", args=[world["institution_a"].slug, course.pk])
    check(client_for(client, world, role).post(url), role)
    assert Course.objects.filter(pk=course.pk).exists() == (role not in ALLOWED)


def test_admin_of_b_cannot_edit_a_course_of_a_through_b(client, world):
    course = make_course(world["institution_a"])
    activate_membership(world["institution_b"])  # B's admin may act at B
    client.force_login(world["admin_b"])
    url = reverse("members:course_edit", args=[world["institution_b"].slug, course.pk])
    assert client.post(url, course_post()).status_code == 404
    course.refresh_from_db()
    assert course.title != "Edited title"


def test_a_joint_course_is_editable_by_each_offering_institution(client, world):
    course = make_course(world["institution_a"])
    activate_membership(world["institution_b"])  # B's admin may act at B
    course.institutions.add(world["institution_b"])
    client.force_login(world["admin_b"])
    url = reverse("members:course_edit", args=[world["institution_b"].slug, course.pk])
    assert client.post(url, course_post()).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages", "english!", "not a BCP 47 language tag"),
        ("languages", "", "This field is required"),
        ("url", "not a url", "Enter a valid URL"),
        ("fields", "0613, 9876", "is not an ISCED-F 2013 code"),
    ],
)
def test_bad_course_input_is_refused_and_nothing_changes(client, world, field, value, message):
    client.force_login(world["editor_a"])
    url = reverse("members:course_new", args=[world["institution_a"].slug])
    response = client.post(url, {**course_post("Bad course"), field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Course.objects.filter(title="Bad course").exists()


def test_a_paid_course_needs_a_price(client, world):
    client.force_login(world["editor_a"])
    data = course_post("Paid course")
    del data["is_free"]
    response = client.post(reverse("members:course_new", args=[world["institution_a"].slug]), data)
    assert "needs its price" in response.content.decode()


def test_a_run_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world["editor_a"])
    data = {
        **course_post("Run course"),
        "runs-TOTAL_FORMS": "1",
        "runs-0-starts_at": "2027-03-01 10:00",
        "runs-0-ends_at": "2027-02-01 10:00",
        "runs-0-pacing": "self_paced",
    }
    response = client.post(reverse("members:course_new", args=[world["institution_a"].slug]), data)
    assert "end comes before the start" in response.content.decode()
    assert not Course.objects.filter(title="Run course").exists()
