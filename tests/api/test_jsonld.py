"""schema.org JSON-LD: course instances as Google's course info asks, and a list that expands."""

from datetime import timedelta

from django.utils import timezone
from pyld import jsonld

from members.models import Pacing
from tests.api.conftest import course

LD = {"HTTP_ACCEPT": "application/ld+json"}


def instances(api, slug: str) -> list[dict]:
    response = api.get(f"/api/v1/courses/{slug}/", **LD)
    assert response.status_code == 200
    return response.json()["hasCourseInstance"]


def test_the_schedule_and_workload_come_from_the_course(api, catalog):
    (led,) = instances(api, catalog["climate"].slug)  # 3 h a week for 5 weeks, instructor-led
    assert led["courseSchedule"] == {
        "@type": "Schedule",
        "duration": "PT3H",
        "repeatFrequency": "Weekly",
        "repeatCount": 5,
    }
    assert led["courseWorkload"] == "PT15H"
    (self_paced,) = instances(api, catalog["python"].slug)
    assert self_paced["courseWorkload"] == "PT15H"
    assert "courseSchedule" not in self_paced


def test_the_weeks_come_from_the_run_without_a_length(api, catalog):
    start = timezone.now() + timedelta(days=7)
    dated = course(
        catalog["lyon"],
        "Dated Run",
        length_weeks=None,
        effort_hours_per_week=1.5,
        runs=[
            {
                "starts_at": start,
                "ends_at": start + timedelta(days=20),
                "pacing": Pacing.INSTRUCTOR_LED,
            }
        ],
    )
    (instance,) = instances(api, dated.slug)
    assert instance["courseSchedule"]["repeatCount"] == 3
    assert instance["courseSchedule"]["duration"] == "PT1H30M"
    assert instance["courseWorkload"] == "PT4H30M"


def test_no_workload_is_invented(api, catalog):
    vague = course(catalog["lyon"], "Vague Course", effort_hours_per_week=None)
    (instance,) = instances(api, vague.slug)
    assert "courseWorkload" not in instance and "courseSchedule" not in instance
    assert instance["courseMode"] == "Online"


def schema_org_loader(url, options=None):
    """schema.org's context, offline: its vocabulary is what matters to these expansions."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    context = {"@context": {"@vocab": "http://schema.org/"}}
    return {"contextUrl": None, "documentUrl": url, "document": context}


def test_the_paging_link_is_not_a_schema_org_term(api, catalog):
    for path in ("/api/v1/courses/?page_size=1", "/api/v1/institutions/?page_size=1"):
        document = api.get(path, **LD).json()
        assert document["next"]
        (expanded,) = jsonld.expand(document, {"documentLoader": schema_org_loader})
        assert expanded["http://www.w3.org/ns/hydra/core#next"] == [{"@id": document["next"]}]
        assert not any(key.startswith("http://schema.org/next") for key in expanded)
        types = {kind for node in expanded["@graph"] for kind in node["@type"]}
        assert types in ({"http://schema.org/Course"}, {"http://schema.org/CollegeOrUniversity"})
