"""The impact dashboard's figures, its open data and the yearly report
(docs/programmes.md#impact-dashboard, #yearly-report)."""

import csv
import io
import json
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms import impact
from cms.models import YearlyReport
from members.factories import InstitutionFactory, UserFactory
from members.models import Course, CourseSharingAgreement, MemberReport, ReportStatus
from projects.models import Project
from tests.api.conftest import course

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def report(institution, status=ReportStatus.ACCEPTED, year=YEAR, **figures):
    values = {"learners_reached": 100, "teachers_trained": 10, "exchanges": 1, **figures}
    return MemberReport.objects.create(institution=institution, year=year, status=status, **values)


@pytest.fixture
def data(db):
    """Two members in Kenya (Africa, lower-middle income), one in France (Europe and North
    America, high income), one joining after the year, one private; courses, a project, an
    agreement and reports in every state."""
    nairobi = InstitutionFactory(name="Nairobi Open University", country="KE")
    mombasa = InstitutionFactory(name="Mombasa Tech", country="KE")
    lyon = InstitutionFactory(name="Lyon University", country="FR")
    InstitutionFactory(name="Late College", country="BR", joined_on=date(YEAR + 1, 3, 1))
    InstitutionFactory(name="Hidden Institute", country="CN", is_public=False)
    ai = course(nairobi, "Applied AI")
    joint = course(nairobi, "Joint Course", institutions=[nairobi, lyon])
    course(lyon, "Draft Course", status="draft")
    Course.objects.update(created_at=timezone.make_aware(datetime(YEAR, 6, 1)))
    course(lyon, "Next Year Course")  # created after the year
    Project.objects.create(
        kind="joint_teaching",
        title="Shared Classroom",
        slug="shared-classroom",
        summary="Teaching together.",
        visibility="public",
        lead_institution=lyon,
    )
    Project.objects.create(
        kind="joint_teaching",
        title="Private Work",
        slug="private-work",
        summary="Internal.",
        visibility="private",
        lead_institution=lyon,
    )
    agreement = CourseSharingAgreement.objects.create(
        offering_institution=nairobi,
        partner_institution=lyon,
        students="All",
        credit_recognition="full",
        starts_on=date(YEAR, 3, 1),
        ends_on=date(YEAR, 9, 1),
    )
    agreement.courses.set([ai])
    CourseSharingAgreement.objects.create(
        offering_institution=nairobi,
        partner_institution=lyon,
        students="All",
        credit_recognition="none",
        starts_on=date(YEAR - 3, 1, 1),
        ends_on=date(YEAR - 2, 1, 1),
    )
    report(nairobi, learners_reached=1000)
    report(lyon, learners_reached=500, teachers_trained=40)
    report(mombasa, status=ReportStatus.SUBMITTED, learners_reached=99999)
    report(mombasa, year=YEAR - 1, learners_reached=77777)
    return {"nairobi": nairobi, "lyon": lyon, "joint": joint}


def test_the_figures_are_counted_from_the_data(data):
    figures = impact.compute(YEAR)
    assert figures["indicators"] == {
        "members": 3,  # not the late one nor the private one
        "countries": 2,
        "courses": 2,  # the joint course once, not the draft
        "projects": 1,  # the public one
        "agreements": 1,  # in force during the year
        "reporting": 2,  # accepted reports of the year only
        "learners_reached": 1500,
        "courses_shared": 0,
        "teachers_trained": 50,
        "joint_projects": 0,
        "exchanges": 2,
    }
    regions = {row["code"]: row for row in figures["regions"]}
    assert (regions["africa"]["members"], regions["africa"]["courses"]) == (2, 2)
    assert regions["africa"]["learners_reached"] == 1000
    assert (
        regions["europe_north_america"]["members"],
        regions["europe_north_america"]["courses"],
    ) == (1, 1)
    assert regions["europe_north_america"]["projects"] == 1
    assert regions["arab_states"]["members"] == 0
    incomes = {row["code"]: row for row in figures["income_groups"]}
    assert incomes["lower_middle"]["members"] == 2
    assert incomes["high"]["teachers_trained"] == 40
    countries = {row["code"]: row for row in figures["countries"]}
    assert set(countries) == {"KE", "FR"}


def test_accepting_a_report_changes_the_figure(data):
    pending = MemberReport.objects.get(status=ReportStatus.SUBMITTED)
    pending.status = ReportStatus.ACCEPTED
    pending.save()
    assert impact.compute(YEAR)["indicators"]["learners_reached"] == 1500 + 99999


