"""The demo's calls with review (docs/programmes.md): an open award call and a staff exchange
offered by Tsinghua University, under the English home page; demo_site translates them."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from cms.models import CallCriterion, CallFormField, CallPage, HomePage
from cms.models.call import ApplicantRole, CallKind
from members.demo import FOUNDING
from members.models import Institution

AWARD_SLUG = "open-education-award"
EXCHANGE_SLUG = "staff-exchange"


def _questions(page: CallPage, questions) -> None:
    for label, field_type, help_text in questions:
        page.form_fields.add(
            CallFormField(label=label, field_type=field_type, help_text=help_text, required=True)
        )


def _award(now) -> CallPage:
    page = CallPage(
        slug=AWARD_SLUG,
        title="Open Education Award 2027",
        kind=CallKind.AWARD,
        intro="The alliance's yearly award for a member's open online course that changed "
        "learners' lives. Nominations come from member institutions; experts from other member "
        "institutions judge them on the published criteria.",
        body="<p>Each member institution in good standing may nominate one course. The jury's "
        "reviewers never score a nomination from their own institution, and they do not see "
        "who nominated it.</p>",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=45),
        applicant_role=ApplicantRole.EDITOR,
        anonymised=True,
    )
    _questions(
        page,
        [
            ("Course title", "singleline", "As listed in the catalog."),
            ("Who the course reached", "multiline", "Learners, countries, completion."),
            ("Why it deserves the award", "multiline", "What changed for its learners."),
        ],
    )
    for name, description, weight, max_score in [
        ("Reach", "How many learners, in how many countries, completed the course.", 2, 5),
        ("Openness", "Open licence, free access, accessibility.", 1, 5),
        ("Impact on SDG 4", "Evidence of what changed for the learners.", 2, 5),
    ]:
        page.criteria.add(
            CallCriterion(name=name, description=description, weight=weight, max_score=max_score)
        )
    return page


def _exchange(now, host: Institution) -> CallPage:
    year = now.year + 1
    page = CallPage(
        slug=EXCHANGE_SLUG,
        title="Staff exchange: online course production",
        kind=CallKind.STAFF_EXCHANGE,
        intro=f"{host.name} hosts two staff of member institutions for three months to work with "
        "its online course production team.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=60),
        host=host,
        period_starts_on=datetime.date(year, 3, 1),
        period_ends_on=datetime.date(year, 5, 31),
        places=2,
        working_language="en",
    )
    _questions(
        page,
        [
            ("Your position", "singleline", ""),
            ("What you would work on", "multiline", "Your project during the exchange."),
        ],
    )
    page.criteria.add(
        CallCriterion(name="Fit with the host's team", description="", weight=1, max_score=5)
    )
    return page


def load(home: HomePage) -> list[CallPage]:
    """The two calls, added once (by slug), published."""
    now = timezone.now()
    host = Institution.objects.filter(slug=slugify(FOUNDING[0][0])).first()
    pages = []
    for slug, build in [(AWARD_SLUG, _award), (EXCHANGE_SLUG, _exchange)]:
        page = CallPage.objects.child_of(home).filter(slug=slug).first()
        if page is None and (slug == AWARD_SLUG or host is not None):
            page = build(now) if slug == AWARD_SLUG else build(now, host)
            home.add_child(instance=page)
            page.save_revision().publish()
        if page is not None:
            pages.append(page)
    return pages
