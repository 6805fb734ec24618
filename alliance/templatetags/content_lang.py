"""Honest fallbacks: content shown in a language other than the reader's is marked with its own
`lang` and `dir`, with a short note in the reader's language.

    {% load content_lang %}
    {% content_lang page|text_lang:"body" %}{{ page.body|richtext }}{% endcontent_lang %}
    <h1>{% content_lang page|text_lang:"title" inline %}{{ page.title }}{% endcontent_lang %}</h1>
    {% content_lang project|text_lang:"title" inline %}{{ project|translated:"title" }}…
    {{ institution|marked:"name" }}   (the same inline form, for alliance.models.Translated)
    <div{{ course.content_language|lang_attrs }}>…</div>   (text in its own language, no note)

The block form adds the note; the inline form (inside headings, links, list items) only marks the
text, so that a whole page waiting for its translators carries one note per block, not per word.
"""

from functools import cache

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from alliance.models import Translated

register = template.Library()
NOTE = gettext_noop("This part is not yet translated.")


@cache
def _default_locale_id() -> int:
    from wagtail.models import Locale

    return Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk


def _source(obj):
    """The original (default-language) version of a translated page or snippet, or None."""
    if not hasattr(obj, "_content_source"):
        source = None
        if getattr(obj, "translation_key", None) and obj.locale_id != _default_locale_id():
            source = (
                type(obj)
                .objects.filter(
                    translation_key=obj.translation_key,
                    locale__language_code=settings.LANGUAGE_CODE,
                )
                .first()
            )
        obj._content_source = source
    return obj._content_source


@register.filter
def text_lang(obj, field: str) -> str:
    """The language `obj.<field>` is written in: a translation whose text is still the
    original's is in the original's language; otherwise the object's own language. For a
    model with `translations` (alliance.models.Translated): that of its `translated` text."""
    if isinstance(obj, Translated):
        return obj.translated(field)[1]
    source = _source(obj)
    value = getattr(obj, field, "")
    if source is not None and value and value == getattr(source, field, None):
        return settings.LANGUAGE_CODE
    if source is None and getattr(obj, "translation_key", None):
        return settings.LANGUAGE_CODE if obj.locale_id == _default_locale_id() else get_language()
    return obj.locale.language_code if source is not None else get_language()


@register.filter
def translated(obj: Translated, field: str) -> str:
    """`obj.<field>` in the reader's language, else in English (mark it with text_lang)."""
    return obj.translated(field)[0]


@register.filter
def marked(obj, field: str) -> str:
    """`obj.<field>` in the reader's language, else in English inside <span lang dir>: the inline
    content_lang of `translated`, usable inside blocktranslate."""
    text, language = obj.translated(field)
    return _inline(text, language)


@register.filter
def source_lang(obj) -> str:
    """The language of the original of `obj`: that of what translations copy unchanged (names,
    tags)."""
    return settings.LANGUAGE_CODE if _source(obj) is not None else text_lang(obj, "pk")


def _base(code: str) -> str:
    return (code or "").lower().split("-")[0]


@register.filter
def lang_attrs(language: str) -> str:
    """lang and dir for a BCP 47 tag, also one Django does not know (a course's "sw", "zh-Hans")."""
    try:
        bidi = get_language_info(language.lower())["bidi"]
    except KeyError:
        bidi = _base(language) in settings.LANGUAGES_BIDI
    return format_html(' lang="{}" dir="{}"', language, "rtl" if bidi else "ltr")


def _inline(content: str, language: str) -> str:
    """`content` marked with `language` when that is not the reader's (escaped)."""
    if not language or _base(language) == _base(get_language()) or not str(content).strip():
        return conditional_escape(content)
    return format_html("<span{}>{}</span>", lang_attrs(language), content)


class ContentLangNode(template.Node):
    def __init__(self, language, nodelist, inline):
        self.language, self.nodelist, self.inline = language, nodelist, inline

    def render(self, context):
        content = self.nodelist.render(context)
        language = self.language.resolve(context)
        if self.inline:
            return _inline(mark_safe(content), language)  # noqa: S308 (rendered, so escaped)
        if not language or _base(language) == _base(get_language()) or not content.strip():
            return content
        note = gettext(NOTE)
        return format_html(
            '<div class="untranslated"><p class="untranslated-note"{}>{}</p><div{}>{}</div></div>',
            lang_attrs(settings.LANGUAGE_CODE) if note == NOTE else "",  # note not translated yet
            note,
            lang_attrs(language),
            content,
        )


@register.tag
def content_lang(parser, token):
    """{% content_lang language [inline] %}…{% endcontent_lang %}"""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "inline"):
        raise template.TemplateSyntaxError("usage: {% content_lang language [inline] %}")
    nodelist = parser.parse(("endcontent_lang",))
    parser.delete_first_token()
    return ContentLangNode(parser.compile_filter(bits[1]), nodelist, len(bits) == 3)
