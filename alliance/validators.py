"""Checks of what people send: uploads by content and size (URLs to fetch: alliance.outbound)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_file_size(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too big (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )


def validate_image(upload, *, max_bytes: int, max_side: int = 5000) -> None:
    """After Django's ImageField has opened the upload with Pillow: format, size and dimensions.

    SVG is refused (Pillow cannot read it, and it may carry scripts).
    """
    validate_file_size(upload, max_bytes)
    image = getattr(upload, "image", None)
    if image is None or image.format not in {"PNG", "JPEG", "WEBP", "GIF"}:
        raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
    if max(image.size) > max_side:
        raise ValidationError(
            _("The image is too large: at most %(side)s pixels on each side.") % {"side": max_side}
        )
