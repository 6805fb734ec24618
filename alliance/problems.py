"""The API's error document: RFC 9457 problem details (application/problem+json)."""

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
