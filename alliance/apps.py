from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Alliance platform")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from alliance import (
            checks,  # noqa: F401 (registers the deployment checks)
            secretariat,
        )

        secretariat.connect()
        # Pillow refuses to open an image over twice this many pixels (a decompression bomb:
        # a small file that decodes to gigabytes), and warns over it; Wagtail's own limit.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
