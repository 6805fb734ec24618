"""The website's images: Wagtail images on pages, shown as responsive <picture> renditions.

Uploads go through Wagtail's image field, which opens each file (Willow) and refuses what is not
an image of an allowed format matching its extension, over WAGTAILIMAGES_MAX_UPLOAD_SIZE or
over WAGTAILIMAGES_MAX_IMAGE_PIXELS; the admin's form requires the alt text
(cms/image_forms.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model


def image_field():
    """A page's optional image (the same image in every language)."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def with_images(pages):
    """`pages` with their images and the images' renditions: two queries for the whole list."""
    return pages.prefetch_related(
        models.Prefetch("image", queryset=get_image_model().objects.prefetch_renditions())
    )
