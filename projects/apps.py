from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


def grant_secretariat(sender, **kwargs):
    """After members/ has set the secretariat's group: add the projects permissions to it."""
    from django.conf import settings
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from projects.permissions import SECRETARIAT_PERMISSIONS

    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    codenames = [name.split(".")[1] for name in SECRETARIAT_PERMISSIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="projects", codename__in=codenames)
    )


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from members.models import Affiliation
        from members.signals import user_deleting

        from . import signals

        post_migrate.connect(grant_secretariat, sender=self)
        post_delete.connect(signals.affiliation_deleted, sender=Affiliation)
        user_deleting.connect(signals.refuse_deleting_the_last_lead)
