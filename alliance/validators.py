"""Checks of what people send: uploads by content and size, URLs the platform will fetch."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
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


def validate_public_url(url: str) -> None:
    """Refuse URLs whose host resolves to a private, loopback or link-local address.

    The platform fetches members' feeds and posts to partners' webhooks: without this check it
    could be made to reach services inside its own network. Tests that run their own servers on
    the loopback interface turn it off with ALLOW_PRIVATE_URL_FETCH.
    """
    if settings.ALLOW_PRIVATE_URL_FETCH:
        return
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(
            _("The address %(host)s cannot be found.") % {"host": host}
        ) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise ValidationError(_("Only addresses on the public internet can be used."))
