import html
import json

from babel import Locale, UnknownLocaleError
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance import timezones
from alliance.i18n import babel_locale, translated_urls
from alliance.templatetags.alliance_formats import cldr_list

register = template.Library()

# The main navigation: the public sections fixed by the design (paths under the language prefix).
MAIN_NAVIGATION = [
    ("members", _("Members")),
    ("courses", _("Courses")),
    ("projects", _("Projects")),
    ("news", _("News")),
    ("events", _("Events")),
    ("declaration", _("Declaration")),
    ("resources", _("Resources")),
]


@register.simple_tag(takes_context=True)
def main_navigation(context):
    request = context.get("request")
    path = request.path if request else ""
    prefix = f"/{get_language()}/"
    items = []
    for slug, label in MAIN_NAVIGATION:
        url = f"{prefix}{slug}/"
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """One entry per language: the same page in that language, and the link that switches to it."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    path = request.get_full_path()
    urls = translated_urls(path, page=context.get("page"))
    alternates = []
    for code, name in settings.LANGUAGES:
        url = urls[code]
        switch_url = reverse("switch_language", args=[code]) + "?" + urlencode({"next": url})
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": request.build_absolute_uri(url),
                "switch_url": switch_url,
                "current": code == current,
            }
        )
    return alternates


# OpenGraph's locale names (language_TERRITORY) of the site's languages.
OG_LOCALES = {
    "ar": "ar_AR",
    "zh-hans": "zh_CN",
    "en": "en_US",
    "fr": "fr_FR",
    "ru": "ru_RU",
    "es": "es_ES",
}


@register.simple_tag
def og_locales():
    """The page's OpenGraph locale and its five alternates."""
    current = get_language()
    return {
        "current": OG_LOCALES.get(current, OG_LOCALES[settings.LANGUAGE_CODE]),
        "alternates": [og for code, og in OG_LOCALES.items() if code != current],
    }


@register.simple_tag(takes_context=True)
def repeat_block(context, name):
    """Render the current override of block `name` again (the <title> in og:title): a Django
    block renders only once where it stands."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        return ""
    with context.push(block=block):
        text = html.unescape(block.nodelist.render(context))  # simple_tag escapes it again
    return " ".join(text.split())


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` (a path, or already absolute: media on S3) as an absolute address of this site."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else f"{settings.SITE_URL}{url}"


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> block, safe against closing the script early."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def toggle_query(context, key, value) -> str:
    """The current query string with `key` set to `value`, or removed if it already is."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if params.get(key) == str(value):
        params.pop(key)
    else:
        params[key] = value
    return "?" + params.urlencode()


@register.filter
def language_label(code: str) -> str:
    """The CLDR name of a BCP 47 language tag in the current language (the tag if unknown):
    "pt-BR" is "portugais (Brésil)" to a French reader."""
    try:
        return Locale.parse(code, sep="-").get_display_name(babel_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


@register.filter
def language_labels(codes) -> str:
    """The CLDR names of language tags, listed the locale's way ("中文（简体）、英语")."""
    return cldr_list(language_label(code) for code in codes or ())


@register.inclusion_tag("includes/time_zone_form.html", takes_context=True)
def time_zone_form(context):
    """A small form to choose the zone times are shown in; it returns to the current page."""
    request = context["request"]
    current = timezone.get_current_timezone_name()
    return {
        "groups": timezones.zone_choices(current=current),
        "current": current,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


# A campaign shows its goal once it is a tenth of the way there: "5 of 1,000" says "failing".
GOAL_SHOWN_FROM = 0.1


@register.filter
def goal_in_sight(count, goal) -> bool:
    """`{% if count|goal_in_sight:goal %}`: whether the progress towards `goal` is worth showing."""
    return bool(goal) and (count or 0) >= goal * GOAL_SHOWN_FROM
