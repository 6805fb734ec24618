from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from alliance import secretariat
        from members.models import Affiliation
        from members.signals import user_deleting

        from . import permissions, signals

        secretariat.declare(self.label, models=permissions.SECRETARIAT_PERMISSIONS)
        post_delete.connect(signals.affiliation_deleted, sender=Affiliation)
        user_deleting.connect(signals.refuse_deleting_the_last_lead)
