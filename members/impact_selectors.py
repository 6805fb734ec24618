"""Reads of the member reports and the course-sharing agreements (docs/programmes.md)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Course, CourseSharingAgreement, Institution, MemberReport, ReportStatus


def reports_of(*, institution: Institution) -> QuerySet[MemberReport]:
    return MemberReport.objects.filter(institution=institution).order_by("-year")


def reports_to_review() -> QuerySet[MemberReport]:
    """Submitted reports first (oldest first), then the accepted ones, for the secretariat."""
    return (
        MemberReport.objects.exclude(status=ReportStatus.DRAFT)
        .select_related("institution")
        .order_by("-status", "submitted_at", "pk")
    )


def current_agreement(prefix: str = "", today: date | None = None) -> Q:
    """Agreements in force `today` (`prefix` leads to the agreement, e.g. "agreement__")."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


def agreements_of(*, institution: Institution) -> list[CourseSharingAgreement]:
    """The agreements the institution offers or receives (a profile shows both), in 2 queries."""
    return list(
        CourseSharingAgreement.objects.filter(
            Q(offering_institution=institution) | Q(partner_institution=institution)
        )
        .select_related("offering_institution", "partner_institution")
        .prefetch_related("courses")
    )


@dataclass(frozen=True, slots=True)
class Recognition:
    """Where a course is recognised: the partner institution and the terms (the API's
    `recognised_at`)."""

    institution: str  # slug
    name: str
    country: str
    credit_recognition: str
    credits: object
    starts_on: date
    ends_on: date | None


def attach_recognitions(courses: list[Course]) -> list[Course]:
    """Set `recognitions` (agreements in force, by partner name) on each course, in 1 query."""
    by_id = {course.pk: course for course in courses}
    for course in courses:
        course.recognitions = []
    rows = (
        CourseSharingAgreement.courses.through.objects.filter(
            current_agreement("coursesharingagreement__"), course_id__in=list(by_id)
        )
        .order_by("coursesharingagreement__partner_institution__name", "pk")
        .values_list(
            "course_id",
            "coursesharingagreement__partner_institution__slug",
            "coursesharingagreement__partner_institution__name",
            "coursesharingagreement__partner_institution__country",
            "coursesharingagreement__credit_recognition",
            "coursesharingagreement__credits",
            "coursesharingagreement__starts_on",
            "coursesharingagreement__ends_on",
        )
    )
    for course_id, *values in rows:
        by_id[course_id].recognitions.append(Recognition(*values))
    return courses
