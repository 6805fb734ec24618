"""schema.org JSON-LD for courses and institutions (Google's course-info requirements)."""

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


def _workload(course: Course) -> str | None:
    """ISO 8601 duration of the weekly effort, e.g. PT4H30M."""
    if not course.effort_hours_per_week:
        return None
    minutes = round(float(course.effort_hours_per_week) * 60)
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")


def course_instance(course: Course, run) -> dict:
    data = {
        "@type": "CourseInstance",
        "courseMode": "Online",
        "courseWorkload": _workload(course) or "PT1H",
    }
    if run is not None:
        if run.starts_at:
            data["startDate"] = run.starts_at.isoformat()
        if run.ends_at:
            data["endDate"] = run.ends_at.isoformat()
        if run.pacing == Pacing.INSTRUCTOR_LED and course.length_weeks:
            data["courseSchedule"] = {
                "@type": "Schedule",
                "repeatFrequency": "Weekly",
                "repeatCount": course.length_weeks,
            }
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
