"""The API's error document: RFC 9457 problem details (application/problem+json)."""

import sys

from django.db import DatabaseError, DataError, IntegrityError
from django.http import JsonResponse
from django.views import defaults

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(request, code: int, detail, errors=None) -> dict:
    body = {
        "type": f"https://mooc.global/problems/{code}",
        "title": TITLES.get(code, "Error"),
        "status": code,
        "instance": request.get_full_path() if request else "",
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def server_error(request):
    """handler500: the API answers a problem document, never Django's HTML page; a database
    that is gone or timed out is a 503 with Retry-After (the site's pages keep the 500 page)."""
    exc = sys.exc_info()[1]
    outage = isinstance(exc, DatabaseError) and not isinstance(exc, (IntegrityError, DataError))
    if not request.path.startswith("/api/"):
        return defaults.server_error(request)
    code = 503 if outage else 500
    detail = (
        "The service is unavailable for a moment. Please try again."
        if outage
        else "Something went wrong on our side."
    )
    response = JsonResponse(problem(request, code, detail), status=code, content_type=CONTENT_TYPE)
    if outage:
        response["Retry-After"] = "30"
    return response
