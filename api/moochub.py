"""MOOChub v3: the course catalog as MOOC aggregators harvest it (https://github.com/MOOChub/schema)."""

from math import ceil
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.pagination import KeysetPagination, page_size
from api.serializers import subject_names
from members import selectors
from members.models import Course, Pacing

MOOCHUB_VERSION = "3.0"
# Earlier major versions this API still answers with a Sunset date (none yet).
SUNSET: dict[str, str] = {}
SUPPORTED_MAJORS = {"3"}
MEDIA_RANGES = {("application", "vnd.api+json"), ("application", "*"), ("*", "*")}


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


def _subject_name(subject: dict, names: dict[str, str] | None) -> list[dict]:
    """The field's English name, and its name in the asked language (api.languages)."""
    found = [{"inLanguage": "en", "name": subject["name"]}]
    if names and names.get(subject["code"], subject["name"]) != subject["name"]:
        language = translation.get_language()
        found.append({"inLanguage": language, "name": names[subject["code"]]})
    return found


def course_item(course: Course, names: dict[str, str] | None) -> dict:
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
                "name": _subject_name(subject, names),
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


def negotiate(request) -> tuple[str | None, str | None]:
    """(version to answer, Sunset date) for the Accept header; (None, None) if unsupported.

    Of the media ranges that name a `moochub-version`, the supported one with the highest q wins
    (the current version before a deprecated one at equal q); a range without a version, or no
    Accept header, gets the newest.
    """
    best = None
    for media_type in request.accepted_types:  # q=0 left out, highest q first
        if (media_type.main_type, media_type.sub_type) not in MEDIA_RANGES:
            continue
        asked = media_type.params.get("moochub-version")
        if asked is None:
            return MOOCHUB_VERSION, None
        major = asked.split(".")[0]
        if major in SUPPORTED_MAJORS:
            candidate = (media_type.quality, 1, MOOCHUB_VERSION, None)
        elif major in SUNSET:
            candidate = (media_type.quality, 0, asked, SUNSET[major])
        else:
            continue
        best = max(best or candidate, candidate)
    return (best[2], best[3]) if best else (None, None)


def _page_number(request) -> int | None:
    raw = request.query_params.get("page")
    if raw is None:
        return None
    if "cursor" in request.query_params:
        raise ValidationError({"page": [_("Give either page or cursor, not both.")]})
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError({"page": [_("Give a page number from 1.")]})
    return int(raw)


def _of_institution(courses, request):
    """The courses of one institution (its slug or id) if `institution` is given."""
    institution = request.query_params.get("institution")
    if institution:
        lookup = (
            {"institution_id": int(institution)}
            if institution.isdigit()
            else {"institution__slug": institution}
        )
        courses = courses.filter(
            Exists(Course.institutions.through.objects.filter(course=OuterRef("pk"), **lookup))
        )
    return courses


def page(request, courses) -> dict:
    """One page of the catalog: `?page=N` (numbered, the specification's way) or the keyset
    `?cursor=` (stable while courses are added and removed), `page_size` 1 to 1,000.

    Without either the first page is answered, its `next` a cursor. Every link keeps the other
    query parameters (page_size, institution).
    """
    number = _page_number(request)
    courses = _of_institution(courses, request).order_by("id")
    url = request.build_absolute_uri()
    paginator = KeysetPagination()
    if number is None:
        rows = paginator.paginate_queryset(courses, request, view=SimpleNamespace(keyset=["id"]))
        size = paginator.size
    else:
        size = page_size(request)
        rows = list(courses[(number - 1) * size : number * size])
    last = max(1, ceil(courses.count() / size))
    links = {
        "self": url,
        "first": replace_query_param(remove_query_param(url, "cursor"), "page", 1),
        "last": replace_query_param(remove_query_param(url, "cursor"), "page", last),
    }
    if number is None:
        cursor = paginator.next_cursor()
        if cursor:
            links["next"] = replace_query_param(url, "cursor", cursor)
    else:
        if number < last:
            links["next"] = replace_query_param(url, "page", number + 1)
        if number > 1:
            links["prev"] = replace_query_param(url, "page", min(number - 1, last))
    selectors.attach_course_details(rows)
    names = subject_names()
    return {"links": links, "data": [course_item(course, names) for course in rows]}
