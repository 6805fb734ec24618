from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def good_practice_published(sender, instance, **kwargs):
    from cms.services import good_practice_published

    good_practice_published(page=instance)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from wagtail.signals import page_published

        from alliance import secretariat
        from cms import (  # noqa: F401 (views, call_views and commitment_views attach the page models' routes)
            call_views,
            commitment_views,
            permissions,
            views,
        )
        from cms.models import GoodPracticePage

        secretariat.declare(
            self.label,
            models=permissions.SECRETARIAT_PERMISSIONS,
            pages=permissions.SECRETARIAT_PAGE_PERMISSIONS,
            collections=permissions.SECRETARIAT_COLLECTION_PERMISSIONS,
        )
        page_published.connect(good_practice_published, sender=GoodPracticePage)
