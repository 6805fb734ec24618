"""The impact journey: an institution's administrator submits the yearly member report, the
secretariat accepts it, and the dashboard's figure changes; the dashboard fits narrow screens."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.e2e.helpers import assert_fits, secretariat_person, sign_in, sign_in_with_code
from tests.members.conftest import activate_membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1


def test_a_report_submitted_then_accepted_changes_the_dashboard(new_page, screenshot):
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@nairobi.example")
    secretariat_person("secretariat@alliance.example")

    visitor = new_page()
    visitor.goto(f"/en/impact/?year={YEAR}")
    learners = visitor.locator("#indicator-learners_reached .counter-value")
    expect(learners).to_have_text("0")

    member = new_page()
    sign_in(member, admin.email, next_url=f"/en/my-institution/{institution.slug}/reports/")
    member.get_by_label("Year").select_option(str(YEAR))
    member.get_by_role("button", name="Open").click()
    member.get_by_label("Learners reached").fill("2500")
    member.get_by_label("Teachers trained").fill("40")
    member.get_by_role("button", name="Submit to the secretariat").click()
    expect(member.get_by_text("Report submitted to the secretariat.")).to_be_visible()
    screenshot(member, "impact-report-submitted")

    visitor.reload()
    expect(learners).to_have_text("0")  # not accepted yet

    staff = new_page()
    sign_in_with_code(staff, "secretariat@alliance.example", next_url="/en/member-reports/")
    staff.get_by_role("link", name="Nairobi Open University").click()
    staff.get_by_label("Learners reached").fill("2400")  # corrected
    staff.get_by_role("button", name="Correct and accept").click()
    expect(staff.get_by_text("Report accepted")).to_be_visible()

    visitor.reload()
    expect(learners).to_have_text("2,400")
    expect(visitor.locator("#indicator-teachers_trained .counter-value")).to_have_text("40")
    screenshot(visitor, "impact-dashboard-after")
    for width in (320, 390):
        assert_fits(visitor, width)
