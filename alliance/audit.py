"""The audit log: every privileged action goes through `log_action`.

Entries are Wagtail log entries, so the secretariat reads and filters them in the CMS admin
(Reports > Site history) by action, person, date and object type. Each app registers its actions'
labels with the `register_log_actions` hook in its wagtail_hooks.py, through `register`, so the
history shows each entry's details: the person concerned and, for each changed field, its value
before and after (`data["changes"]`, from `field_changes`).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import LogFormatter, get_active_log_context, registry
from wagtail.models import ModelLogEntry


def log_action(actor, action: str, obj, data: dict | None = None):
    """Record that `actor` did `action` (e.g. "members.institution.updated") to `obj`.
    `data["changes"]` is `{field: [before, after]}`; `data["person"]` whom it concerns."""
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


def field_changes(obj, data: dict, fields) -> dict:
    """`{field: [before, after]}` for each of `fields` in `data` whose value differs from `obj`'s,
    as text (what the log stores); call it before changing `obj`."""
    return {
        field: [_text(getattr(obj, field)), _text(data[field])]
        for field in fields
        if field in data and getattr(obj, field) != data[field]
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def details(entry, value_labels: dict | None = None) -> list[str]:
    """An entry's details in the reader's language: "Person: …" and "Field: before → after".
    Field names are the logged model's verbose names; `value_labels` maps a key (e.g. "role")
    to its stored values' labels."""
    data = entry.data or {}
    labels = value_labels or {}
    model = entry.content_type.model_class() if entry.content_type_id else None

    def name(field):
        try:
            return str(model._meta.get_field(field).verbose_name).capitalize()
        except Exception:  # not a field of the model (e.g. "person", "role")
            return {"person": _("Person"), "role": _("Role"), "reason": _("Reason")}.get(
                field, field.replace("_", " ").capitalize()
            )

    def shown(field, value):
        if value in ("", None):
            return "—"
        return str(labels.get(field, {}).get(value, value))

    lines = []
    for key, value in sorted(data.items(), key=lambda item: item[0] != "person"):
        if key == "changes":
            lines += [
                f"{name(field)}: {shown(field, before)} → {shown(field, after)}"
                for field, (before, after) in value.items()
            ]
        elif isinstance(value, list) and len(value) == 2:
            lines.append(f"{name(key)}: {shown(key, value[0])} → {shown(key, value[1])}")
        elif isinstance(value, str | int) and value != "":
            lines.append(f"{name(key)}: {shown(key, value)}")
    return lines


def register(actions, action: str, label, message, value_labels: dict | None = None) -> None:
    """Register `action` so its message in the history carries the entry's details."""

    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            return "; ".join([str(message), *details(log_entry, value_labels)])

    Formatter.label = label
    actions.register_action(action)(Formatter)
