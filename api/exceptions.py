"""Every error as an RFC 9457 problem document (application/problem+json)."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from alliance.problems import CONTENT_TYPE, problem


def invalid_state(field: str) -> exceptions.ValidationError:
    """The one answer to client-supplied state (a page cursor, a feed position) that does not
    decode to what the server handed out: a 400, whatever went wrong inside."""
    return exceptions.ValidationError({field: [_("This cursor is not valid.")]})


def problem_details(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    code = response.status_code
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, dict):
        body = problem(request, code, "Some parameters are not valid.", data)
    elif isinstance(data, dict) and "detail" in data:
        body = problem(request, code, str(data["detail"]))
    elif isinstance(exc, Http404):
        body = problem(request, code, "Not found.")
    else:
        detail = data if isinstance(data, str) else "Some input is not valid."
        body = problem(request, code, detail, data)
    response = Response(body, status=code, headers=dict(response.items()))
    response.content_type = CONTENT_TYPE
    if code == status.HTTP_406_NOT_ACCEPTABLE:
        # The renderer the client asked for is not there: answer in JSON.
        from rest_framework.renderers import JSONRenderer

        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = CONTENT_TYPE
    return response
