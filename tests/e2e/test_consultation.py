"""The call for input: a contribution with an attachment, then the secretariat's moderation."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import Submission
from tests.cms.conftest import make_consultation
from tests.cms.test_consultation import PDF

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_contribution_with_a_report_reaches_the_secretariat(page, screenshot):
    make_consultation()
    page.goto("/en/call-for-input/")
    form = page.get_by_role("region", name="Your contribution")
    form.get_by_label("Role and impact").fill("MOOCs kept our 30,000 students learning.")
    form.get_by_label("Characteristics and advantages").fill("Flexible and open.")
    form.get_by_label("Your name").fill("Amina Diallo")
    form.get_by_label("Email").fill("amina@dakar.example")
    form.get_by_label("Institution or organization").fill("Université de Dakar")
    form.get_by_label("Attachments (optional)").set_input_files(
        [{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_role("button", name="Send the contribution").click()
    # The consent is missing: the form says so and keeps the answers.
    expect(form.locator(".errorlist")).to_contain_text("This field is required.")
    expect(form.get_by_label("Role and impact")).to_have_value(
        "MOOCs kept our 30,000 students learning."
    )
    assert not Submission.objects.exists()

    form.get_by_label("Attachments (optional)").set_input_files(
        [{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_label("I agree that the alliance secretariat stores my contribution").check()
    form.get_by_role("button", name="Send the contribution").click()
    expect(page).to_have_url(re.compile(r"/en/call-for-input/thanks/$"))
    expect(page.get_by_role("heading", name="Thank you for your contribution")).to_be_visible()
    screenshot(page, "consultation-thanks")

    submission = Submission.objects.get()
    assert submission.organization == "Université de Dakar"
    assert submission.attachments.get().kind == "report"
