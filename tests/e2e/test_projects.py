"""Projects: a lead posts an update and schedules a meeting; a contributor sees both, the
meeting in their own time zone, and is told by email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectKind
from tests.e2e.helpers import sign_in
from tests.members.conftest import activate_membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_lead_posts_and_schedules_and_a_contributor_sees_it_in_their_zone(
    page, new_page, screenshot
):
    nairobi = InstitutionFactory(name="University of Nairobi", country="KE")
    tsinghua = InstitutionFactory(name="Tsinghua University", country="CN")
    activate_membership(nairobi)
    activate_membership(tsinghua)
    lead = affiliate(nairobi, InstitutionRole.EDITOR, email="amina@nairobi.example")
    lead.time_zone = "Africa/Nairobi"
    lead.save()
    contributor = affiliate(tsinghua, InstitutionRole.STAFF, email="wei@tsinghua.example")
    contributor.time_zone = "Asia/Shanghai"
    contributor.save()
    project = services.project_create(
        actor=lead,
        data={
            "title": "AI in education MOOC",
            "kind": ProjectKind.JOINT_TEACHING,
            "summary": "Co-teaching across continents.",
            "lead_institution": nairobi,
            "partners": [tsinghua],
        },
    )
    services.participant_add(project=project, user=contributor, role="contributor", actor=lead)
    mail.outbox.clear()
    workspace = f"/en/my-projects/{project.slug}/"

    sign_in(page, lead.email, next_url=workspace + "updates/")
    page.get_by_label("Post an update").fill("Module 1 is recorded. @wei please add subtitles.")
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_role("status")).to_contain_text("Your update has been posted.")

    page.get_by_role("navigation", name="Workspace").get_by_role("link", name="Meetings").click()
    form = page.locator("form.form").last
    form.get_by_label("Title", exact=True).fill("Kick-off")
    form.get_by_label("Date", exact=True).fill("2027-01-12")
    form.get_by_label("Time", exact=True).fill("09:00")
    expect(form.get_by_label("Time zone of the date and time")).to_have_value("Africa/Nairobi")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting has been saved.")
    expect(page.locator(".meeting time")).to_contain_text("09:00")

    # The contributor was told of the update (mentioned) and of the meeting, right away.
    assert sorted(m.to[0] for m in mail.outbox) == ["wei@tsinghua.example"] * 2

    other = new_page()
    sign_in(other, contributor.email, next_url=workspace)
    expect(other.get_by_role("heading", name="Recent activity")).to_be_visible()
    expect(other.locator(".activity")).to_contain_text("posted an update")
    other.get_by_role("link", name="Meetings").click()
    expect(other).to_have_url(re.compile(r"/meetings/$"))
    # 09:00 in Nairobi (UTC+3) is 14:00 in Shanghai (UTC+8).
    expect(other.locator(".meeting time")).to_contain_text("14:00")
    expect(other.locator(".meeting")).to_contain_text("09:00 for the organizer (Nairobi (UTC+3))")
    # A contributor does not schedule meetings.
    expect(other.get_by_role("heading", name="Schedule a meeting")).to_have_count(0)
    screenshot(other, "projects-meetings-contributor")
