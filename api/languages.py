"""The language of the API's reference names (ISCED-F fields, platforms, languages, countries,
regions, levels and pacing): `?lang=` first, else Accept-Language, else English."""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

CODES = [code for code, _name in settings.LANGUAGES]


def _supported(tag: str) -> str | None:
    try:
        return translation.get_supported_language_variant(tag.lower())
    except LookupError:
        return None


def requested_language(request) -> str | None:
    """One of the six languages; None when `?lang=` names none of them (a 400)."""
    if "lang" in request.GET:
        return _supported(request.GET["lang"])
    for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if tag == "*":
            break
        if language := _supported(tag):
            return language
    return settings.LANGUAGE_CODE
