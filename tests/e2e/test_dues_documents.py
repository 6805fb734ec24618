"""An institution's administrator, on a 320 px phone in Arabic, downloads the pro-forma invoice
(twice: one number) and a receipt as PDFs; a member of the public signs a pledge in Arabic and
confirms it with the button of the emailed link's page."""

import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.models import Locale

from cms.models import Pledge
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import BankDetails, FeeSchedule, InstitutionRole, ProformaInvoice
from members.services import dues as dues_services
from tests.cms.conftest import campaign
from tests.e2e.helpers import link_path, sign_in

__all__ = ["campaign"]  # the website tests' fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def pdf_text(download) -> str:
    with open(download.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_an_administrator_downloads_the_invoice_and_the_receipt_in_arabic_on_a_phone(
    page, screenshot
):
    today = timezone.localdate()
    institution = InstitutionFactory(name="Cairo University", country="EG")
    FeeSchedule.objects.create(
        year=today.year, kind=institution.kind, income_group="lower_middle", amount_usd=300
    )
    FeeSchedule.objects.create(
        year=today.year, kind=institution.kind, income_group="", amount_usd=300
    )
    bank = BankDetails.load()
    bank.account_holder, bank.iban = "Global MOOC Alliance", "FR7630006000011234567890189"
    bank.save()
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@cairo.example")
    admin.preferred_language = "ar"
    admin.save()
    membership_url = f"/ar/my-institution/{institution.slug}/membership/"
    page.set_viewport_size(PHONE)
    sign_in(page, admin.email, next_url=membership_url)
    expect(page).to_have_url(re.compile(re.escape(membership_url) + "$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    button = page.get_by_role("button", name=re.compile("PDF"))
    expect(button).to_be_visible()
    screenshot(page, "dues-documents-ar-320")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320  # the button fits the phone

    with page.expect_download() as first:
        button.click()
    text = pdf_text(first.value)
    invoice = ProformaInvoice.objects.get()
    assert invoice.number in text and invoice.reference in text
    assert "FR7630006000011234567890189" in text
    # Again (a second click, or back and again): the same invoice, no new number.
    page.goto(membership_url)
    with page.expect_download() as second:
        page.get_by_role("button", name=re.compile("PDF")).click()
    assert invoice.number in pdf_text(second.value)
    assert ProformaInvoice.objects.count() == 1

    # The transfer arrives: the receipt as a PDF from the payments table.
    payment = dues_services.payment_record_offline(
        membership=institution.membership,
        reference="CIB-2231",
        received_on=today,
        actor=UserFactory(),
    )
    page.goto(membership_url)
    with page.expect_download() as receipt:
        page.get_by_role("link", name="PDF", exact=True).click()
    text = pdf_text(receipt.value)
    assert payment.receipt_number in text and "CIB-2231" in text
    screenshot(page, "dues-documents-ar-320-paid")


def test_a_pledge_signed_in_arabic_counts_once_confirmed_with_the_button(
    page, new_page, campaign, screenshot
):
    arabic = campaign.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title = "تعلّم مفتوح للجميع"
    arabic.save_revision().publish()
    page.set_viewport_size(PHONE)
    page.goto("/ar/open-learning-for-all/")
    form = page.get_by_role("main")
    form.locator("input[name=name]").fill("ليلى")
    form.locator("input[name=email]").fill("layla@example.org")
    form.locator("input[name=consent]").check()
    screenshot(page, "pledge-ar-320")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile("/signed/$"))
    expect(page.locator(".big-number")).to_have_text("0")
    (message,) = mail.outbox
    path = link_path(message.body, r"/ar/open-learning-for-all/confirm/[^/\s]+/")
    # A mail scanner opens the link: nothing is confirmed.
    scanner = new_page()
    scanner.goto(path)
    assert not Pledge.objects.confirmed().exists()
    # The person presses the button (twice: a double click).
    page.goto(path)
    screenshot(page, "pledge-confirm-ar-320")
    page.locator("main form button").dblclick()
    expect(page).to_have_url(re.compile("/share/$"))
    expect(page.locator(".big-number")).to_have_text("1")
    assert Pledge.objects.confirmed().count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
