"""Spam protection for the public forms: a honeypot field and a rate limit per IP address.

The rate limit counts in the cache (Redis in production, shared by every process), keyed by a
hash of the address, in fixed windows.
"""

import hashlib

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from alliance.clientip import client_address

RATE_LIMIT = 5  # submissions per address and form
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
            raise forms.ValidationError(_("This form could not be sent. Please try again."))
        return ""


def rate_limited(request, scope: str, limit: int = RATE_LIMIT, window: int = RATE_WINDOW) -> bool:
    """Count this attempt; True once the address has made more than `limit` in the window."""
    address = client_address(request)
    key = f"ratelimit:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
