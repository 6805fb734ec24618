"""The audit log: every privileged action goes through `log_action`.

Entries are Wagtail log entries, so the secretariat reads and filters them in the CMS admin
(Reports > Site history) by action, person, date and object type. Each app registers its actions'
labels with the `register_log_actions` hook in its wagtail_hooks.py.
"""

from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry


def log_action(actor, action: str, obj, data: dict | None = None):
    """Record that `actor` did `action` (e.g. "members.institution.updated") to `obj`."""
    model = type(obj)
    if registry.get_log_model_for_model(model) is None:
        registry.register_model(model, ModelLogEntry)
    user = actor if actor is not None and actor.is_authenticated else None
    return registry.log(obj, action, user=user, data=data or {})
