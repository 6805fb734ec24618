"""The translations of the demo content: one gettext catalog per language,
cms/demo_locale/<locale>/LC_MESSAGES/demo.po, keyed by the English text (msgid) and read with
polib when the demo is loaded, so no .mo file is needed. `manage.py demo_messages` writes the
English strings of the loaded demo into the catalogs; translators fill the msgstr."""

from functools import cache
from pathlib import Path

import polib
from django.utils.translation import to_locale
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from cms.selectors import text_fields

DIRECTORY = Path(__file__).resolve().parent
LANGUAGES = ["ar", "zh-hans", "fr", "ru", "es"]


def catalog_path(language: str) -> Path:
    return DIRECTORY / to_locale(language) / "LC_MESSAGES" / "demo.po"


@cache
def catalog(language: str) -> dict[str, str]:
    """{English text: translation} of the filled entries for `language` (empty if none)."""
    path = catalog_path(language)
    if not path.exists():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def translate(text: str, language: str) -> str | None:
    """`text` in `language`, or None while the catalog has no translation for it."""
    return catalog(language).get(text) if text else None


def write_catalogs(strings: list[str]) -> dict[str, int]:
    """Write `strings` (English, in order, deduplicated) as the msgids of each language's
    catalog, keeping the translations already there; returns {language: entries still empty}."""
    unique = list(dict.fromkeys(text for text in strings if text and text.strip()))
    empty = {}
    for language in LANGUAGES:
        path = catalog_path(language)
        known = {e.msgid: e for e in polib.pofile(str(path))} if path.exists() else {}
        po = polib.POFile(wrapwidth=0)
        po.metadata = {
            "Project-Id-Version": "Global MOOC Alliance demo content",
            "Language": to_locale(language),
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        for text in unique:
            old = known.get(text)
            po.append(
                polib.POEntry(
                    msgid=text,
                    msgstr=old.msgstr if old else "",
                    flags=old.flags if old else [],
                )
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
        empty[language] = sum(1 for entry in po if not entry.msgstr)
    catalog.cache_clear()
    return empty


# Pages ----------------------------------------------------------------------------------------


def _child_relations(model) -> list[str]:
    return [
        translatable.field_name
        for translatable in get_translatable_fields(model)
        if isinstance(translatable, TranslatableField)
        and model._meta.get_field(translatable.field_name).one_to_many
    ]


def source_strings(obj) -> list[str]:
    """The English texts of `obj` (a page or inline object) and of its inline children."""
    texts = [getattr(obj, name) for name in text_fields(type(obj))]
    for relation in _child_relations(type(obj)):
        for child in getattr(obj, relation).all():
            texts += source_strings(child)
    return texts


def _fill(target, source, language: str) -> bool:
    changed = False
    for name in text_fields(type(target)):
        text = translate(getattr(source, name), language)
        if text and getattr(target, name) == getattr(source, name):  # not translated by hand
            setattr(target, name, text)
            changed = True
    return changed


def localize(translation, source, language: str) -> None:
    """Give the translated page `translation` the catalog's text wherever it still shows the
    English of `source` (its fields and inline objects), and publish it if anything changed."""
    changed = _fill(translation, source, language)
    for relation in _child_relations(type(translation)):
        originals = {child.translation_key: child for child in getattr(source, relation).all()}
        for child in getattr(translation, relation).all():
            original = originals.get(child.translation_key)
            if original is not None and _fill(child, original, language):
                child.save()
                changed = True
    if changed:
        translation.save_revision().publish()


def localize_translations(page) -> None:
    """`localize` each existing translation of the English `page`."""
    page = page.specific
    for translation in page.get_translations().specific():
        language = translation.locale.language_code
        if language in LANGUAGES:
            localize(translation, page, language)


# Founding members' profiles -------------------------------------------------------------------


def founding_institutions():
    from members.demo import FOUNDING
    from members.models import Institution

    return Institution.objects.filter(name__in=[row[0] for row in FOUNDING]).order_by("name")


def localize_institutions() -> None:
    """Add the catalog's translation of each founding member's name and English description
    in the languages its profile lacks (hand edits stay)."""
    for institution in founding_institutions():
        description = dict(institution.description or {})
        english = description.get("en", "")
        names = {
            language: {"name": text}
            for language in LANGUAGES
            if (text := translate(institution.name, language))
        }
        for language in LANGUAGES:
            text = translate(english, language)
            if text and not description.get(language):
                description[language] = text
            elif language in names and description.get(language):
                # the generated text names it in English (and spaces it, also in Chinese)
                space = "" if language == "zh-hans" else " "
                description[language] = description[language].replace(
                    f"{institution.name} ", names[language]["name"] + space
                )
        translations = {**names, **institution.translations}
        if (description, translations) != (institution.description, institution.translations):
            institution.description, institution.translations = description, translations
            institution.save(update_fields=["description", "translations", "modified_at"])


# News tags ------------------------------------------------------------------------------------


def localize_news_tags() -> None:
    """Add the catalog's names of the news tags in the languages they lack (hand edits stay)."""
    from cms.models.news import NewsTag

    for tag in NewsTag.objects.all():
        names = {
            language: {"name": text}
            for language in LANGUAGES
            if (text := translate(tag.name, language))
        }
        translations = {**names, **tag.translations}
        if translations != tag.translations:
            tag.translations = translations
            tag.save(update_fields=["translations"])


def demo_strings() -> list[str]:
    """Every English text of the loaded demo content that the catalogs translate."""
    from wagtail.models import Page

    from cms.models.news import NewsTag

    pages = Page.objects.filter(locale__language_code="en", depth__gte=2).order_by("path")
    texts = [text for page in pages.specific() for text in source_strings(page)]
    for institution in founding_institutions():
        texts += [institution.name, institution.description.get("en", "")]
    return texts + list(NewsTag.objects.order_by("name").values_list("name", flat=True))
