"""Conditional requests for the catalog resources, answered before the API view runs.

A 304 costs one index-only query (the catalog's version) and no view, serializer or list query.
"""

from api import caching

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
