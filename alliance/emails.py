"""Emails in the recipient's language and time zone, from `<prefix>_subject.txt` and
`<prefix>_body.txt`: dates, amounts and zones follow that language's formats (docs/website.md).

They are plain text: rendered without HTML escaping, so "Women's University" stays as it is.
"""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.utils import timezone, translation

from alliance.timezones import zone_or_none


def _render_text(name: str, context: dict) -> str:
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def send_templated_email(
    *,
    to: list[str],
    language: str,
    template_prefix: str,
    context: dict,
    attachments=(),
    time_zone: str = "",
) -> None:
    """`language` and `time_zone` are the recipient's (blank: English, UTC)."""
    language = language or settings.LANGUAGE_CODE
    zone = zone_or_none(time_zone) or zoneinfo.ZoneInfo("UTC")
    with translation.override(language), timezone.override(zone):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
        body = _render_text(f"{template_prefix}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
