"""The conference series and the commitments on the Declaration, in the browser: the secretariat
adds an edition's recordings to the library, a visitor walks the archive and an edition; an
endorsing institution's admin records a commitment and reports progress, the public page shows
it, the secretariat hides it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cms.models import (
    Commitment,
    ConferenceSeriesPage,
    DeclarationClause,
    DeclarationPage,
    Endorsement,
    EventIndexPage,
    ResourceIndexPage,
    ResourcePage,
)
from cms.models.declaration import EndorsementStatus, VersionStatus
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.conftest import event, home_page, make_version, publish
from tests.e2e.helpers import (
    assert_fits,
    fill_sign_in_form,
    secretariat_person,
    sign_in_with_code,
)
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

UTC = datetime.UTC


def test_the_secretariat_files_the_recordings_and_a_visitor_walks_the_archive(new_page, screenshot):
    home = home_page()
    series = publish(home, ConferenceSeriesPage(title="Global MOOC Conference", slug="conference"))
    index = publish(home, EventIndexPage(title="Events", slug="events"))
    publish(home, ResourceIndexPage(title="Resources", slug="resources"))
    host = InstitutionFactory(name="Saint Petersburg University", country="RU")
    for year, city, recordings in [(2020, "Beijing", 2), (2021, "Saint Petersburg", 0)]:
        start = datetime.datetime(year, 12, 8, 7, 0, tzinfo=UTC)
        sessions = [
            {
                "title": f"Plenary {number} of {year}",
                "starts_at": start + datetime.timedelta(hours=number),
                "ends_at": start + datetime.timedelta(hours=number + 1),
                "recording_url": f"https://video.example.org/{year}/{number}"
                if number < recordings
                else "",
            }
            for number in range(3)
        ]
        first = event(
            index,
            f"{year} Global MOOC Conference",
            sessions=sessions,
            series=series,
            edition_year=year,
            theme=f"Theme {year}",
            host_city=city,
            host_institution=host if year == 2021 else None,
            starts_at=start,
            ends_at=start + datetime.timedelta(days=1),
        )
        if year == 2020:
            edition_2020 = first

    visitor = new_page()
    visitor.goto("/en/conference/")
    expect(visitor.get_by_role("table")).to_contain_text("Beijing")

    secretariat = new_page()
    editor = secretariat_person("conference@secretariat.example")
    # The edition's page in the admin links here (its header's menu, tests/cms).
    recordings_url = f"/cms-admin/editions/{edition_2020.pk}/recordings/"
    sign_in_with_code(secretariat, editor.email, next_url=recordings_url)
    expect(secretariat.get_by_role("cell", name="not yet")).to_have_count(2)
    secretariat.get_by_role("button", name="Add 2 recordings to the library").click()
    expect(secretariat.get_by_text("2 recordings added to the resource library.")).to_be_visible()
    assert ResourcePage.objects.filter(edition=edition_2020).count() == 2

    visitor.reload()
    rows = visitor.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("2021")
    expect(rows.nth(2)).to_contain_text("Beijing")
    expect(rows.nth(2).get_by_role("cell").nth(3)).to_have_text("2")  # recordings (then the call)
    screenshot(visitor, "series-archive")
    visitor.get_by_role("link", name="2021 Global MOOC Conference").click()
    facts = visitor.get_by_role("region", name="The 2021 edition")
    expect(facts).to_contain_text("Saint Petersburg University")
    facts.get_by_role("link", name=re.compile("2020 Global MOOC Conference")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("2020 Global MOOC Conference")
    expect(visitor.get_by_role("link", name=re.compile("^Watch the recording"))).to_have_count(2)
    visitor.goto("/en/resources/")
    expect(visitor.get_by_role("link", name="Watch the recording")).to_have_count(2)
    visitor.set_viewport_size({"width": 320, "height": 800})
    visitor.goto("/en/conference/")
    assert_fits(visitor)


def test_an_endorsing_admin_commits_and_reports_and_the_secretariat_moderates(new_page, screenshot):
    home_page().add_child(instance=DeclarationPage(title="The Declaration", slug="declaration"))
    version = make_version(2, VersionStatus.ADOPTED)
    DeclarationClause.objects.create(version=version, ref="1", summary="Open courses", sort_order=0)
    DeclarationClause.objects.create(
        version=version, ref="2", summary="Train teachers", sort_order=1
    )
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@nairobi.example")
    Endorsement.objects.create(
        version=version, institution=institution, status=EndorsementStatus.CONFIRMED
    )

    page = new_page()
    page.goto("/en/declaration/")
    expect(page.get_by_role("heading", name="Commitments", exact=True)).to_be_visible()
    page.get_by_role("link", name="Record your institution's commitments").click()
    fill_sign_in_form(page, admin.email)  # anonymous: sent to sign in, then back
    expect(page).to_have_url(re.compile(r"/en/declaration/commitments/$"))
    form = page.get_by_role("region", name="Record a commitment")
    form.get_by_role("button", name="Record the commitment").click()  # empty: refused
    expect(form.locator(".errorlist").first).to_be_visible()
    assert not Commitment.objects.exists()
    form.get_by_label("Clause of the Declaration").select_option(label="2. Train teachers")
    form.get_by_label("What the institution commits to").fill("We train 200 teachers a year.")
    form.get_by_role("button", name="Record the commitment").click()
    expect(page.get_by_role("status")).to_contain_text("The commitment is recorded.")

    commitment = Commitment.objects.get()
    item = page.locator(f"#commitment-{commitment.pk}")
    item.get_by_text("Report progress").click()
    item.get_by_label("Status").select_option(label="In progress")
    item.get_by_label("What was done").fill("The first 80 teachers are trained.")
    item.get_by_role("button", name="Save the report").click()
    expect(page.get_by_role("status")).to_contain_text("The progress report is saved.")
    screenshot(page, "commitments-manage")

    page.goto("/en/declaration/")
    clause = page.locator("#clause-2")
    expect(clause).to_contain_text("We train 200 teachers a year.")
    expect(clause).to_contain_text("The first 80 teachers are trained.")
    expect(page.locator(".commitments .region-counts")).to_contain_text("1 Africa")
    screenshot(page, "declaration-commitments")

    secretariat = new_page()
    editor = secretariat_person("moderator@secretariat.example")
    sign_in_with_code(secretariat, editor.email, next_url="/en/declaration/commitments/")
    moderation = secretariat.get_by_role("region", name="Moderation")
    moderation.get_by_label("Reason for hiding").fill("Duplicate of another commitment")
    moderation.get_by_role("button", name="Hide from the public page").click()
    expect(secretariat.get_by_role("status")).to_contain_text("visibility is saved")
    commitment.refresh_from_db()
    assert commitment.hidden
    page.goto("/en/declaration/")
    expect(page.locator("#clause-2")).not_to_contain_text("We train 200 teachers a year.")


def test_an_admin_records_a_course_sharing_agreement_that_both_profiles_and_the_api_show(
    new_page, screenshot
):
    from tests.api.conftest import course

    offering = InstitutionFactory(name="Nairobi Open University", country="KE")
    partner = InstitutionFactory(name="Université de Lyon", country="FR")
    for institution in (offering, partner):
        activate_membership(institution)
    admin = affiliate(offering, InstitutionRole.ADMIN, email="admin@nairobi.example")
    shared = course(offering, "Applied AI")
    course(offering, "Water Engineering")

    page = new_page()
    page.goto("/en/my-institution/")
    fill_sign_in_form(page, admin.email)
    page.get_by_role("link", name="Reports and agreements").click()
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_role("button", name="Record the agreement").click()  # empty: refused
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not offering.agreements_offered.exists()

    page.get_by_label("Partner institution").select_option(label=partner.name)
    page.get_by_label("Applied AI").check()
    page.get_by_label("For whose students").fill("Third-year engineering students")
    page.get_by_label("Credit recognition").select_option(value="full")
    page.get_by_label("Credits (ECTS or equivalent)").fill("5")
    page.get_by_label("Starts on").fill("2026-09-01")
    page.get_by_label("Ends on").fill("2026-01-01")  # before it starts: refused, nothing lost
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.locator(".errorlist")).to_contain_text("cannot end before it starts")
    expect(page.get_by_label("For whose students")).to_have_value("Third-year engineering students")
    page.get_by_label("Ends on").fill("2028-01-31")
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.get_by_role("status")).to_contain_text("Course-sharing agreement recorded.")
    expect(page.locator("#agreements ~ .cards")).to_contain_text(partner.name)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_fits(page)
    screenshot(page, "agreement-recorded-320")

    visitor = new_page()
    for profile in (offering, partner):
        visitor.goto(profile.get_absolute_url())
        agreements = visitor.locator(".card", has_text="Third-year engineering students")
        expect(agreements).to_contain_text("Applied AI")
        expect(agreements).to_contain_text("Full credit (5 credits)")
    response = visitor.request.get(f"/api/v1/courses/{shared.slug}/?format=json")
    recognised = response.json()["recognised_at"]
    assert [(entry["name"], entry["credit_recognition"]) for entry in recognised] == [
        (partner.name, "full")
    ]
