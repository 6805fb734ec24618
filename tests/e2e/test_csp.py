"""Issue 12, part 10: the site and the Wagtail admin work under the Content-Security-Policy.

Chromium reports every resource, script or style the policy refuses on the console; each page
here, public and admin, is loaded as its people would see it and must report none.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page

from members.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    # The home pages come from a data migration, which a transactional test database flushes.
    pytest.mark.django_db(transaction=True),
]

PUBLIC = ["/en/", "/en/courses/", "/en/members/", "/en/news/", "/accounts/login/", "/api/docs/"]


def violations(page, path):
    seen = []
    page.on("console", lambda message: seen.append(message.text))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return [text for text in seen if "Content Security Policy" in text]


def admin_paths():
    home = Page.objects.filter(depth=2).first()
    return [
        "/cms-admin/",
        f"/cms-admin/pages/{home.pk}/",
        f"/cms-admin/pages/{home.pk}/edit/",
        "/cms-admin/images/",
        "/cms-admin/documents/",
        "/cms-admin/snippets/",
        "/cms-admin/reports/site-history/",
        "/cms-admin/users/",
        reverse("dues_report:index"),
        "/django-admin/",
    ]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_break_no_rule(page, path):
    response = page.request.get(path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert violations(page, path) == []
    if path == "/api/docs/":
        expect(page.get_by_role("heading", level=1)).to_have_text("Partner API")


def test_the_wagtail_admin_breaks_no_rule(new_page, live_server, screenshot):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(superuser)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    found = {}
    for path in admin_paths():
        found[path] = violations(page, path)
        screenshot(page, "csp-admin" + path.replace("/", "-").rstrip("-"))
    assert found == {path: [] for path in found}
