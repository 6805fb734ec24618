"""An editor opens "Add a course", then imports a course file again: the import finishes."""

import json
import re

import pytest
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import Course, InstitutionRole, Platform
from tests.e2e.helpers import sign_in
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def course_file(ends_on):
    course = {
        "external_id": "climate-101",
        "title": "Climate Basics",
        "url": "https://edx.example.org/climate-101",
        "languages": ["en"],
        "runs": [{"starts_at": "2025-03-01", "ends_at": ends_on, "pacing": "self_paced"}],
    }
    return {
        "name": "courses.json",
        "mimeType": "application/json",
        "buffer": json.dumps([course]).encode(),
    }


def import_file(page, file):
    upload = page.get_by_role("region", name="Upload a file")
    upload.get_by_label("File").set_input_files(file)
    upload.get_by_label("Platform").select_option(label=Platform.objects.get(slug="edx").name)
    upload.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/courses/import/\d+/$"))


def test_an_editor_reimports_a_course_file_after_opening_the_course_form(page, screenshot):
    institution = InstitutionFactory(name="Nairobi Open University", country="KE")
    activate_membership(institution)
    editor = affiliate(institution, InstitutionRole.EDITOR, email="editor@nairobi.example")
    courses_url = f"/en/my-institution/{institution.slug}/courses/"

    sign_in(page, editor.email, next_url=courses_url)
    page.get_by_role("link", name="Import courses").click()
    import_file(page, course_file("2025-04-15"))
    expect(page.locator("p.meta")).to_contain_text("Done")

    page.goto(courses_url)
    page.get_by_role("link", name="Add a course").click()
    expect(page.get_by_label("Title", exact=True)).to_be_visible()
    screenshot(page, "course-reimport-add-a-course")

    page.goto(courses_url)
    page.get_by_role("link", name="Import courses").click()
    # The same course with a session moved: the import compares the runs with the stored ones.
    import_file(page, course_file("2025-05-01"))
    meta = page.locator("p.meta")
    expect(meta).to_contain_text("Done")
    expect(meta).not_to_contain_text("Failed")
    expect(page.get_by_text("Every row has been imported.")).to_be_visible()
    expect(page.locator("dt:has-text('Courses updated') + dd")).to_have_text("1")
    screenshot(page, "course-reimport-done")
    course = Course.objects.get(external_id="climate-101")
    assert [str(run.ends_at.date()) for run in course.runs.all()] == ["2025-05-01"]
