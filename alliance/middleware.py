from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone

from alliance.timezones import viewer_zone

# Paths outside the language-prefixed site: never redirected to /<lang>/… on a 404.
NOT_LOCALIZED = ("/api/", "/healthz", "/stripe/", "/media/", "/static/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the API and machine endpoints keep their 404s."""

    def process_response(self, request, response):
        if request.path.startswith(NOT_LOCALIZED):
            return response
        return super().process_response(request, response)


class ApiGZipMiddleware(GZipMiddleware):
    """gzip for the API only: HTML pages carry CSRF tokens, which compression would expose."""

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)


class ViewerTimeZoneMiddleware:
    """Show datetimes in the viewer's zone (alliance.timezones.viewer_zone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(viewer_zone(request))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
