"""The call for input: a contribution with an attachment, then the secretariat's moderation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.models import GoodPracticeIndexPage, Submission
from tests.cms.conftest import home_page, make_consultation
from tests.cms.test_consultation import PDF
from tests.e2e.helpers import secretariat_person, sign_in_with_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def test_a_contribution_with_a_report_reaches_the_secretariat(page, screenshot):
    make_consultation()
    page.goto("/en/call-for-input/")
    form = page.get_by_role("region", name="Your contribution")
    form.get_by_label("Title of your practice").fill("Teaching through the closures")
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


def test_an_arabic_contribution_becomes_a_published_good_practice(new_page, screenshot):
    """On a 320 px phone in Arabic the contributor sends a practice with a report; the
    secretariat accepts it, drafts the good practice, follows the links both ways and publishes;
    the contributor is told at each step, in Arabic."""
    make_consultation("ar")
    home_page("ar").add_child(instance=GoodPracticeIndexPage(title="ممارسات جيدة", slug="gp"))
    contributor = new_page()
    contributor.set_viewport_size({"width": 320, "height": 800})
    contributor.goto("/ar/call-for-input/")
    expect(contributor.locator("html")).to_have_attribute("dir", "rtl")
    form = contributor.locator("form.form")
    form.locator("#id_title").fill("التعليم خلال الإغلاق")
    questions = form.locator("textarea")
    questions.nth(0).fill("واصل طلابنا التعلم.")
    questions.nth(1).fill("مرن ومفتوح.")
    form.locator("#id_name").fill("أمينة")
    form.locator("#id_email").fill("amina@cairo.example")
    form.locator("#id_organization").fill("جامعة القاهرة")
    form.locator("#id_attachments").set_input_files(
        [{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.locator("#id_consent").check()
    screenshot(contributor, "consultation-ar-320")
    form.locator("button[type=submit]").click()
    expect(contributor).to_have_url(re.compile(r"/ar/call-for-input/thanks/$"))
    submission = Submission.objects.get()
    assert submission.language == "ar" and submission.title == "التعليم خلال الإغلاق"

    secretariat = new_page()
    secretariat_person("moderator@secretariat.example")
    inspect = f"/cms-admin/submissions/inspect/{submission.pk}/"
    sign_in_with_code(secretariat, "moderator@secretariat.example", next_url=inspect)
    expect(secretariat).to_have_url(re.compile(re.escape(inspect) + "$"))
    mail.outbox.clear()
    secretariat.get_by_role("button", name="Accept").click()
    expect(secretariat.get_by_text("The submission is accepted.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["amina@cairo.example"]]
    assert "التعليم خلال الإغلاق" in mail.outbox[0].body
    secretariat.get_by_role("button", name="Publish as a good practice (draft)").click()
    secretariat.get_by_role("link", name="Edit the good practice drawn from it").click()
    expect(secretariat.locator("#id_title")).to_have_value("التعليم خلال الإغلاق")
    expect(secretariat.get_by_role("link", name="Submission by أمينة")).to_be_visible()
    screenshot(secretariat, "consultation-good-practice-draft")
    secretariat.get_by_role("button", name="More actions").click()
    secretariat.get_by_role("button", name="Publish").click()
    expect(secretariat.get_by_text("has been published")).to_be_visible()
    assert len(mail.outbox) == 2
    submission.refresh_from_db()
    assert submission.good_practice.live
    assert submission.good_practice.url in mail.outbox[1].body

    contributor.goto(submission.good_practice.url)
    expect(contributor.get_by_role("heading", level=1)).to_have_text("التعليم خلال الإغلاق")
    expect(contributor.get_by_role("link", name="report.pdf")).to_be_visible()
    screenshot(contributor, "good-practice-ar-320")
