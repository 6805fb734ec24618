from allauth.account.signals import user_signed_up
from django.conf import settings
from django.db.models.signals import post_migrate
from django.dispatch import Signal, receiver
from django.utils.translation import get_language

# What partners may read of a course or an institution changed (api.webhooks announces it):
# sent by members.services with `instance` and `event` ("created", "updated" or "deleted").
catalog_changed = Signal()


@receiver(user_signed_up)
def remember_signup_language(sender, request, user, **kwargs):
    """A new account keeps the language it signed up in, for the emails it will receive."""
    language = get_language()
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def ensure_secretariat_group(sender, **kwargs):
    """After every migrate: the secretariat's global group holds exactly its model permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from members.permissions import SECRETARIAT_PERMISSIONS

    # Our handler may run before auth's own for this app: make sure the permissions exist.
    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    wanted = []
    for name in SECRETARIAT_PERMISSIONS:
        app_label, codename = name.split(".")
        wanted.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    group.permissions.set(wanted)


def connect_post_migrate(app_config):
    post_migrate.connect(ensure_secretariat_group, sender=app_config)
