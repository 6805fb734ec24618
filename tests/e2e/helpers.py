"""Small steps the journeys share."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from members.demo import DEMO_TOTP_SECRET
from members.factories import DEMO_PASSWORD, UserFactory


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


def secretariat_person(email, **extra):
    """A member of the secretariat with their authenticator set up (DEMO_TOTP_SECRET)."""
    user = UserFactory(email=email, **extra)
    user.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def sign_in_with_code(page, email, next_url=None):
    """Sign in, then give the authenticator's current code (the secretariat's two factors)."""
    sign_in(page, email, next_url=next_url)
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:  # the code would expire before it is checked
        time.sleep(period - time.time() % period)
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // period))
    # Ids start again after each journey's database restore: forget that a journey of this
    # period already used the code, or allauth refuses it as replayed.
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    page.locator("input[name=code]").fill(code)
    page.get_by_role("main").get_by_role("button", name="Sign In").click()


# Wider than the viewport: the page scrolls sideways. (Elements that overflow are named.)
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  });
  return {
    scrollWidth: document.documentElement.scrollWidth, width,
    wide: wide.slice(0, 3).map((el) => el.tagName.toLowerCase() + "." + el.className),
  };
}"""


def assert_fits(page, width=320):
    """At `width` px wide the page does not scroll sideways (the widest elements are named)."""
    page.set_viewport_size({"width": width, "height": 800})
    box = page.evaluate(OVERFLOW)
    assert box["scrollWidth"] <= box["width"], (
        f"{page.url} scrolls sideways to {box['scrollWidth']} px at {width}: {box['wide']}"
    )
