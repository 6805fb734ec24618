"""An applicant applies in Arabic on a 320 px phone: the fee schedule, the charter, a failed step,
a double click, and carrying on from another device."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import HomePage, StandardPage
from members.factories import UserFactory
from members.models import ApplicationStatus, FeeSchedule, InstitutionKind, MembershipApplication
from tests.e2e.helpers import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]
PHONE = {"width": 320, "height": 800}


def phone(new_page, email):
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, email, next_url="/ar/apply/")
    expect(page).to_have_url(re.compile(r"/ar/apply/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_applicant_applies_in_arabic_on_a_phone_and_carries_on_from_another(
    new_page, screenshot
):
    FeeSchedule.objects.create(
        year=timezone.localdate().year,
        kind=InstitutionKind.UNIVERSITY,
        income_group="upper_middle",
        amount_usd=1200,
    )
    home = HomePage.objects.get(locale__language_code="ar", depth=2)
    charter = home.add_child(
        instance=StandardPage(slug="charter", title="ميثاق التحالف", body="<p>الغرض</p>")
    )
    charter.save_revision().publish()
    applicant = UserFactory(email="rosa@andes-open.example")

    page = phone(new_page, applicant.email)
    main = page.get_by_role("main")
    main.locator("a[href='/ar/apply/fees/']").click()  # the fee schedule, before starting
    expect(page.get_by_role("table")).to_contain_text("1,200.00")
    assert fits(page)  # the table scrolls in its own region
    screenshot(page, "application-ar-320-fees")
    page.go_back()
    main.locator("a[href='?start=1']").click()

    main.locator("[name=institution-institution_name]").fill("جامعة الأنديز المفتوحة")
    main.locator("[name=institution-kind]").select_option("university")
    main.locator("[name=institution-country]").select_option("PE")
    expect(main.locator("[name=institution-country] option:checked")).to_have_text("بيرو")
    main.locator("[name=institution-website]").fill("https://andes-open.example.org")
    main.locator("[name=institution-description]").fill("جامعة عامة تدرّس عبر الإنترنت.")
    assert fits(page)
    screenshot(page, "application-ar-320-step1")
    main.locator("button:not([formnovalidate])").dblclick()  # a double click: one step on
    expect(main.locator("[name=contact-contact_email]")).to_be_visible()

    # A failed step in the middle: it stays, says why, and keeps what was written.
    main.locator("[name=contact-contact_title]").fill("نائبة رئيس الجامعة")
    main.locator("[name=contact-contact_email]").fill("rosa at andes")
    main.locator("button:not([formnovalidate])").click()
    expect(main.locator("[name=contact-contact_email]")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "application-ar-320-contact-error")
    main.locator("[name=contact-contact_email]").fill("rosa@andes-open.example.org")
    main.locator("button:not([formnovalidate])").click()
    expect(main.locator("[name=motivation-motivation]")).to_be_visible()

    # Another device, another session: it opens at the motivation step.
    page = phone(new_page, applicant.email)
    main = page.get_by_role("main")
    expect(main.locator("[name=motivation-motivation]")).to_be_visible()
    link = main.locator("a[href='/ar/charter/']")
    expect(link).to_have_attribute("target", "_blank")
    with page.expect_popup() as popup:
        link.click()
    expect(popup.value.get_by_role("heading", level=1)).to_have_text("ميثاق التحالف")
    popup.value.close()
    main.locator("[name=motivation-motivation]").fill("نريد التدريس المشترك لمقررات مفتوحة.")
    main.locator("input[value=joint_teaching]").check()
    main.locator("[name=motivation-agreed_to_charter]").check()
    screenshot(page, "application-ar-320-motivation")
    main.locator("button:not([formnovalidate])").click()

    # The review: the answers, and the dues that will apply, before anything is submitted.
    expect(main.locator("dl.review")).to_contain_text("جامعة الأنديز المفتوحة")
    expect(main.locator("dl.review")).to_contain_text("rosa@andes-open.example.org")
    expect(main.locator("dl.review")).to_contain_text("بيرو")  # the country's name in Arabic
    expect(main.locator("p.fee")).to_contain_text("1,200.00")
    assert fits(page)
    screenshot(page, "application-ar-320-review")
    assert not MembershipApplication.objects.exists()
    main.locator("button:not([formnovalidate])").dblclick()  # a double click: one application
    expect(page).to_have_url(re.compile(r"/ar/apply/$"))
    expect(main.locator("#status-title")).to_contain_text("جامعة الأنديز المفتوحة")
    screenshot(page, "application-ar-320-submitted")
    application = MembershipApplication.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.contact_email == "rosa@andes-open.example.org"
    assert application.language == "ar"
