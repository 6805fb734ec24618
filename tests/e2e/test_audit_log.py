"""An institution's administrator reads its log, on a 320 px phone in Arabic."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.factories import InstitutionFactory, affiliate
from members.models import Affiliation, InstitutionRole
from members.services import institutions as institutions_services
from members.services import people as people_services
from tests.e2e.helpers import assert_fits, sign_in
from tests.members.conftest import activate_membership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def test_an_admin_reads_who_changed_what_in_arabic_at_320_px(page, screenshot):
    institution = InstitutionFactory(name="Université de Tunis")
    activate_membership(institution)
    admin = affiliate(institution, InstitutionRole.ADMIN, email="admin@tunis.example")
    editor = affiliate(institution, InstitutionRole.EDITOR, email="editor@tunis.example")
    people_services.person_change_role(
        affiliation=Affiliation.objects.get(user=editor),
        role=InstitutionRole.ADMIN,
        actor=admin,
    )
    institutions_services.institution_update(
        institution=institution, user=admin, data={"name": "جامعة تونس"}
    )
    page.set_viewport_size({"width": 320, "height": 800})
    log_url = f"/ar/my-institution/{institution.slug}/log/"
    sign_in(page, admin.email, next_url=log_url)
    expect(page).to_have_url(re.compile(re.escape(log_url) + "$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    rows = page.locator("tbody tr")  # newest first
    expect(rows.first).to_contain_text("Université de Tunis → جامعة تونس")
    expect(rows.nth(1)).to_contain_text("editor@tunis.example")
    expect(rows.nth(1)).to_contain_text("→ مدير")  # the role's label in Arabic, not "admin"
    screenshot(page, "audit-log-ar-320")
    assert_fits(page)
    # The details (emails, values) wrap: the whole table fits, with no scrolling of its own.
    assert page.locator(".table-scroll").evaluate("el => el.scrollWidth <= el.clientWidth")
    with page.expect_download() as download:
        page.locator(f"a[href$='/my-institution/{institution.slug}/log.csv']").click()
    assert "جامعة تونس" in Path(download.value.path()).read_text(encoding="utf-8-sig")
