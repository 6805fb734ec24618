"""Part 9 of issue 12: every CSV and Excel export is formula-safe (alliance.exports).

Each export is downloaded from its real address by a role that may download it, with a value
starting with each formula character in it, and refused to a role that may not.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from alliance.exports import safe_cell
from cms.models import EventRegistration, Submission
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from projects.models import ProjectKind, Training
from tests.api.conftest import course
from tests.cms.conftest import (  # noqa: F401
    conference,
    consultation,
    events_index,
    home,
    page_editor,
)
from tests.members.conftest import fees, world  # noqa: F401
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = [f'{prefix}HYPERLINK("https://evil.example","Click")' for prefix in PREFIXES]
SAFE = {"'" + payload for payload in PAYLOADS}


def csv_rows(response) -> list[list[str]]:
    content = response.getvalue() if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(response) -> list[list]:
    """The cells of the first sheet; a CR reads back as LF (XML normalizes line ends), so it is
    turned back here."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return [
        [cell.replace("\n", "\r") if isinstance(cell, str) else cell for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def cells(rows) -> set:
    return {cell for row in rows for cell in row}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_cell_gets_an_apostrophe(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Université", "1+1", "a=b", "", "'quoted", 42, None])
def test_other_values_stay_as_they_are(value):
    assert safe_cell(value) == value


# Members' and projects' exports ------------------------------------------------------------


@pytest.fixture
def trainings(world):  # noqa: F811
    lead = affiliate(world["institution_a"], InstitutionRole.EDITOR)
    project = make_project(
        lead, world["institution_a"], title="Capacity", kind=ProjectKind.CAPACITY_BUILDING
    )
    for payload in PAYLOADS:
        Training.objects.create(
            project=project,
            kind="training",
            title=payload,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 5, 2),
            country="KE",
            outcomes=payload,
        )
    return {"lead": lead, "url": reverse("projects:trainings_report", args=[project.slug])}


def test_the_trainings_csv_is_safe(client, trainings):
    client.force_login(trainings["lead"])
    rows = csv_rows(client.get(trainings["url"]))
    assert {row[1] for row in rows[1:]} == SAFE
    assert {row[10] for row in rows[1:]} == SAFE


def test_the_trainings_csv_is_refused_outside_the_project(client, world, trainings):  # noqa: F811
    client.force_login(world["admin_b"])
    response = client.get(trainings["url"])
    assert response.status_code == 404
    assert "HYPERLINK" not in response.content.decode()


@pytest.fixture
def dues_world(world, fees):  # noqa: F811
    for payload in PAYLOADS:
        InstitutionFactory(name=payload)
    return world


def test_the_dues_csv_is_safe(client, dues_world):
    client.force_login(dues_world["secretariat"])
    rows = csv_rows(client.get("/cms-admin/dues_report/?format=csv"))
    assert {row[0] for row in rows[1:]} >= SAFE
    assert not set(PAYLOADS) & cells(rows)


def test_the_dues_csv_is_refused_to_a_member(client, dues_world):
    client.force_login(dues_world["admin_a"])
    response = client.get("/cms-admin/dues_report/?format=csv")
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")


@pytest.fixture
def submissions(consultation):  # noqa: F811
    for payload in PAYLOADS:
        Submission.objects.create(
            page=consultation,
            name=payload,
            email="someone@example.org",
            organization=payload,
            answers=[{"question": "Role", "answer": "x"}],
            language="en",
        )


def test_the_call_for_input_csv_is_safe(client, world, submissions):  # noqa: F811
    client.force_login(world["secretariat"])
    rows = csv_rows(client.get("/cms-admin/submissions/export.csv"))
    assert {row[3] for row in rows[1:]} == SAFE
    assert {row[5] for row in rows[1:]} == SAFE


def test_the_call_for_input_csv_is_refused_to_a_member(client, world, submissions):  # noqa: F811
    client.force_login(world["admin_a"])
    response = client.get("/cms-admin/submissions/export.csv")
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")


def test_the_api_csv_is_safe(client, world):  # noqa: F811
    for payload in PAYLOADS:
        course(world["institution_a"], payload.replace('"', ""), summary=payload)
    rows = csv_rows(client.get("/api/v1/courses/?format=csv"))
    summary = rows[0].index("summary")
    assert {row[summary] for row in rows[1:]} == SAFE


# Wagtail's exports: CSV and Excel --------------------------------------------------------


@pytest.fixture
def registrations(conference):  # noqa: F811
    for number, payload in enumerate(PAYLOADS):
        EventRegistration.objects.create(
            event=conference,
            name=payload,
            email=f"person{number}@example.org",
            institution=payload,
            country="SN",
            role="academic",
            consent=True,
        )


@pytest.mark.parametrize(("export", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_the_registrations_export_is_safe(client, registrations, export, read):
    client.force_login(page_editor())
    rows = read(client.get(f"/cms-admin/event_registrations/?export={export}"))
    assert {row[0] for row in rows[1:]} == SAFE
    assert {row[2] for row in rows[1:]} == SAFE


def test_the_registrations_export_is_refused_without_the_permission(client, registrations):
    client.force_login(UserFactory())
    response = client.get("/cms-admin/event_registrations/?export=csv")
    assert response.status_code in (302, 403)
    assert "HYPERLINK" not in response.content.decode()


@pytest.fixture
def logged(db):
    for payload in PAYLOADS:
        InstitutionFactory(name=payload)  # logged as members.institution.created


@pytest.mark.parametrize(("export", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_the_site_history_export_is_safe(client, world, logged, export, read):  # noqa: F811
    client.force_login(world["secretariat"])
    response = client.get(f"/cms-admin/reports/site-history/?export={export}")
    labels = {row[1] for row in read(response)[1:]}
    assert labels >= SAFE
    assert not set(PAYLOADS) & labels


def test_the_site_history_export_is_refused_to_a_member(client, world, logged):  # noqa: F811
    client.force_login(world["admin_a"])
    response = client.get("/cms-admin/reports/site-history/?export=csv")
    assert response.status_code in (302, 403)
    assert "HYPERLINK" not in response.content.decode()
