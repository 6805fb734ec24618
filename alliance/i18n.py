"""Language switching (the same page in another language, remembered in the language cookie),
and the CLDR locale (Babel) of a language for what Django's formats lack."""

from functools import cache

from babel import Locale
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, to_locale

# The alliance writes English the international way (9 December 2020), as CLDR's en_GB does.
BABEL_LOCALES = {"en": "en_GB"}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(language, to_locale(language)))


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of `language` (default: the active language; English if none is active)."""
    return _locale(language or get_language() or settings.LANGUAGE_CODE)


def translated_urls(path: str, *, page=None) -> dict[str, str]:
    """The URL of `path` in each language: a Wagtail page's live translation, or the same route."""
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    if page is not None and hasattr(page, "get_translations"):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translation.locale.language_code] = translation.get_url()
    return urls


def switch_language(request, language: str):
    """GET /i18n/<language>/?next=<path>: remember the choice and go to that page in it.

    Only a preference cookie changes, so a plain link works everywhere, without JavaScript.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
