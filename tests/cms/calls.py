"""Builders of the calls' tests (unit and browser): a call with its form and criteria, and the
people around it."""

from datetime import date, timedelta

from django.utils import timezone

from cms.models import CallCriterion, CallFormField, CallPage
from cms.models.call import CallKind
from tests.cms.conftest import home_page


def make_call(language="en", *, kind=CallKind.AWARD, slug="open-education-award", **fields):
    """An open call with two weighted criteria and three questions (one optional)."""
    now = timezone.now()
    values = {
        "title": "Open Education Award 2027",
        "slug": slug,
        "kind": kind,
        "intro": "For a member's open course that changed learners' lives.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        **fields,
    }
    if kind == CallKind.STAFF_EXCHANGE:
        values.setdefault("places", 2)
        values.setdefault("period_starts_on", date(2027, 3, 1))
        values.setdefault("period_ends_on", date(2027, 5, 31))
        values.setdefault("working_language", "fr")
    page = CallPage(**values)
    page.form_fields.add(
        CallFormField(label="Course title", field_type="singleline", required=True),
        CallFormField(label="What it changed", field_type="multiline", required=True),
        CallFormField(label="Contact email", field_type="email", required=False),
    )
    page.criteria.add(
        CallCriterion(name="Reach", description="Learners reached.", weight=2, max_score=5),
        CallCriterion(name="Openness", description="Open licence.", weight=1, max_score=10),
    )
    home_page(language).add_child(instance=page)
    page.save_revision().publish()
    return page


ANSWERS = {
    "course_title": "Teaching with open data",
    "what_it_changed": "12,000 learners in 40 countries.",
    "contact_email": "",
}
