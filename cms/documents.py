"""The certificate of attendance of an event as a PDF (alliance.pdf), in the registrant's
language, with the code and the public address that verify it."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.pdf import Document, render
from alliance.templatetags.alliance_formats import daterange
from cms.models import EventRegistration


def verification_url(registration: EventRegistration) -> str:
    """The public page of the certificate, in the active language."""
    return settings.SITE_URL + reverse("cms:certificate", args=[registration.certificate_code])


def event_dates(event) -> str:
    """The event's days in its own zone and the active language."""
    with timezone.override(event.zone):
        return daterange(event.starts_at, event.ends_at)


def certificate_pdf(registration: EventRegistration) -> bytes:
    with translation.override(registration.language):
        event = registration.event.localized
        document = Document(
            language=translation.get_language(), title=_("Certificate of attendance")
        )
        document.paragraph(
            _("The Global MOOC Alliance certifies that %(name)s attended %(event)s.")
            % {"name": registration.name, "event": event.title},
            size=13,
        )
        rows = [
            (_("Participant"), registration.name),
            (_("Institution"), registration.institution),
            (_("Event"), event.title),
            (_("Date"), event_dates(event)),
        ]
        if event.venue:
            rows.append((_("Venue"), event.venue))
        rows += [
            (_("Certificate code"), registration.certificate_code),
            (_("Verify at"), verification_url(registration)),
        ]
        document.facts(rows)
        return render(document)
