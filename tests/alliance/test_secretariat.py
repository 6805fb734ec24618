"""The secretariat's grants (alliance.secretariat): each app declares them, one handler applies
them after migrate, whatever the order in which the apps' post_migrate signals arrive.

The test database is built by `migrate` (on SQLite when DATABASE_URL is unset), so the first
test also checks a fresh migrate."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from alliance import secretariat
from cms import permissions as cms_permissions
from members import permissions as members_permissions
from projects import permissions as projects_permissions

MODEL_PERMISSIONS = {
    *members_permissions.SECRETARIAT_PERMISSIONS,
    *projects_permissions.SECRETARIAT_PERMISSIONS,
    *cms_permissions.SECRETARIAT_PERMISSIONS,
}


def granted() -> tuple[set[str], set[str], set[str]]:
    group = Group.objects.get(name=settings.SECRETARIAT_GROUP)
    models = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    pages = set(
        GroupPagePermission.objects.filter(
            group=group, page=Page.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )
    collections = {
        f"{app_label}.{codename}"
        for app_label, codename in GroupCollectionPermission.objects.filter(
            group=group, collection=Collection.get_first_root_node()
        ).values_list("permission__content_type__app_label", "permission__codename")
    }
    return models, pages, collections


def test_every_app_declares_its_grants():
    grants = secretariat.declared()
    assert set(grants.models) == MODEL_PERMISSIONS
    assert set(grants.pages) == set(cms_permissions.SECRETARIAT_PAGE_PERMISSIONS)
    assert set(grants.collections) == set(cms_permissions.SECRETARIAT_COLLECTION_PERMISSIONS)


@pytest.mark.django_db
def test_the_grants_exist_after_migrate():
    models, pages, collections = granted()
    assert models == MODEL_PERMISSIONS
    assert pages == set(cms_permissions.SECRETARIAT_PAGE_PERMISSIONS)
    assert collections == set(cms_permissions.SECRETARIAT_COLLECTION_PERMISSIONS)


def send_post_migrate(configs) -> None:
    for config in configs:
        post_migrate.send(
            sender=config,
            app_config=config,
            verbosity=0,
            interactive=False,
            using="default",
            apps=apps,
            plan=[],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["installed", "reversed"])
def test_the_grants_do_not_depend_on_the_order_of_the_apps(order):
    """With one handler per app, an app that set the group's permissions after another had
    added its own took those away."""
    Group.objects.filter(name=settings.SECRETARIAT_GROUP).delete()
    configs = [config for config in apps.get_app_configs() if config.models_module]
    send_post_migrate(configs if order == "installed" else reversed(configs))

    models, pages, collections = granted()
    assert models == MODEL_PERMISSIONS
    assert pages == set(cms_permissions.SECRETARIAT_PAGE_PERMISSIONS)
    assert collections == set(cms_permissions.SECRETARIAT_COLLECTION_PERMISSIONS)


@pytest.mark.django_db
def test_the_group_holds_exactly_the_declared_model_permissions():
    group = Group.objects.get(name=settings.SECRETARIAT_GROUP)
    group.permissions.add(Permission.objects.get(codename="delete_institution"))

    secretariat.grant_all()

    models, _pages, _collections = granted()
    assert models == MODEL_PERMISSIONS


@pytest.mark.django_db
def test_an_app_post_migrate_before_the_last_grants_nothing():
    """The grants are applied once per migrate, at the last app's post_migrate."""
    Group.objects.filter(name=settings.SECRETARIAT_GROUP).delete()
    send_post_migrate([apps.get_app_config("members"), apps.get_app_config("cms")])

    assert not Group.objects.filter(name=settings.SECRETARIAT_GROUP).exists()
