"""Course-sharing agreements: recorded by the offering institution's administrators, shown on
both profiles and in the catalog API (docs/programmes.md#course-sharing-agreements)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from wagtail.models import ModelLogEntry

from members.models import CourseSharingAgreement
from tests.api.conftest import course
from tests.members.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def courses(world):
    return {
        "ai": course(world["institution_a"], "Applied AI"),
        "water": course(world["institution_a"], "Water Engineering"),
        "b_course": course(world["institution_b"], "French Law"),
    }


def form(world, made, **changes):
    data = {
        "partner_institution": world["institution_b"].pk,
        "courses": [made["ai"].pk],
        "students": "Third-year engineering students",
        "credit_recognition": "full",
        "credits": "5",
        "starts_on": (TODAY - timedelta(days=30)).isoformat(),
        "ends_on": (TODAY + timedelta(days=300)).isoformat(),
    }
    data.update(changes)
    return data


def new_url(world):
    return reverse("members:agreement_new", args=[world["institution_a"].slug])


@pytest.mark.parametrize(
    ("role", "status"), [("admin_a", 200), ("editor_a", 403), ("staff_a", 403), ("admin_b", 403)]
)
def test_who_may_record_an_agreement_for_institution_a(client, world, role, status):
    assert client_for(client, world, role).get(new_url(world)).status_code == status


def test_the_agreement_shows_on_both_profiles_and_is_logged(client, world, courses):
    client.force_login(world["admin_a"])
    response = client.post(new_url(world), form(world, courses))
    assert response.status_code == 302
    agreement = CourseSharingAgreement.objects.get()
    assert list(agreement.courses.all()) == [courses["ai"]]
    assert agreement.recorded_by == world["admin_a"]
    assert ModelLogEntry.objects.filter(action="members.agreement.recorded").count() == 1
    client.logout()
    for institution in ("institution_a", "institution_b"):
        page = client.get(world[institution].get_absolute_url()).content.decode()
        assert "Course-sharing agreements" in page
        assert "Applied AI" in page
        assert "Third-year engineering students" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"courses": []}, "courses"),
        ({"ends_on": (TODAY - timedelta(days=60)).isoformat()}, "ends_on"),
        ({"credit_recognition": "some"}, "credit_recognition"),
        ({"starts_on": "yesterday"}, "starts_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, world, courses, change, field):
    client.force_login(world["admin_a"])
    response = client.post(new_url(world), form(world, courses, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CourseSharingAgreement.objects.exists()


def test_another_institutions_course_or_itself_as_partner_are_refused(client, world, courses):
    client.force_login(world["admin_a"])
    response = client.post(new_url(world), form(world, courses, courses=[courses["b_course"].pk]))
    assert response.status_code == 400
    response = client.post(
        new_url(world), form(world, courses, partner_institution=world["institution_a"].pk)
    )
    assert response.status_code == 400
    assert not CourseSharingAgreement.objects.exists()


def record(world, made, **changes):
    agreement = CourseSharingAgreement.objects.create(
        offering_institution=world["institution_a"],
        partner_institution=changes.pop("partner", world["institution_b"]),
        students="Engineering students",
        credit_recognition="partial",
        starts_on=changes.pop("starts_on", TODAY - timedelta(days=10)),
        ends_on=changes.pop("ends_on", None),
    )
    agreement.courses.set(changes.pop("courses", [made["ai"]]))
    return agreement


def test_the_api_shows_where_a_course_is_recognised(world, courses):
    record(world, courses)
    record(
        world, courses, starts_on=TODAY - timedelta(days=400), ends_on=TODAY - timedelta(days=40)
    )
    api = APIClient()
    body = api.get(f"/api/v1/courses/{courses['ai'].slug}/").json()
    assert body["recognised_at"] == [
        {
            "institution": world["institution_b"].slug,
            "name": "Institution B",
            "country": "FR",
            "credit_recognition": "partial",
            "credits": None,
            "starts_on": (TODAY - timedelta(days=10)).isoformat(),
            "ends_on": None,
        }
    ]
    listed = {
        row["slug"]: row["recognised_at"] for row in api.get("/api/v1/courses/").json()["results"]
    }
    assert len(listed[courses["ai"].slug]) == 1
    assert listed[courses["water"].slug] == []


def test_the_course_list_takes_a_fixed_number_of_queries(world, courses):
    api = APIClient()
    counts = []
    for n in range(3):
        record(world, courses, courses=[courses["ai"], courses["water"]])
        course(world["institution_a"], f"More {n}")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/courses/").status_code == 200
        counts.append(len(queries))
    # the catalog version, the page, institutions, runs, languages/SDGs/subjects, recognitions
    assert counts == [6, 6, 6]
