"""The secretariat's global group (`settings.SECRETARIAT_GROUP`) and what it may do.

Each app declares its grants once, in its `AppConfig.ready()` (`declare(...)`); `grant_all`
applies them all, once, after every `migrate` (and every `flush`), when the last app has had its
`post_migrate`, so no app depends on another's handler running first:

- `models`: model permissions (`"app_label.codename"`); the group holds exactly these;
- `pages`: Wagtail page permissions (`wagtailcore` codenames) on the root of the page tree;
- `collections`: collection permissions (`"app_label.codename"`) on the root collection.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import post_migrate
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


@dataclass(frozen=True)
class Grants:
    models: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()


_declared: dict[str, Grants] = {}


def declare(app_label: str, *, models=(), pages=(), collections=()) -> None:
    """An app's grants to the secretariat (again for the same app: replaces them)."""
    _declared[app_label] = Grants(tuple(models), tuple(pages), tuple(collections))


def declared() -> Grants:
    """Every app's grants together."""
    grants = list(_declared.values())
    return Grants(
        models=tuple(name for grant in grants for name in grant.models),
        pages=tuple(name for grant in grants for name in grant.pages),
        collections=tuple(name for grant in grants for name in grant.collections),
    )


def _permissions(names) -> list[Permission]:
    """The Permission rows of `"app_label.codename"` names (those of installed apps)."""
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


def grant_all(*, using: str = "default") -> Group:
    """Create the group if needed and give it every declared grant."""
    grants = declared()
    pages = [f"wagtailcore.{codename}" for codename in grants.pages]
    labels = {name.split(".")[0] for name in (*grants.models, *pages, *grants.collections)}
    # Django's own post_migrate handler creates each app's permissions; make sure of them here.
    for label in sorted(labels):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    group.permissions.set(_permissions(grants.models))
    root = Page.get_first_root_node()
    if root is not None:
        for permission in _permissions(pages):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for permission in _permissions(grants.collections):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return group


def _last_app_with_models():
    return [config for config in apps.get_app_configs() if config.models_module][-1]


def grant_after_migrate(sender, app_config, using="default", **kwargs) -> None:
    """post_migrate is sent once per app: act on the last one's, when every app has migrated."""
    if app_config is _last_app_with_models():
        grant_all(using=using)


def connect() -> None:
    post_migrate.connect(grant_after_migrate, dispatch_uid="alliance.secretariat")
