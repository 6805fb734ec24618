"""Reads of the calls with review (docs/programmes.md), each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from cms.models import EventPage
from cms.models.call import (
    ROLE_RANK,
    ApplicationState,
    CallApplication,
    CallCriterion,
    CallPage,
    CallReview,
)
from members.models import Affiliation, Institution


def accepted_applications(call: CallPage) -> QuerySet[CallApplication]:
    """The accepted applications of `call` (any of its language versions), with their
    institution and applicant: e.g. the accepted proposals of a conference's call."""
    return (
        CallApplication.objects.filter(call=call.original(), state=ApplicationState.ACCEPTED)
        .select_related("institution", "applicant")
        .order_by("institution__name", "pk")
    )


def editions_of(call: CallPage) -> list[EventPage]:
    """The conference editions whose call for proposals `call` is (their source pages)."""
    editions = list(
        EventPage.objects.filter(call_for_proposals__translation_key=call.translation_key).order_by(
            "pk"
        )
    )
    return list({edition.translation_key: edition for edition in reversed(editions)}.values())


def application_of(*, call: CallPage, user) -> CallApplication | None:
    if not user.is_authenticated:
        return None
    return (
        CallApplication.objects.filter(call=call.original(), applicant=user)
        .select_related("institution")
        .first()
    )


def applying_institutions(*, call: CallPage, user) -> list[Institution]:
    """The institutions `user` may apply for: those where their role reaches the call's."""
    from cms.permissions import can_apply

    if not user.is_authenticated:
        return []
    affiliations = Affiliation.objects.filter(user=user).select_related("institution__membership")
    return [
        a.institution
        for a in affiliations
        if ROLE_RANK[a.role] >= ROLE_RANK[call.applicant_role]
        and can_apply(user, call, a.institution)
    ]


def criteria_in(page: CallPage) -> list[CallCriterion]:
    """The criteria in the page's language, each with `source_pk`, the pk of the source
    language's criterion the scores are stored under."""
    source = {c.translation_key: c.pk for c in page.original().criteria.all()}
    criteria = list(page.criteria.all())
    for criterion in criteria:
        criterion.source_pk = source.get(criterion.translation_key, criterion.pk)
    return criteria


def review_total(review: CallReview, criteria: list[CallCriterion]) -> float | None:
    """A review's weighted score, from 0 to 100; None until scored."""
    if review.scored_at is None:
        return None
    weights = sum(c.weight for c in criteria)
    if not weights:
        return None
    earned = sum(
        c.weight * review.scores.get(str(c.source_pk), 0) / c.max_score
        for c in criteria
        if c.max_score
    )
    return round(100 * earned / weights, 1)


@dataclass
class ApplicationRow:
    application: CallApplication
    reviews: list[CallReview]
    total: float | None  # the mean of the scored reviews' totals


def applications_to_manage(*, page: CallPage) -> list[ApplicationRow]:
    """Every application to the call except drafts, with its reviews and weighted total,
    best first: 3 queries (criteria, applications, reviews) whatever their number."""
    criteria = criteria_in(page)
    applications = (
        CallApplication.objects.filter(call=page.original())
        .exclude(state=ApplicationState.DRAFT)
        .select_related("institution", "applicant")
        .prefetch_related(
            Prefetch("reviews", queryset=CallReview.objects.select_related("reviewer"))
        )
    )
    rows = []
    for application in applications:
        reviews = list(application.reviews.all())
        totals = [t for r in reviews if (t := review_total(r, criteria)) is not None]
        total = round(sum(totals) / len(totals), 1) if totals else None
        rows.append(ApplicationRow(application, reviews, total))
    rows.sort(key=lambda row: (row.total is None, -(row.total or 0), row.application.pk))
    return rows


def reviews_of(*, page: CallPage, user) -> QuerySet[CallReview]:
    """The reviews `user` is assigned on this call."""
    return (
        CallReview.objects.filter(application__call=page.original(), reviewer=user)
        .select_related("application__institution", "application__applicant")
        .order_by("pk")
    )
