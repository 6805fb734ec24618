"""A participant registers for an event in Arabic on a 320 px phone; the secretariat marks
attendance in the admin (a double click: one code); the participant downloads the certificate
from their live-stream page and checks it at the public address, after mistyping the code."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.models import Locale

from cms.models import EventIndexPage, EventRegistration, HomePage
from tests.cms.conftest import event, publish
from tests.e2e.helpers import link_path, secretariat_person, sign_in_with_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_participant_gets_and_checks_a_certificate_in_arabic_on_a_phone(
    page, new_page, screenshot
):
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = publish(home, EventIndexPage(title="Events", slug="events"))
    forum = event(index, "Open Education Forum", venue="Cairo")
    arabic = forum.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    arabic.title = "منتدى التعليم المفتوح"
    arabic.save_revision().publish()

    page.set_viewport_size(PHONE)
    page.goto("/ar/events/open-education-forum/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    form = page.locator("#registration form")
    form.locator("input[name=name]").fill("أمينة ديالو")
    form.locator("input[name=email]").fill("amina@university.example")
    form.locator("input[name=institution]").fill("جامعة القاهرة")
    form.locator("select[name=country]").select_option("EG")
    form.locator("select[name=role]").select_option("academic")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    page.goto(link_path(mail.outbox[-1].body, r"/ar/events/[\w-]+/confirm/[\w-]+/"))
    page.locator("main form button").click()
    expect(page).to_have_url(re.compile("/live/"))
    live = page.url
    expect(page.get_by_role("heading", name="Certificate of attendance")).to_have_count(0)

    # The secretariat marks attendance on the registration's page (a double click).
    registration = EventRegistration.objects.get()
    assert registration.language == "ar"
    secretariat_person("secretariat@alliance.example")
    admin = new_page()
    admin.set_viewport_size(PHONE)
    inspect = f"/cms-admin/event_registrations/inspect/{registration.pk}/"
    sign_in_with_code(admin, "secretariat@alliance.example", next_url=inspect)
    expect(admin).to_have_url(re.compile(re.escape(inspect) + "$"))
    admin.get_by_role("button", name="Mark as attended").dblclick()
    expect(admin.get_by_text("is marked as attended")).to_be_visible()
    registration.refresh_from_db()
    code = registration.certificate_code
    expect(admin.get_by_text(f"the certificate's code is {code}")).to_be_visible()
    screenshot(admin, "certificate-admin-marked-320")

    # The participant's live-stream page now offers the certificate.
    page.goto(live)
    screenshot(page, "certificate-live-ar-320")
    assert fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).click()
    with open(download.value.path(), "rb") as file:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(file.read())).pages)
    assert code in text
    address = re.search(r"/ar/certificates/\w+/", text).group(0)

    # A typo in the code first: the page says so; then the right code.
    page.goto(f"/ar/certificates/{code[:-1]}X/")
    expect(page.get_by_role("alert")).to_contain_text(code[:-1] + "X")
    screenshot(page, "certificate-unknown-ar-320")
    page.goto(address)
    expect(page.get_by_role("status")).to_contain_text(code)
    main = page.get_by_role("main")
    expect(main).to_contain_text("أمينة ديالو")
    expect(main).to_contain_text("منتدى التعليم المفتوح")
    screenshot(page, "certificate-verified-ar-320")
    assert fits(page)
