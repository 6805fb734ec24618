import re

from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.problems import CONTENT_TYPE, problem
from alliance.timezones import viewer_zone

# Paths outside the language-prefixed site: never redirected to /<lang>/… on a 404.
NOT_LOCALIZED = ("/api/", "/healthz", "/stripe/", "/media/", "/static/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the API and machine endpoints keep their 404s."""

    def process_response(self, request, response):
        if request.path.startswith(NOT_LOCALIZED):
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


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
FORM = "application/x-www-form-urlencoded"


def control_characters(request) -> bool:
    """Whether the path or the query string (decoded) holds a C0 control character or DEL, or a
    form-encoded body a NUL (no database column takes one)."""
    if CONTROL_CHARACTERS.search(request.path_info):
        return True
    for key, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
            return True
    if request.method == "POST" and request.content_type == FORM:
        return any("\x00" in key or "\x00" in "".join(v) for key, v in request.POST.lists())
    return False


class RefuseControlCharactersMiddleware:
    """One 400 for every request that carries control characters where no view expects them:
    a problem document for the API, the site's 400 page otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not control_characters(request):
            return self.get_response(request)
        message = _("The address or the form holds control characters.")
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                problem(request, 400, message), status=400, content_type=CONTENT_TYPE
            )
        return render(request, "400.html", {"message": message}, status=400)
