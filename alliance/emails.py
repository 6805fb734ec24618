"""Emails in the recipient's language, from `<prefix>_subject.txt` and `<prefix>_body.txt`.

They are plain text: rendered without HTML escaping, so "Women's University" stays as it is.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.utils import translation


def _render_text(name: str, context: dict) -> str:
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def send_templated_email(
    *, to: list[str], language: str, template_prefix: str, context: dict, attachments=()
) -> None:
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
        body = _render_text(f"{template_prefix}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
