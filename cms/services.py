"""Writes of the website: event registration."""

import base64

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import EventPage, EventRegistration
from cms.selectors import registration_closed_reason

LIVE_SALT = "cms.event.live"


def event_register(*, event: EventPage, data: dict, user, language: str) -> EventRegistration:
    """Register someone for `event`, within its capacity, and send the confirmation.

    The event's row is locked while places are counted, so concurrent registrations never
    overbook it. Raises ValidationError (nothing written) when registration is closed, the
    event is full, or the email is already registered."""
    from cms.tasks import send_event_registration_email

    if not data.get("consent"):
        raise ValidationError(_("Please agree to the use of your details to register."))
    email = data["email"].strip().lower()
    with transaction.atomic():
        target = EventPage.objects.select_for_update().get(pk=event.registration_event.pk)
        registrations = EventRegistration.objects.filter(event=target)
        if registrations.filter(email=email).exists():
            raise ValidationError(_("This email address is already registered for this event."))
        taken = registrations.count() if target.capacity is not None else 0
        reason = registration_closed_reason(event=target, taken=taken, now=timezone.now())
        if reason:
            raise ValidationError(reason)
        try:
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event=target,
                    user=user if user is not None and user.is_authenticated else None,
                    name=data["name"],
                    email=email,
                    institution=data["institution"],
                    country=data["country"],
                    role=data["role"],
                    consent=True,
                    language=language,
                )
        except IntegrityError as error:
            raise ValidationError(
                _("This email address is already registered for this event.")
            ) from error
        send_event_registration_email.delay_on_commit(registration.pk)
    return registration


def live_token(registration: EventRegistration) -> str:
    """A signed token naming the registration, in URL-safe characters only (page paths)."""
    signed = signing.dumps(registration.pk, salt=LIVE_SALT)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def registration_from_live_token(token: str) -> EventRegistration | None:
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        pk = signing.loads(signed, salt=LIVE_SALT)
    except (ValueError, signing.BadSignature):
        return None
    return EventRegistration.objects.filter(pk=pk).first()


def event_calendar(*, event: EventPage, url: str) -> bytes:
    """The event as an iCalendar file: one entry per session (or one for the whole event)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Global MOOC Alliance//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    sessions = list(event.sessions.order_by("starts_at")) or [event]
    for item in sessions:
        entry = icalendar.Event()
        entry.add("uid", f"{item.translation_key}@mooc.global")  # the same in every language
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", item.starts_at)
        entry.add("dtend", item.ends_at)
        title = item.title if item is event else f"{event.title}: {item.title}"
        entry.add("summary", title)
        entry.add("url", url)
        entry.add("description", f"{event.intro}\n\n{url}")
        if event.venue:
            entry.add("location", event.venue)
        calendar.add_component(entry)
    return calendar.to_ical()
