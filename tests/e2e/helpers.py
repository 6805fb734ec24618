"""Small steps the journeys share."""

import re

from members.factories import DEMO_PASSWORD


def link_path(body: str, pattern: str) -> str:
    """The path of the first link in an email body whose path matches `pattern`.

    Emails carry absolute links built from SITE_URL or the request's host; the tests open the
    path on the live server.
    """
    match = re.search(rf"https?://[^/\s]+({pattern})", body)
    assert match, f"No link matching {pattern!r} in:\n{body}"
    return match.group(1)


def sign_in(page, email, password=DEMO_PASSWORD, next_url=None):
    """Sign in through the allauth form."""
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    fill_sign_in_form(page, email, password)


def fill_sign_in_form(page, email, password=DEMO_PASSWORD):
    """On the sign-in page: fill in the form and submit it."""
    form = page.get_by_role("main")
    form.get_by_label("Email", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign In").click()
