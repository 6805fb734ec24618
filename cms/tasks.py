"""Celery tasks of cms/: thin, by primary key."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from alliance.emails import send_templated_email


@shared_task
def send_event_registration_email(registration_id: int) -> None:
    """The confirmation, in the registrant's language, with the event as an .ics file."""
    from cms.models import EventRegistration
    from cms.services import event_calendar, live_token

    registration = EventRegistration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    with translation.override(registration.language):
        translations = event.get_translations(inclusive=True).live()
        event = translations.filter(locale__language_code=registration.language).first() or event
        url = settings.SITE_URL + event.url
        live_url = url + event.reverse_subpage("live", args=[live_token(registration)])
    send_templated_email(
        to=[registration.email],
        language=registration.language,
        template_prefix="cms/email/event_registration",
        context={"registration": registration, "event": event, "url": url, "live_url": live_url},
        attachments=[("event.ics", event_calendar(event=event, url=url), "text/calendar")],
    )
