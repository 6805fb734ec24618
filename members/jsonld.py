"""schema.org JSON-LD for courses and institutions (Google's course-info requirements)."""

from math import ceil

from members.models import Course, Institution, InstitutionKind, Pacing


def organization(institution: Institution, site_url: str) -> dict:
    kind = (
        "CollegeOrUniversity" if institution.kind == InstitutionKind.UNIVERSITY else "Organization"
    )
    data = {
        "@type": kind,
        "name": institution.name,
        "url": f"{site_url}{institution.get_absolute_url()}",
    }
    if institution.website:
        data["sameAs"] = institution.website
    return data


# The list's paging link is Hydra's (the W3C vocabulary for paged Web APIs), not a schema.org term.
LIST_CONTEXT = [
    "https://schema.org",
    {"next": {"@id": "http://www.w3.org/ns/hydra/core#next", "@type": "@id"}},
]


def _hours(hours: float) -> str:
    """An ISO 8601 duration of hours, e.g. PT4H30M."""
    hours_part, minutes = divmod(round(hours * 60), 60)
    return "PT" + (f"{hours_part}H" if hours_part else "") + (f"{minutes}M" if minutes else "")


def _weeks(course: Course, run) -> int | None:
    """How many weeks the run lasts: the course's length, else the run's dates."""
    if course.length_weeks:
        return course.length_weeks
    if run is not None and run.starts_at and run.ends_at and run.ends_at > run.starts_at:
        return ceil((run.ends_at - run.starts_at).days / 7) or 1
    return None


def course_instance(course: Course, run) -> dict:
    """A CourseInstance as Google's course info asks: courseSchedule (weekly effort as its
    duration, weeks as repeatCount) and courseWorkload (the total effort), both only from what the
    course gives: without a weekly effort neither is there."""
    data = {"@type": "CourseInstance", "courseMode": "Online"}
    effort = float(course.effort_hours_per_week or 0)
    weeks = _weeks(course, run)
    if effort and weeks:
        data["courseWorkload"] = _hours(effort * weeks)
        if run is None or run.pacing == Pacing.INSTRUCTOR_LED:
            data["courseSchedule"] = {
                "@type": "Schedule",
                "duration": _hours(effort),
                "repeatFrequency": "Weekly",
                "repeatCount": weeks,
            }
    if run is not None:
        if run.starts_at:
            data["startDate"] = run.starts_at.isoformat()
        if run.ends_at:
            data["endDate"] = run.ends_at.isoformat()
        if run.url:
            data["url"] = run.url
    return data


def course(course: Course, site_url: str) -> dict:
    institutions = course.offered_by  # set by members.selectors.attach_course_details
    runs = course.run_list or [None]
    offer = {"@type": "Offer", "category": "Free" if course.is_free else "Paid"}
    if not course.is_free and course.price is not None:
        offer.update(price=str(course.price), priceCurrency=course.currency)
    languages = course.languages
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": f"{site_url}{course.get_absolute_url()}",
        "name": course.title,
        "description": course.summary or course.description[:500] or course.title,
        "url": course.url,
        "provider": organization(institutions[0], site_url) if institutions else None,
        "offers": [offer],
        "hasCourseInstance": [course_instance(course, run) for run in runs],
        "inLanguage": languages[0] if len(languages) == 1 else languages,
        "isAccessibleForFree": course.is_free,
    }
    if len(institutions) > 1:
        data["contributor"] = [organization(i, site_url) for i in institutions[1:]]
    if course.license:
        data["license"] = f"https://spdx.org/licenses/{course.license}.html"
    if course.has_certificate:
        data["educationalCredentialAwarded"] = "Certificate"
    if course.prerequisites:
        data["coursePrerequisites"] = course.prerequisites
    if course.image:
        data["image"] = course.image.url
    return {key: value for key, value in data.items() if value not in (None, [], "")}
