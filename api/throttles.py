from rest_framework.throttling import SimpleRateThrottle

from alliance.clientip import client_address


class AnonymousThrottle(SimpleRateThrottle):
    """Anonymous reads: a low rate per client address. People signed in to the site (Wagtail's
    admin API and wagtail-localize's editor, with Django sessions) are not partners: not counted."""

    scope = "anonymous"

    def get_ident(self, request):
        return client_address(request)  # not DRF's NUM_PROXIES: one rule for every limit

    def get_cache_key(self, request, view):
        if request.auth is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerThrottle(SimpleRateThrottle):
    """Requests with an API key: a higher rate per key."""

    scope = "partner"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
