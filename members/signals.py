import uuid

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils.translation import get_language

# What partners may read of a course or an institution changed (api.webhooks announces it):
# sent by members.services with `instance` and `event` ("created", "updated" or "deleted").
catalog_changed = Signal()

# Sent by members.services.people.user_delete with `user` before an account is deleted: a
# receiver in another app (projects: the last lead of a project) refuses by raising ValidationError.
user_deleting = Signal()


@receiver(user_signed_up)
def remember_signup_language(sender, request, user, **kwargs):
    """A new account keeps the language it signed up in, for the emails it will receive."""
    language = get_language()
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# The public catalog's cached reads (members.selectors.catalog_cached) are keyed by a generation
# that every write to what they show drops: a new one is drawn at the next read.
CATALOG_GENERATION_KEY = "members:catalog-generation"
CATALOG_SOURCES = [
    "members.Course",
    "members.CourseRun",
    "members.CourseLanguage",
    "members.Institution",
    "members.Membership",
    "members.Platform",
]


def catalog_generation() -> str:
    generation = cache.get(CATALOG_GENERATION_KEY)
    if generation is None:
        cache.add(CATALOG_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(CATALOG_GENERATION_KEY, "")
    return generation


def forget_catalog_reads(**kwargs) -> None:
    """Drop the generation now, and again once committed (a reader may cache in between)."""
    cache.delete(CATALOG_GENERATION_KEY)
    transaction.on_commit(lambda: cache.delete(CATALOG_GENERATION_KEY))


def connect_catalog_reads() -> None:
    from members.models import Course

    for sender in CATALOG_SOURCES:
        post_save.connect(forget_catalog_reads, sender=sender, dispatch_uid=f"catalog-{sender}")
        post_delete.connect(forget_catalog_reads, sender=sender, dispatch_uid=f"catalog-{sender}")
    for through in (Course.institutions.through, Course.fields.through):
        m2m_changed.connect(forget_catalog_reads, sender=through, dispatch_uid=f"catalog-{through}")
