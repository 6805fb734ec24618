"""Spam protection for the public forms: a honeypot field and a limit per IP address.

The limit counts successful actions only (a submission stored, a pledge or a registration
taken): a refused form gives its place back, so a campus behind one address is not locked out by a
few mistakes. Counts are kept in the cache (Redis in production, shared by every process), keyed
by a hash of the address, in fixed windows. A place is reserved before the action and given back
if it fails, so a burst of simultaneous requests cannot pass the limit either.
"""

import contextlib
import hashlib

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance.clientip import client_address

RATE_LIMIT = 5  # successful submissions per address and form (all its languages)
RATE_WINDOW = 3600  # seconds


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by screen readers and the tab order);
    robots that fill every field give themselves away."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            # The form's error, not the field's: people never see the field to correct it.
            self.add_error(None, _("This form could not be sent. Please try again."))
        return ""


class SuccessLimit:
    """`with success_limit(request, scope) as limit:` reserves one of the address's places in
    `scope`; `limit.allowed` is False when `limit` successes are already in the window. Call
    `limit.succeeded()` once the action is done: otherwise the place is given back on exit."""

    def __init__(self, key: str, limit: int, window: int):
        self.key = key
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        self.allowed = count <= limit
        self.kept = False

    def succeeded(self) -> None:
        self.kept = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if not self.kept:
            with contextlib.suppress(ValueError):  # the window has ended meanwhile
                cache.decr(self.key)


def success_limit(
    request, scope: str, limit: int = RATE_LIMIT, window: int = RATE_WINDOW
) -> SuccessLimit:
    address = client_address(request)
    key = f"ratelimit:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
    return SuccessLimit(key, limit, window)


def submit_within_limit(request, scope: str, form, *, too_many: str, act, error_field=None):
    """Validate `form` and run `act()` (it returns the response for success, or raises a
    ValidationError) within the address's success limit in `scope`. Returns that response, or
    the status to show the form with again: 429 past the limit (with `too_many` on the form),
    400 when the form or the action refused it (the action's error on `error_field`)."""
    with success_limit(request, scope) as limit:
        if not limit.allowed:
            form.is_valid()
            form.add_error(None, too_many)
            return 429
        if not form.is_valid():
            return 400
        try:
            response = act()
        except ValidationError as error:
            form.add_error(error_field, error)
            return 400
        limit.succeeded()
        return response
