"""Projects: a lead saves a milestone without an owner; a former participant's account, with
their update, comment and upload, is deleted; a viewer then walks every workspace tab."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectKind
from tests.e2e.helpers import sign_in
from tests.members.conftest import activate_membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_viewer_walks_every_tab_with_missing_people(page, new_page, screenshot):
    nairobi = InstitutionFactory(name="University of Nairobi", country="KE")
    activate_membership(nairobi)
    lead = affiliate(nairobi, InstitutionRole.EDITOR, email="amina@nairobi.example")
    viewer = affiliate(nairobi, InstitutionRole.STAFF, email="otieno@nairobi.example")
    gone = affiliate(nairobi, InstitutionRole.STAFF, email="gone@nairobi.example")
    project = services.project_create(
        actor=lead,
        data={
            "title": "Teacher training in East Africa",
            "kind": ProjectKind.CAPACITY_BUILDING,
            "summary": "Training teachers to teach online.",
            "lead_institution": nairobi,
        },
    )
    services.participant_add(project=project, user=viewer, role="viewer", actor=lead)
    services.participant_add(project=project, user=gone, role="contributor", actor=lead)
    update = services.update_post(project=project, actor=gone, body="The first cohort started.")
    services.comment_post(update=update, actor=gone, body="Forty teachers enrolled.")
    services.document_upload(
        project=project, actor=gone, upload=SimpleUploadedFile("cohort.txt", b"Cohort 1")
    )
    gone.delete()
    workspace = f"/en/my-projects/{project.slug}/"

    # The lead adds a milestone and leaves its owner empty, as the form allows.
    sign_in(page, lead.email, next_url=workspace + "milestones/")
    form = page.locator("form.form").last
    form.get_by_label("Title", exact=True).fill("Second cohort")
    form.get_by_label("Due date").fill("2031-03-01")
    expect(form.get_by_label("Owner")).to_have_value("")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The milestone has been saved.")
    expect(page.get_by_role("row", name="Second cohort")).to_contain_text("No owner")

    # A viewer walks every tab.
    other = new_page()
    sign_in(other, viewer.email, next_url=workspace)
    tabs = other.get_by_role("navigation", name="Workspace")
    for name in (
        "Overview",
        "Updates",
        "Documents",
        "Milestones",
        "Meetings",
        "People",
        "Trainings",
    ):
        tabs.get_by_role("link", name=name, exact=True).click()
        expect(tabs.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(other.get_by_role("heading", name=project.title)).to_be_visible()
        screenshot(other, f"project-tabs-{name.lower()}")
        if name == "Updates":
            update_item = other.locator(".update")
            expect(update_item).to_contain_text("The first cohort started.")
            expect(update_item.locator(".meta strong").first).to_have_text("Former participant")
            expect(update_item.locator(".comments")).to_contain_text("Former participant")
        if name == "Documents":
            expect(other.locator(".documents")).to_contain_text("cohort.txt")
            expect(other.locator(".documents")).to_contain_text("Former participant")
        if name == "Milestones":
            expect(other.get_by_role("row", name="Second cohort")).to_contain_text("No owner")
        if name == "Overview":
            expect(other.locator(".activity")).to_contain_text("Someone posted an update")
