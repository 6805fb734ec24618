import datetime as dt
import re
import zoneinfo
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
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


START = dt.datetime(2026, 12, 9, 1, 0, tzinfo=dt.UTC)
INSTITUTION = SimpleNamespace(name="Universidad X", slug="x")
EVENT = SimpleNamespace(
    title="Forum",
    starts_at=START,
    ends_at=START + dt.timedelta(hours=2),
    time_zone="Asia/Shanghai",
    zone=zoneinfo.ZoneInfo("Asia/Shanghai"),
    venue="",
    working_languages="",
    interpretation="",
)
PERIOD = SimpleNamespace(starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
PAYMENT = SimpleNamespace(
    receipt_number="R-1",
    year=2026,
    amount=1932.5,
    period=PERIOD,
    get_method_display="Stripe",
)
APPLICATION = SimpleNamespace(institution_name="Universidad X", decision_reason="")
ENDORSEMENT = SimpleNamespace(
    status="confirmed", institution=INSTITUTION, version=SimpleNamespace(label="2026")
)
INVITATION = SimpleNamespace(
    institution=INSTITUTION,
    expires_at=START,
    get_role_display="staff",
    project=SimpleNamespace(title="P"),
    invited_by=None,
)
REGISTRATION = SimpleNamespace(name="Ana", reminded="24h")
SUBMISSION = SimpleNamespace(
    name="Ana",
    title="Open badges",
    organization="Universidad X",
    page=SimpleNamespace(title="Call"),
    good_practice=SimpleNamespace(title="Open badges"),
)
APPLICANT = SimpleNamespace(
    institution_name="Universidad X",
    country=SimpleNamespace(name="Chile"),
    get_kind_display="university",
    possible_duplicates=[],
    pk=1,
)
AFFILIATION = SimpleNamespace(institution=INSTITUTION, get_role_display="administrator")
# Every email the platform sends (grep send_templated_email), with what its templates read.
EMAILS = {
    "cms/email/endorsement_decided": {"endorsement": ENDORSEMENT},
    "cms/email/event_registration_confirm": {"registration": REGISTRATION, "event": EVENT},
    "cms/email/event_registration": {"registration": REGISTRATION, "event": EVENT},
    "cms/email/event_reminder": {
        "registration": REGISTRATION,
        "event": EVENT,
        "zone": EVENT.zone,
        "live_url": "https://example.org/live",
        "url": "https://example.org/event",
        "cancel_url": "https://example.org/cancel",
    },
    "cms/email/pledge_confirm": {
        "pledge": REGISTRATION,
        "campaign": SimpleNamespace(title="Campaign"),
        "confirm_url": "https://example.org/confirm",
    },
    **{
        f"cms/email/submission_{step}": {"submission": SUBMISSION, "call_url": "https://x.org/"}
        for step in ("accepted", "published")
    },
    "cms/email/call_application": {
        "application": SimpleNamespace(
            state="accepted",
            institution=INSTITUTION,
            get_state_display="accepted",
            decision_note="Well done",
        ),
        "call": SimpleNamespace(title="Award"),
        "url": "https://example.org/call",
    },
    "cms/email/call_review": {
        "call": SimpleNamespace(title="Award", anonymised=True),
        "url": "https://example.org/review",
    },
    "members/email/application_received": {"application": APPLICANT, "site_url": ""},
    "members/email/invitation_accepted": {
        "invitation": SimpleNamespace(
            email="ana@example.org",
            institution=INSTITUTION,
            accepted_by=None,
            get_role_display="staff",
        ),
    },
    "members/email/role_changed": {"affiliation": AFFILIATION, "old_role": "staff", "actor": None},
    **{
        f"members/email/application_{status}": {"application": APPLICATION}
        for status in ("submitted", "under_review", "approved", "rejected", "withdrawn")
    },
    "members/email/dues_receipt": {"institution": INSTITUTION, "payment": PAYMENT},
    "members/email/dues_reminder": {
        "institution": INSTITUTION,
        "kind": "days_30",
        "period": PERIOD,
        "quote": SimpleNamespace(year=2027, amount=1932.5, amount_cents=193250),
    },
    "members/email/invitation": {"invitation": INVITATION},
    "projects/email/invitation": {"invitation": INVITATION},
    "projects/email/role_changed": {
        "participant": SimpleNamespace(get_role_display="coordinator"),
        "project_title": "Open Science MOOCs",
        "old_role": "contributor",
        "actor": None,
        "path": "/ar/my-projects/p/",
    },
    "projects/email/invitation_accepted": {
        "invitation": SimpleNamespace(
            email="ana@example.org",
            accepted_by=None,
            invited_by=None,
            accepted_at=START,
            get_role_display="contributor",
        ),
        "project_title": "Open Science MOOCs",
        "path": "/ar/my-projects/p/people/",
    },
    "projects/email/notification": {"events": [], "frequency": "daily"},
}
SCRIPT = {"ar": re.compile("[\u0600-\u06ff]"), "zh-hans": re.compile("[\u4e00-\u9fff]")}
DECEMBER = {"ar": "ديسمبر", "zh-hans": "12月"}


def test_every_email_template_is_checked_here():
    """A new email is added to EMAILS above, so that it is rendered in Arabic and Chinese."""
    root = Path(settings.BASE_DIR)
    templates = {
        str(path.relative_to(path.parents[2]))[: -len("_subject.txt")]
        for path in root.glob("*/templates/*/email/*_subject.txt")
    }
    assert templates == set(EMAILS)


def _send(prefix: str, language: str):
    send_templated_email(
        to=["someone@example.org"],
        language=language,
        template_prefix=prefix,
        context=EMAILS[prefix],
        time_zone="Asia/Shanghai",
    )
    return mail.outbox[-1]


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
@pytest.mark.parametrize("prefix", list(EMAILS))
def test_every_email_is_in_the_recipients_language_with_local_dates(prefix, language):
    english, message = _send(prefix, "en"), _send(prefix, language)
    assert message.subject != english.subject and SCRIPT[language].search(message.subject)
    assert message.body != english.body and SCRIPT[language].search(message.body)
    if "December" in english.body:
        assert DECEMBER[language] in message.body and "December" not in message.body
    if "USD" in english.body:
        assert "1,932.50" in message.body  # both write Latin digits with a comma grouping


def test_an_email_uses_the_recipients_zone_and_falls_back_to_english():
    message = _send("cms/email/event_registration", "zh-hans")
    assert "上海 (UTC+8)" in message.body and "09:00–11:00" in message.body
    send_templated_email(
        to=["someone@example.org"],
        language="",
        template_prefix="members/email/application_submitted",
        context=EMAILS["members/email/application_submitted"],
    )
    assert mail.outbox[-1].subject == "We have received your membership application"
