"""MOOChub v3: the course catalog as MOOC aggregators harvest it (https://github.com/MOOChub/schema)."""

from django.conf import settings

from members.models import Course, Pacing

MOOCHUB_VERSION = "3.0"
# Earlier major versions this API still answers with a Sunset date (none yet).
SUNSET: dict[str, str] = {}
SUPPORTED_MAJORS = {"3"}


def _license(code: str) -> dict:
    if not code or code == "proprietary":
        return {"identifier": "proprietary", "url": None, "contentUrl": None}
    return {"identifier": code, "url": f"https://spdx.org/licenses/{code}.html", "contentUrl": None}


def _organization(institution) -> dict:
    return {"type": "Organization", "name": institution.name, "url": institution.website or None}


def _offers(course: Course) -> list[dict] | None:
    """The price of taking the course (MOOChub asks for a zero offer when it is free)."""
    if not course.is_free and course.price is None:
        return None
    price = 0 if course.is_free else float(course.price)
    return [
        {
            "price": price,
            "priceCurrency": course.currency,
            "paymentFrequency": "one-time",
            "category": "course",
        }
    ]


def course_item(course: Course) -> dict:
    institutions, runs = course.offered_by, course.run_list
    attributes = {
        "name": course.title,
        "courseCode": course.slug,
        "learningResourceType": {
            "identifier": "https://w3id.org/kim/hcrt/course",
            "type": "Concept",
            "inScheme": "https://w3id.org/kim/hcrt/scheme",
        },
        "courseMode": ["online"]
        + (["asynchronous"] if any(r.pacing == Pacing.SELF_PACED for r in runs) else []),
        "description": course.description or course.summary or None,
        "inLanguage": course.languages or None,
        "startDate": sorted({r.starts_at.isoformat() for r in runs if r.starts_at}) or None,
        "endDate": sorted({r.ends_at.isoformat() for r in runs if r.ends_at}) or None,
        "publisher": _organization(institutions[0]),
        "creator": [_organization(institution) for institution in institutions],
        "url": course.url,
        "license": [_license(course.license)],
        "access": ["free"] if course.is_free else ["paid"],
        "offer": _offers(course),
        "educationalAlignment": [
            {
                "type": "EducationalAlignment",
                "alignmentType": "educationalSubject",
                "educationalFramework": "ISCED-F",
                "educationalFrameworkVersion": "2013",
                "name": [{"inLanguage": "en", "name": subject["name"]}],
                "shortCode": subject["code"],
            }
            for subject in course.subjects
        ],
        "dateModified": course.modified_at.isoformat(),
        "dateCreated": course.created_at.isoformat(),
    }
    if course.effort_hours_per_week:
        attributes["workload"] = {
            "timeValue": max(1, round(course.effort_hours_per_week)),
            "timeUnit": "h/week",
        }
    if course.length_weeks:
        attributes["duration"] = f"P{course.length_weeks}W"
    if course.image:
        attributes["image"] = {
            "type": "ImageObject",
            "contentUrl": settings.SITE_URL + course.image.url,
            "license": [_license(course.license)],
        }
    return {"id": str(course.uuid), "type": "Course", "attributes": attributes}


def negotiate(accept: str) -> tuple[str | None, str | None]:
    """(version to answer, Sunset date) for the Accept header; (None, None) if unsupported."""
    asked = None
    for part in accept.split(","):
        for parameter in part.split(";")[1:]:
            name, _eq, value = parameter.strip().partition("=")
            if name == "moochub-version":
                asked = value.strip().strip('"')
    if asked is None:
        return MOOCHUB_VERSION, None
    major = asked.split(".")[0]
    if major in SUPPORTED_MAJORS:
        return MOOCHUB_VERSION, None
    if major in SUNSET:
        return asked, SUNSET[major]
    return None, None
