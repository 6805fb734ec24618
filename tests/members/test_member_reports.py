"""Member reports: the institution's administrators submit, the secretariat corrects and
accepts (docs/programmes.md#member-reports)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.models import MemberReport, ReportStatus
from members.services import institutions as institutions_services
from tests.members.conftest import client_for

pytestmark = pytest.mark.django_db

FIGURES = {
    "learners_reached": "1200",
    "courses_shared": "4",
    "teachers_trained": "30",
    "joint_projects": "2",
    "exchanges": "5",
    "notes": "Counted from our platform's enrolments.",
}
LAST_YEAR = timezone.localdate().year - 1


def reports_url(world):
    return reverse("members:reports", args=[world["institution_a"].slug])


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin_a", 200), ("secretariat", 200), ("editor_a", 403), ("staff_a", 403), ("admin_b", 403)],
)
def test_who_may_open_the_reports_of_institution_a(client, world, role, status):
    response = client_for(client, world, role).get(reports_url(world))
    assert response.status_code == status


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(reports_url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_suspended_institution_cannot_submit(client, world):
    institutions_services.institution_suspend(
        institution=world["institution_a"], actor=world["secretariat"], reason="Unpaid dues"
    )
    client.force_login(world["admin_a"])
    response = client.post(reports_url(world), {**FIGURES, "year": LAST_YEAR, "submit": "1"})
    assert response.status_code == 403
    assert not MemberReport.objects.exists()


def test_the_administrator_saves_a_draft_then_submits(client, world):
    client.force_login(world["admin_a"])
    response = client.post(reports_url(world), {**FIGURES, "year": LAST_YEAR, "save": "1"})
    assert response.status_code == 302
    report = MemberReport.objects.get()
    assert (report.year, report.status, report.learners_reached) == (LAST_YEAR, "draft", 1200)
    client.post(
        reports_url(world),
        {**FIGURES, "learners_reached": "1300", "year": LAST_YEAR, "submit": "1"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.learners_reached == 1300
    assert report.submitted_by == world["admin_a"]
    entry = ModelLogEntry.objects.filter(action="members.report.submitted").get()
    assert entry.data["changes"]["learners_reached"] == ["1200", "1300"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"learners_reached": "-3"}, "learners_reached"),
        ({"teachers_trained": "many"}, "teachers_trained"),
    ],
)
def test_a_bad_figure_is_refused_and_nothing_is_written(client, world, change, field):
    client.force_login(world["admin_a"])
    response = client.post(
        reports_url(world), {**FIGURES, **change, "year": LAST_YEAR, "submit": "1"}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not MemberReport.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1999", str(timezone.localdate().year + 1)])
def test_a_year_out_of_range_is_refused(client, world, year):
    client.force_login(world["admin_a"])
    response = client.post(f"{reports_url(world)}?year={year}", {**FIGURES, "submit": "1"})
    assert response.status_code == 302
    assert not MemberReport.objects.exists()
    page = client.get(response["Location"])
    assert "the five before it" in page.content.decode()


def submitted(world, **figures):
    from members.impact_services import report_save

    data = {**{k: int(v) for k, v in FIGURES.items() if k != "notes"}, "notes": FIGURES["notes"]}
    data.update(figures)
    return report_save(
        institution=world["institution_a"],
        year=LAST_YEAR,
        data=data,
        actor=world["admin_a"],
        submit=True,
    )


@pytest.mark.parametrize(
    ("role", "status"), [("secretariat", 200), ("admin_a", 403), ("no_institution", 403)]
)
def test_who_may_review_reports(client, world, role, status):
    report = submitted(world)
    client_for(client, world, role)
    assert client.get(reverse("members:report_review_list")).status_code == status
    assert client.get(reverse("members:report_review", args=[report.pk])).status_code == status
    client.post(reverse("members:report_review", args=[report.pk]), FIGURES)
    report.refresh_from_db()
    assert (report.status == ReportStatus.ACCEPTED) == (status == 200)


def test_the_secretariat_corrects_and_accepts(client, world):
    report = submitted(world)
    client.force_login(world["secretariat"])
    response = client.post(
        reverse("members:report_review", args=[report.pk]), {**FIGURES, "learners_reached": "1100"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.learners_reached, report.accepted_by) == (
        ReportStatus.ACCEPTED,
        1100,
        world["secretariat"],
    )
    entry = ModelLogEntry.objects.filter(action="members.report.accepted").get()
    assert entry.data["changes"] == {"learners_reached": ["1200", "1100"]}
    # Accepted, it is the secretariat's: the administrator can no longer change it.
    client.force_login(world["admin_a"])
    client.post(
        reports_url(world), {**FIGURES, "learners_reached": "9", "year": LAST_YEAR, "submit": "1"}
    )
    report.refresh_from_db()
    assert report.learners_reached == 1100


def test_a_draft_cannot_be_accepted(client, world):
    from members.impact_services import report_save

    data = {**{k: int(v) for k, v in FIGURES.items() if k != "notes"}, "notes": ""}
    report = report_save(
        institution=world["institution_a"],
        year=LAST_YEAR,
        data=data,
        actor=world["admin_a"],
        submit=False,
    )
    client.force_login(world["secretariat"])
    response = client.post(reverse("members:report_review", args=[report.pk]), FIGURES)
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_bad_correction_is_refused(client, world):
    report = submitted(world)
    client.force_login(world["secretariat"])
    response = client.post(
        reverse("members:report_review", args=[report.pk]), {**FIGURES, "exchanges": "-1"}
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert (report.status, report.exchanges) == (ReportStatus.SUBMITTED, 5)
