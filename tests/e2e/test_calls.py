"""A call with review, end to end: a member drafts, comes back and submits; the secretariat
assigns a reviewer from another member institution, who scores it without seeing who applied;
the secretariat decides, and the results page shows the accepted institution."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.models import CallApplication
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.calls import make_call
from tests.e2e.helpers import assert_fits, link_path, secretariat_person, sign_in, sign_in_with_code
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_an_award_call_from_application_to_results(new_page, screenshot):
    applying = InstitutionFactory(name="Universidad Abierta")
    reviewing = InstitutionFactory(name="Nairobi Open University")
    for institution in (applying, reviewing):
        activate_membership(institution)
    applicant = affiliate(applying, InstitutionRole.EDITOR, email="ana@abierta.example")
    reviewer = affiliate(reviewing, InstitutionRole.STAFF, email="otieno@nairobi.example")
    secretariat_person("mei@alliance.example")
    call = make_call(anonymised=True)
    url = call.url

    # The member drafts on a phone, comes back later and submits.
    member = new_page()
    member.set_viewport_size(PHONE)
    sign_in(member, applicant.email, next_url=url)
    expect(member).to_have_url(re.compile(url + "$"))
    form = member.get_by_role("region", name="Apply")
    form.get_by_label("Course title").fill("Teaching with open data")
    form.get_by_role("button", name="Save as draft").click()
    expect(member.get_by_text("Your draft is saved.")).to_be_visible()
    assert CallApplication.objects.get().state == "draft"
    member.goto("/en/")
    member.goto(url)
    form = member.get_by_role("region", name="Apply")
    expect(form.get_by_label("Course title")).to_have_value("Teaching with open data")
    form.get_by_role("button", name="Submit the application").click()
    expect(form.locator(".errorlist").first).to_contain_text("This field is required.")
    form.get_by_label("What it changed").fill("12,000 learners in 40 countries.")
    assert_fits(member, 390)
    screenshot(member, "call-apply-390")
    form.get_by_role("button", name="Submit the application").click()
    expect(member.get_by_role("heading", name="Application of Universidad Abierta")).to_be_visible()
    expect(member.locator(".badge")).to_have_text("Submitted")
    assert mail.outbox[-1].to == [applicant.email]

    # The secretariat assigns a reviewer from another member institution.
    office = new_page()
    sign_in_with_code(office, "mei@alliance.example", next_url=url)
    office.goto(url)
    office.get_by_role("link", name="Applications and decisions").click()
    office.get_by_role("link", name="Universidad Abierta").click()
    office.get_by_label("Reviewer's email address").fill(applicant.email)
    office.get_by_role("button", name="Assign the reviewer").click()
    expect(office.locator(".error-summary")).to_contain_text("conflict of interest")
    office.get_by_label("Reviewer's email address").fill(reviewer.email)
    office.get_by_role("button", name="Assign the reviewer").click()
    expect(office.get_by_text("The reviewer is assigned")).to_be_visible()

    # The reviewer follows the emailed link, and scores without seeing who applied.
    review_mail = next(m for m in mail.outbox if m.to == [reviewer.email])
    reviewing_page = new_page()
    reviewing_page.set_viewport_size(PHONE)
    sign_in(
        reviewing_page, reviewer.email, next_url=link_path(review_mail.body, r"/en/\S+/review/\d+/")
    )
    expect(reviewing_page.get_by_text("Teaching with open data")).to_be_visible()
    expect(reviewing_page.get_by_text("Universidad Abierta")).to_have_count(0)
    reviewing_page.get_by_label("Reach (0 to 5)").fill("9")
    reviewing_page.get_by_label("Openness (0 to 10)").fill("5")
    reviewing_page.get_by_role("button", name="Save the scores").click()
    expect(reviewing_page.locator(".error-summary")).to_contain_text("less than or equal to 5")
    reviewing_page.get_by_label("Reach (0 to 5)").fill("5")
    assert_fits(reviewing_page, 390)
    screenshot(reviewing_page, "call-review-390")
    reviewing_page.get_by_role("button", name="Save the scores").click()
    expect(reviewing_page.get_by_role("heading", name="Your reviews")).to_be_visible()

    # The secretariat sees the weighted total and accepts.
    office.reload()
    expect(office.get_by_text("Weighted total: 83.3 / 100")).to_be_visible()
    office.get_by_label("Accept", exact=True).check()
    office.get_by_label("Note to the applicant").fill("Congratulations from the jury.")
    office.get_by_role("button", name="Record the decision").click()
    expect(office.get_by_text("The decision is recorded")).to_be_visible()
    screenshot(office, "call-decided")
    assert CallApplication.objects.get().state == "accepted"
    assert "accepted" in mail.outbox[-1].subject and mail.outbox[-1].to == [applicant.email]

    # The results, once the secretariat publishes them on the page.
    call.results = "<p>The jury met on 1 December.</p>"
    call.save_revision().publish()
    member.goto(url)
    member.get_by_role("link", name="Results").click()
    expect(member.get_by_text("The jury met on 1 December.")).to_be_visible()
    expect(member.get_by_role("listitem").filter(has_text="Universidad Abierta")).to_be_visible()
    assert_fits(member, 390)
