from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware

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
