"""Emails in the recipient's language, from `<prefix>_subject.txt` and `<prefix>_body.txt`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *, to: list[str], language: str, template_prefix: str, context: dict, attachments=()
) -> None:
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
