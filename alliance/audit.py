"""The audit log: every privileged action goes through `log_action`.

Entries are Wagtail log entries, so the secretariat reads and filters them in the CMS admin
(Reports > Site history) by action, person, date and object type. Each app registers its actions'
labels with the `register_log_actions` hook in its wagtail_hooks.py.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, registry
from wagtail.models import ModelLogEntry


def log_action(actor, action: str, obj, data: dict | None = None):
    """Record that `actor` did `action` (e.g. "members.institution.updated") to `obj`."""
    model = type(obj)
    if registry.get_log_model_for_model(model) is None:
        registry.register_model(model, ModelLogEntry)
    user = actor if actor is not None and actor.is_authenticated else None
    return registry.log(obj, action, user=user, data=data or {})


def log_actions(actor, action: str, objs: list, data) -> None:
    """log_action for each of `objs` (one model) in one query; `data(obj)` gives its data."""
    if not objs:
        return
    model = type(objs[0])
    if registry.get_log_model_for_model(model) is None:
        registry.register_model(model, ModelLogEntry)
    log_model = registry.get_log_model_for_model(model)
    context = get_active_log_context()
    user = actor if actor is not None and actor.is_authenticated else None
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    now = timezone.now()
    log_model.objects.bulk_create(
        log_model(
            content_type=content_type,
            label=log_model.objects.get_instance_title(obj),
            action=action,
            timestamp=now,
            data=data(obj),
            user=user or context.user,
            uuid=context.uuid,
            object_id=str(obj.pk),
        )
        for obj in objs
    )