def test_the_dashboard_shows_counters_charts_and_tables(client, data):
    response = client.get(reverse("cms:impact") + f"?year={YEAR}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    learners = soup.select_one("#indicator-learners_reached")
    assert learners.select_one(".counter-value").get_text() == "1,500"
    assert "Member reports" in learners.get_text()
    assert {tag.get_text() for tag in learners.select(".tag")} == {"SDG 4.3", "SDG 4.4"}
    assert "SDG 4.c" in soup.select_one("#indicator-teachers_trained").get_text()
    charts = soup.select("svg[role=img]")
    assert len(charts) == 3  # the map, regions, income groups
    for chart in charts:
        labelled = chart["aria-labelledby"].split()
        assert chart.find("title")["id"] == labelled[0] and chart.find("desc")["id"] == labelled[1]
        table = chart.find_parent(class_="impact-pair").find("table")
        assert table.find("caption")
    assert (
        "Africa: Member institutions 2, Courses in the catalog 2"
        in charts[1].find("desc").get_text()
    )
    assert soup.find(string=lambda s: s and "CC BY 4.0" in s)


@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr", "ru", "es"])
def test_the_dashboard_in_each_language(client, data, language):
    response = client.get(f"/{language}/impact/?year={YEAR}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.html["dir"] == ("rtl" if language == "ar" else "ltr")
    assert len(soup.select("svg[role=img]")) == 3


def test_the_dashboard_takes_a_fixed_number_of_queries(client, data):
    counts = []
    for n in range(2):
        for k in range(3):
            report(InstitutionFactory(name=f"More {n}-{k}", country="IN"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cms:impact") + f"?year={YEAR}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12


@pytest.mark.parametrize("year", ["abc", "1999", "-1"])
def test_a_bad_year_is_a_clear_400(client, data, year):
    response = client.get(reverse("cms:impact") + f"?year={year}")
    assert response.status_code == 400
    assert "Choose a year from 2020" in response.content.decode()
    assert client.get(reverse("cms:impact_csv") + f"?year={year}").status_code == 400
    assert client.get(reverse("cms:impact_json") + f"?year={year}").status_code == 400


def test_the_open_data_downloads(client, data):
    response = client.get(reverse("cms:impact_csv") + f"?year={YEAR}")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    kenya = next(row for row in rows if row["country"] == "KE")
    assert (kenya["members"], kenya["courses"], kenya["learners_reached"]) == ("2", "2", "1000")
    document = json.loads(client.get(reverse("cms:impact_json") + f"?year={YEAR}").content)
    assert document["licence"] == "CC BY 4.0"
    indicators = {row["key"]: row for row in document["indicators"]}
    assert indicators["learners_reached"]["value"] == 1500
    assert indicators["teachers_trained"]["sdg_targets"] == ["4.c"]
    assert indicators["members"]["method"]


def test_csv_cells_are_formula_safe(data):
    header, rows = impact.csv_rows(
        {"year": YEAR, "countries": [{"code": "=1+1", **dict.fromkeys(impact.GEO_FIGURES, 0)}]}
    )
    out = io.StringIO()
    from alliance.exports import write_csv

    write_csv(out, header, rows)
    assert "'=1+1" in out.getvalue()


# The yearly report -------------------------------------------------------------------------


@pytest.fixture
def secretariat(settings):
    from allauth.mfa.models import Authenticator

    user = UserFactory()
    user.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def test_the_secretariat_drafts_reviews_and_publishes(client, data, secretariat):
    url = reverse("cms:yearly_report", args=[YEAR])
    client.force_login(secretariat)
    response = client.post(reverse("cms:yearly_reports"), {"year": YEAR})
    assert response["Location"] == url
    draft = client.get(url)
    assert draft.status_code == 200
    assert "Draft" in draft.content.decode()
    client.logout()
    assert client.get(url).status_code == 404  # a draft is the secretariat's
    assert client.get(reverse("cms:yearly_report_pdf", args=[YEAR])).status_code == 404
    client.force_login(secretariat)
    client.post(reverse("cms:yearly_report_publish", args=[YEAR]))
    client.logout()
    published = YearlyReport.objects.get()
    assert published.is_published
    assert published.figures["indicators"]["learners_reached"] == 1500
    # Published, it keeps its figures while the data changes.
    report(InstitutionFactory(name="After Publication", country="IN"), learners_reached=5)
    page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#indicator-learners_reached .counter-value").get_text() == "1,500"
    assert str(YEAR) in client.get(reverse("cms:yearly_reports")).content.decode()


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_the_published_report_as_pdf(client, data, secretariat, language):
    from cms.impact_services import yearly_report_open, yearly_report_publish

    yearly_report_publish(
        report=yearly_report_open(year=YEAR, actor=secretariat), actor=secretariat
    )
    response = client.get(f"/{language}/impact/reports/{YEAR}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_the_secretariat_drafts_and_publishes(client, data, secretariat):
    someone = UserFactory()
    client.force_login(someone)
    assert client.post(reverse("cms:yearly_reports"), {"year": YEAR}).status_code == 403
    YearlyReport.objects.create(year=YEAR)
    assert client.post(reverse("cms:yearly_report_publish", args=[YEAR])).status_code == 403
    assert not YearlyReport.objects.get().is_published
    client.force_login(secretariat)
    assert client.post(reverse("cms:yearly_report_publish", args=[YEAR])).status_code == 302
    assert YearlyReport.objects.get().is_published


@pytest.mark.parametrize("year", ["abc", "2019", str(YEAR + 2)])
def test_a_bad_year_for_the_yearly_report_is_refused(client, secretariat, year):
    client.force_login(secretariat)
    response = client.post(reverse("cms:yearly_reports"), {"year": year}, follow=True)
    assert "Choose a year from 2020" in response.content.decode()
    assert not YearlyReport.objects.exists()
