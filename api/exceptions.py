"""Every error as an RFC 9457 problem document (application/problem+json)."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
}


def problem_details(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    code = response.status_code
    body = {
        "type": f"https://mooc.global/problems/{code}",
        "title": TITLES.get(code, "Error"),
        "status": code,
        "instance": request.get_full_path() if request else "",
    }
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, dict):
        body["detail"] = "Some parameters are not valid."
        body["errors"] = data
    elif isinstance(data, dict) and "detail" in data:
        body["detail"] = str(data["detail"])
    elif isinstance(exc, Http404):
        body["detail"] = "Not found."
    else:
        body["detail"] = data if isinstance(data, str) else "Some input is not valid."
        body["errors"] = data
    problem = Response(body, status=code, headers=dict(response.items()))
    problem.content_type = "application/problem+json"
    if code == status.HTTP_406_NOT_ACCEPTABLE:
        # The renderer the client asked for is not there: answer in JSON.
        from rest_framework.renderers import JSONRenderer

        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/problem+json"
    return problem
