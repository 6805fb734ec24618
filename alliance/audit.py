"""The audit log: every privileged action goes through `log_action`.

Entries are Wagtail log entries, so the secretariat reads and filters them in the CMS admin
(Reports > Site history) by action, person, date and object type. Each app registers its actions'
labels with the `register_log_actions` hook in its wagtail_hooks.py, through `register`, so the
history shows each entry's details: the person concerned and, for each changed field, its value
before and after (`data["changes"]`, from `field_changes`).
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.log_actions import LogFormatter, get_active_log_context, registry
from wagtail.models import ModelLogEntry

from alliance.templatetags.alliance_formats import cldr_date, datetimerange, money


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
    fields = [field for field in fields if field in data]
    return value_changes({field: getattr(obj, field) for field in fields}, data)


def value_changes(before: dict, after: dict) -> dict:
    """`{key: [before, after]}` as text for each key of `before` whose value `after` changes."""
    return {
        key: [_text(value), _text(after[key])]
        for key, value in before.items()
        if value != after[key]
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


# How a logged value reads: each takes the stored text (or number) and gives the reader's text.


def choices(choice_class):
    """The label of a stored choice ("admin" -> "Administrator"), in the reader's language."""
    labels = dict(choice_class.choices)
    return lambda value: str(labels.get(value, value))


def cents(currency: str = "USD"):
    """An amount stored in cents, with its currency in the reader's format: "USD 1,932.50"."""
    return lambda value: money(Decimal(int(value)) / 100, currency)


def day(value) -> str:
    """A date stored as "2026-12-31", as the reader writes it."""
    return cldr_date(date.fromisoformat(str(value)[:10]))


def moment(value) -> str:
    """A date and time stored in ISO 8601, in the reader's zone and language."""
    return datetimerange(datetime.fromisoformat(str(value)))


def yes_no(value) -> str:
    return _("Yes") if str(value).lower() in ("true", "1", "yes") else _("No")


# Keys that are not fields of the logged model, as every app logs them.
COMMON_FIELDS = {
    "person": (_lazy("Person"), None),
    "name": (_lazy("Name"), None),
    "email": (_lazy("Email address"), None),
    "reason": (_lazy("Reason"), None),
    "title": (_lazy("Title"), None),
}


def _model_field(model, key):
    """(label, show) from the logged model's field `key`: its verbose name, and its choices,
    date or yes/no reading; None if `key` is not one of its fields."""
    try:
        field = model._meta.get_field(key)
    except Exception:  # not a field of the model, or no model
        return None
    label = getattr(field, "verbose_name", None) or key
    if getattr(field, "choices", None):
        labels = {str(value): label for value, label in field.flatchoices}
        return label, lambda value: str(labels.get(str(value), value))
    if isinstance(field, models.DateTimeField):
        return label, moment
    if isinstance(field, models.DateField):
        return label, day
    if isinstance(field, models.BooleanField):
        return label, yes_no
    return label, None


def details(entry, fields: dict | None = None) -> list[str]:
    """An entry's details in the reader's language: "Person: …" and "Field: before → after".

    Each key reads through `fields` (what `register` was given for the entry's action: key ->
    (label, show); a label of None hides the key), else the logged model's field of that name
    (verbose name; choice labels, dates in the reader's zone, yes/no), else COMMON_FIELDS;
    `show` turns a stored value into the reader's text (`choices`, `cents`, `day`, `moment`,
    `yes_no`)."""
    data = entry.data or {}
    if fields is None:
        fields = getattr(registry.get_formatter(entry), "fields", {})
    model = entry.content_type.model_class() if entry.content_type_id else None

    def described(key):
        found = fields.get(key) or _model_field(model, key) or COMMON_FIELDS.get(key)
        return found or (key.replace("_", " "), None)

    def name(key):
        return str(described(key)[0]).capitalize()

    def shown(key, value):
        if value in ("", None):
            return "—"
        show = described(key)[1]
        try:
            return show(value) if show else str(value)
        except (TypeError, ValueError, ArithmeticError):  # a value logged in an older shape
            return str(value)

    lines = []
    for key, value in sorted(data.items(), key=lambda item: item[0] != "person"):
        if key in fields and fields[key][0] is None:
            continue
        if key == "changes":
            lines += [
                f"{name(field)}: {shown(field, before)} → {shown(field, after)}"
                for field, (before, after) in value.items()
            ]
        elif isinstance(value, list) and len(value) == 2:
            lines.append(f"{name(key)}: {shown(key, value[0])} → {shown(key, value[1])}")
        elif isinstance(value, bool):
            lines.append(f"{name(key)}: {yes_no(value)}")
        elif isinstance(value, str | int) and value != "":
            lines.append(f"{name(key)}: {shown(key, value)}")
    return lines


def register(actions, action: str, label, message, fields: dict | None = None) -> None:
    """Register `action` so its message in the history carries the entry's details; `fields`
    says how keys that are not the logged model's fields read (see `details`)."""

    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            return "; ".join([str(message), *details(log_entry, self.fields)])

    Formatter.label = label
    Formatter.fields = fields or {}
    actions.register_action(action)(Formatter)
