"""`{% picture %}`: Wagtail's responsive <picture> tag, with the alt text in the reader's language.

    {% load alliance_images %}
    {% picture page.image fill-{480x270,960x540} format-{avif,webp,jpeg} sizes="100vw" %}
    {% picture item.image fill-{240x135,480x270} format-{avif,webp,jpeg} loading="lazy" alt="" %}

The arguments are Wagtail's (filter specs, then attributes). Without an `alt` attribute the
image's alt text is used (alliance.images.alt_text): the reader's language if written, else the
default one, marked with its `lang` (and `dir`). `alt=""` marks a decorative image.
"""

from django import template
from django.template.base import FilterExpression
from django.utils.translation import get_language, get_language_bidi, get_language_info
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

from alliance.images import alt_text

register = template.Library()


class _Value(FilterExpression):
    """A resolved attribute value (Wagtail's node resolves each attribute from the context)."""

    def __init__(self, value):
        self.value = value

    def resolve(self, context, ignore_failures=False):
        return self.value


class TranslatedPictureNode(PictureNode):
    def render(self, context):
        if "alt" in self.attrs or self.output_var_name:
            return super().render(context)
        image = self.validate_image(context)
        if not image:
            return ""
        text, language = alt_text(image)
        extra = {"alt": text}
        reader = get_language()
        if language != reader:
            extra["lang"] = language
            rtl = get_language_info(language)["bidi"]
            if rtl != get_language_bidi():
                extra["dir"] = "rtl" if rtl else "ltr"
        node = PictureNode(
            self.image_expr,
            self.filter_specs,
            attrs={**self.attrs, **{key: _Value(value) for key, value in extra.items()}},
        )
        return node.render(context)


@register.tag
def picture(parser, token):
    node = parse_image_tag(parser, token)
    return TranslatedPictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )


@register.filter
def image_alt(image) -> str:
    """The image's alt text in the reader's language, else the default one (for meta tags)."""
    return alt_text(image)[0]
