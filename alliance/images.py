"""The site's images, for every app (cms pages, projects, courses).

- Wagtail images (pages, projects): `image_field()` on the model, `with_images()` on lists (the
  images, their renditions and their alt texts in two queries), and `{% picture %}` from
  `{% load alliance_images %}` (alliance/templatetags/alliance_images.py): AVIF, WebP and JPEG
  renditions with srcset, sizes, width and height, and the alt text in the reader's language.
- Alt text: the image's `description` is the default (English) alt text, required by the
  admin's form (cms/image_forms.py) and by every upload form; `ImageAltText` holds it in the
  other languages. `alt_text()` picks the reader's, else the default, and says which it is.
- Plain uploads (course images, institution logos): `reencode()` decodes the checked upload
  (alliance.validators.validate_image), drops its metadata (EXIF, GPS, ICC, comments), shrinks it
  to a maximum side and stores it as WebP; what is kept is only pixels the server drew itself.

Uploads of Wagtail images go through Wagtail's image field, which opens each file (Willow) and
refuses what is not an image of an allowed format matching its extension, over
WAGTAILIMAGES_MAX_UPLOAD_SIZE or over WAGTAILIMAGES_MAX_IMAGE_PIXELS.
"""

from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

WEBP_QUALITY = 80


def image_field():
    """An optional Wagtail image on a model (for a page: the same image in every language)."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def images_with_renditions():
    """Wagtail images with their alt texts (joined) and their renditions (one more query)."""
    return get_image_model().objects.select_related("alt_text").prefetch_renditions()


def with_images(rows, field: str = "image"):
    """`rows` with their images, the images' alt texts and renditions: two queries for the list."""
    return rows.prefetch_related(models.Prefetch(field, queryset=images_with_renditions()))


def alt_text(image, language: str | None = None) -> tuple[str, str]:
    """(the alt text, its language): in `language` (default: the reader's) if written, else the
    default one (the image's description, in settings.LANGUAGE_CODE)."""
    from alliance.models import ImageAltText

    language = language or get_language() or settings.LANGUAGE_CODE
    try:
        texts = image.alt_text.texts
    except ImageAltText.DoesNotExist:
        texts = {}
    text = texts.get(language) if isinstance(texts, dict) else None
    if text and isinstance(text, str):
        return text, language
    return image.default_alt_text, settings.LANGUAGE_CODE


def alt_texts_save(image, texts: dict[str, str]) -> None:
    """Store `image`'s alt text in the other languages (empty ones are dropped)."""
    from alliance.models import ImageAltText

    texts = {
        code: text.strip()
        for code, text in texts.items()
        if code != settings.LANGUAGE_CODE and text and text.strip()
    }
    ImageAltText.objects.update_or_create(image=image, defaults={"texts": texts})
    image._state.fields_cache.pop("alt_text", None)


def reencode(upload, *, max_side: int, name: str) -> SimpleUploadedFile:
    """The (already validated) upload decoded and re-encoded as WebP named `name`.webp, at most
    `max_side` pixels on each side, without metadata, its orientation applied."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)  # turned as the camera meant, then EXIF dropped
        image.thumbnail((max_side, max_side))
        has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
        pixels = image.convert("RGBA" if has_alpha else "RGB")
        pixels.info = {}  # no EXIF, ICC profile, XMP or comments in what is saved
        out = BytesIO()
        pixels.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    stem = PurePath(name).stem or "image"
    return SimpleUploadedFile(f"{stem}.webp", out.getvalue(), content_type="image/webp")


IMAGE_MAX_SIDE = 2400  # the largest rendition a page asks for is 1,440 pixels wide


def image_create(*, upload, title: str, alt: str, alt_texts: dict[str, str], uploaded_by=None):
    """A Wagtail image from an upload a form has checked (alliance.validators.validate_image),
    re-encoded by `reencode`, with its default alt text and its alt text in other languages."""
    from django.core.files.images import ImageFile

    Image = get_image_model()
    file = reencode(upload, max_side=IMAGE_MAX_SIDE, name=upload.name)
    image = Image(title=title[:255], description=alt, uploaded_by_user=uploaded_by)
    image.file = ImageFile(file, name=file.name)
    image.full_clean(exclude=["file", "focal_point_x", "focal_point_y"])
    image.save()
    alt_texts_save(image, alt_texts)
    return image
