from types import SimpleNamespace

from django.core import mail

from alliance.emails import send_templated_email


def test_emails_are_plain_text_in_the_recipients_language():
    """Names keep their apostrophes and ampersands: text emails are not HTML-escaped."""
    institution = SimpleNamespace(name="Women's University <Arts & Sciences>")
    invitation = SimpleNamespace(institution=institution)

    send_templated_email(
        to=["someone@example.org"],
        language="fr",
        template_prefix="members/email/invitation",
        context={"invitation": invitation, "url": "https://example.org/i/abc", "role": "staff"},
    )

    message = mail.outbox[-1]
    assert "Women's University <Arts & Sciences>" in message.subject
    assert "&#x27;" not in message.subject + message.body
    assert "&amp;" not in message.subject + message.body
    assert message.subject.startswith("Invitation à rejoindre")  # in French
