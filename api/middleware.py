"""Conditional requests for the catalog resources, answered before the API view runs.

A 304 costs one index-only query (the catalog's version) and no view, serializer or list query.
"""

from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from alliance.problems import CONTENT_TYPE, problem
from api import caching
from api.languages import CODES, requested_language

CATALOG_PATHS = (
    "/api/v1/courses/",
    "/api/v1/institutions/",
    "/api/v1/projects/",
    "/api/v1/subjects/",
    "/api/v1/moochub/",
    "/api/v1/changes/",
)


class CatalogConditionalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(CATALOG_PATHS):
            return self.get_response(request)
        etag, last_modified = caching.validators(request, *caching.catalog_version())
        response = caching.conditional(request, etag, last_modified)
        if response is None:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
        return caching.stamp(response, etag, last_modified)


class ApiLanguageMiddleware:
    """Names in the asked language under /api/ (api.languages), said in Content-Language; an
    unknown `?lang=` is a 400 problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        language = requested_language(request)
        if language is None:
            errors = {"lang": [_("Choose one of: %s.") % ", ".join(CODES)]}
            body = problem(request, 400, "Some parameters are not valid.", errors)
            return JsonResponse(body, status=400, content_type=CONTENT_TYPE)
        with translation.override(language):
            response = self.get_response(request)
        response["Content-Language"] = language
        patch_vary_headers(response, caching.VARY)
        return response
