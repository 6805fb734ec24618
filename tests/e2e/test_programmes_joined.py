"""A conference's call for proposals, end to end: a member finds the open call on the home page
and proposes a session on a phone; the secretariat accepts it and adds it to the edition's
programme from the admin; the edition's page shows the session and the archive the call."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cms.models import CallFormField, ConferenceSeriesPage, EventIndexPage, EventSession
from cms.models.call import CallKind
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.calls import make_call
from tests.cms.conftest import event, home_page, publish
from tests.e2e.helpers import assert_fits, secretariat_person, sign_in, sign_in_with_code
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_a_proposal_from_the_open_call_to_the_edition_s_programme(new_page, screenshot):
    institution = InstitutionFactory(name="Nairobi Open University")
    activate_membership(institution)
    applicant = affiliate(institution, InstitutionRole.STAFF, email="otieno@nairobi.example")
    secretariat_person("mei@alliance.example")
    call = make_call(kind=CallKind.CONFERENCE, slug="proposals", title="Proposals for 2027")
    call.form_fields.add(CallFormField(label="Title", field_type="singleline", required=True))
    call.save_revision().publish()
    home = home_page()
    conference = publish(
        home, ConferenceSeriesPage(title="Global MOOC Conference", slug="conference")
    )
    start = datetime.datetime(2027, 12, 8, 6, 0, tzinfo=datetime.UTC)
    edition = event(
        publish(home, EventIndexPage(title="Events", slug="events")),
        "2027 Global MOOC Conference",
        series=conference,
        edition_year=2027,
        time_zone="Africa/Nairobi",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2),
        call_for_proposals=call,
    )

    # The member finds the open call on the home page and proposes a session, on a phone.
    member = new_page()
    member.set_viewport_size(PHONE)
    sign_in(member, applicant.email, next_url="/en/")
    programmes = member.get_by_role("region", name="Programmes")
    programmes.get_by_role("link", name="Proposals for 2027").click()
    form = member.get_by_role("region", name="Apply")
    form.get_by_label("Course title").fill("Open data in teaching")
    form.get_by_label("What it changed").fill("Six members share their data courses.")
    form.get_by_label("Title", exact=True).fill("Micro-credentials in Africa")
    form.get_by_role("button", name="Submit the application").click()
    expect(member.locator(".badge")).to_have_text("Submitted")

    # The secretariat accepts it, then adds it to the programme from the admin.
    office = new_page()
    sign_in_with_code(office, "mei@alliance.example", next_url=call.url + "manage/")
    office.get_by_role("link", name=re.compile("Nairobi Open University")).first.click()
    office.get_by_label("Accept", exact=True).check()
    office.get_by_role("button", name="Record the decision").click()
    office.get_by_role(
        "link", name="Add it to the programme of 2027 Global MOOC Conference"
    ).click()
    expect(office.get_by_label("Session title")).to_have_value("Micro-credentials in Africa")
    office.get_by_label("Starts at").fill("2027-12-08T14:00")
    office.get_by_label("Ends at").fill("2027-12-08T13:00")  # before it starts
    office.get_by_role("button", name="Add to the programme").click()
    expect(office.get_by_role("alert")).to_contain_text("cannot end before it starts")
    office.get_by_label("Ends at").fill("2027-12-08T15:00")
    office.get_by_role("button", name="Add to the programme").click()
    expect(office.get_by_text(re.compile("^In the programme:"))).to_be_visible()
    session = EventSession.objects.get(page=edition, source__startswith="proposal:")
    assert session.starts_at == datetime.datetime(2027, 12, 8, 11, 0, tzinfo=datetime.UTC)

    # Everyone sees the session on the edition's page and the call in the archive.
    member.goto(edition.url)
    expect(member.get_by_text("Micro-credentials in Africa").first).to_be_visible()
    expect(member.get_by_role("link", name=re.compile("^open until"))).to_be_visible()
    assert_fits(member, 390)
    screenshot(member, "edition-with-proposal-390")
    member.goto("/en/conference/")
    expect(member.get_by_role("link", name=re.compile("^open until"))).to_be_visible()
    member.get_by_role("contentinfo").get_by_role("link", name="Impact dashboard").click()
    expect(member).to_have_url(re.compile("/en/impact/$"))
