from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the secretariat may do in the CMS: the whole page tree, documents and images, translations.
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = {
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image"],
}
MODEL_PERMISSIONS = {
    "cms": ["view_eventregistration"],
    "wagtail_localize": ["submit_translation"],
}


def grant_secretariat(sender, **kwargs):
    """After members/ and projects/ have set the secretariat's group: let it edit and publish every
    page in every language, manage documents and images, and read event registrations."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    using = kwargs.get("using", "default")
    for label in ("wagtailcore", "wagtaildocs", "wagtailimages", "cms"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    group = Group.objects.filter(name=settings.SECRETARIAT_GROUP).first()
    root, collection = Page.get_first_root_node(), Collection.get_first_root_node()
    if group is None or root is None or collection is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    for app_label, codenames in MODEL_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def good_practice_published(sender, instance, **kwargs):
    from cms.services import good_practice_published

    good_practice_published(page=instance)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from wagtail.signals import page_published

        from cms.models import GoodPracticePage

        post_migrate.connect(grant_secretariat, sender=self)
        page_published.connect(good_practice_published, sender=GoodPracticePage)
