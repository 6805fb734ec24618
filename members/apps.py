from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from alliance import secretariat

        from . import permissions, signals

        secretariat.declare(self.label, models=permissions.SECRETARIAT_PERMISSIONS)
        signals.connect_catalog_reads()
