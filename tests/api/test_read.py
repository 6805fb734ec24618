import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from api.changes import own_writes_readable
from members.models import CatalogChange
from tests.api.conftest import course

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_course_list_has_nested_institutions_runs_and_subjects(api, catalog):
    response = api.get("/api/v1/courses/")
    assert response.status_code == 200
    items = {item["slug"]: item for item in response.json()["results"]}
    assert catalog["draft"].slug not in items
    climate = items[catalog["climate"].slug]
    assert climate["institutions"][0]["slug"] == catalog["nairobi"].slug
    assert climate["institutions"][0]["region"] == "africa"
    assert climate["subjects"][0]["code"] == "0521"
    assert climate["runs"][0]["pacing"] == "instructor_led"
    assert climate["languages"] == ["en"]
    assert climate["subtitle_languages"] == ["fr"]
    assert climate["sdg_targets"] == ["4.3"]


def test_course_detail(api, catalog):
    response = api.get(f"/api/v1/courses/{catalog['python'].slug}/")
    assert response.status_code == 200
    assert response.json()["price"] == "49.00"
    assert api.get(f"/api/v1/courses/{catalog['draft'].slug}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("institution=nairobi-open-university", ["climate"]),
        ("country=fr", ["python"]),
        ("region=africa", ["climate"]),
        ("language=fr", ["climate", "python"]),  # subtitles count
        ("language=en", ["climate"]),
        ("isced=05", ["climate"]),
        ("isced=061", ["python"]),
        ("sdg=4.4", ["python"]),
        ("level=introductory", ["python"]),
        ("platform=xuetangx", ["python"]),
        ("pacing=self_paced", ["python"]),
        ("free=true", ["climate"]),
        ("free=false", ["python"]),
        ("certificate=true", ["python"]),
        ("starts_after=2000-01-01T00:00:00Z", ["climate", "python"]),
        ("enrollment_open=true", ["climate", "python"]),
        ("enrollment_open=false", []),
        ("updated_since=2000-01-01T00:00:00Z", ["climate", "python"]),
        ("updated_since=2999-01-01T00:00:00Z", []),
        ("q=python", ["python"]),
    ],
)
def test_course_filters(api, catalog, query, expected):
    response = api.get(f"/api/v1/courses/?{query}")
    assert response.status_code == 200, response.json()
    assert sorted(slugs(response)) == sorted(catalog[name].slug for name in expected)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("language=<x>", "language"),
        ("isced=abc", "isced"),
        ("sdg=42", "sdg"),
        ("country=FRA", "country"),
        ("region=mars", "region"),
        ("free=maybe", "free"),
        ("starts_after=yesterday", "starts_after"),
        ("ordering=price", "ordering"),
        ("ordering=", "ordering"),
        ("facets=colour", "facets"),
        ("page_size=1001", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
        ("cursor=%%%", "cursor"),
        ("cursor=WyJ4Il0", "cursor"),
        ("cursor=eyJhIjogMX0", "cursor"),
    ],
)
def test_a_bad_parameter_is_a_400_problem_naming_it(api, catalog, query, parameter):
    response = api.get(f"/api/v1/courses/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["errors"]


def test_unknown_resource_is_a_404_problem(api, db):
    response = api.get("/api/v1/courses/no-such-course/")
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"


def test_keyset_pagination_walks_every_course_once(api, db, catalog):
    for n in range(7):
        course(catalog["lyon"], f"Extra {n}")
    seen, url = [], "/api/v1/courses/?page_size=3&ordering=title"
    while url:
        page = api.get(url).json()
        seen += [item["slug"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 9
    titles = [api.get(f"/api/v1/courses/{slug}/").json()["title"] for slug in seen]
    assert titles == sorted(titles)


def test_descending_order(api, catalog):
    page = api.get("/api/v1/courses/?ordering=-modified&page_size=1").json()
    second = api.get(page["next"]).json()
    assert page["results"][0]["modified_at"] >= second["results"][0]["modified_at"]


def test_facets(api, catalog):
    body = api.get("/api/v1/courses/?facets=region,platform").json()
    regions = {row["value"]: row["count"] for row in body["facets"]["region"]}
    assert regions == {"africa": 1, "europe_north_america": 1}
    assert set(body["facets"]) == {"region", "platform"}


def test_list_query_count_is_fixed_whatever_the_page_size(api, catalog):
    for n in range(30):
        course(catalog["lyon"], f"Bulk {n}", subtitle_languages=["ar"])
    counts = []
    for size in (1, 10, 100):
        cache.clear()  # count the catalog version's query too
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/courses/?page_size={size}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
    # the catalog version + the page + institutions + runs + languages, SDGs and subjects
    # + where each course is recognised (course-sharing agreements)
    assert counts[0] <= 6


def test_json_ld(api, catalog):
    response = api.get(
        f"/api/v1/courses/{catalog['climate'].slug}/", HTTP_ACCEPT="application/ld+json"
    )
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@type"] == "Course"
    assert data["hasCourseInstance"][0]["@type"] == "CourseInstance"
    assert data["offers"][0]["@type"] == "Offer"
    listing = json.loads(
        api.get("/api/v1/institutions/", HTTP_ACCEPT="application/ld+json").content
    )
    assert {item["@type"] for item in listing["@graph"]} == {"CollegeOrUniversity"}


def test_csv_is_safe_against_formula_injection(api, catalog):
    course(catalog["lyon"], '=HYPERLINK("http://evil")')
    response = api.get("/api/v1/courses/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    evil = next(row for row in rows if "HYPERLINK" in row["title"])
    assert evil["title"].startswith("'=")
    assert api.get(f"/api/v1/courses/{catalog['climate'].slug}/?format=csv").status_code == 406


def test_unknown_format_is_406(api, catalog):
    assert api.get("/api/v1/courses/?format=xml").status_code == 406
    response = api.get("/api/v1/courses/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["status"] == 406


def test_etag_and_last_modified_give_304_without_the_list_query(api, catalog):
    first = api.get("/api/v1/courses/")
    assert first["ETag"] and first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) <= 1  # at most the catalog version (usually cached), never the list
    # If-Modified-Since alone once the second of the last change is over (api.caching).
    own_writes_readable()  # the test's changes get their positions and times now
    CatalogChange.objects.update(at=F("at") - timedelta(seconds=5))
    cache.clear()
    final = api.get("/api/v1/courses/")["Last-Modified"]
    since = api.get("/api/v1/courses/", HTTP_IF_MODIFIED_SINCE=final)
    assert since.status_code == 304
    course(catalog["lyon"], "A change")
    assert api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_detail_has_validators_too(api, catalog):
    url = f"/api/v1/institutions/{catalog['nairobi'].slug}/"
    first = api.get(url)
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_gzip(api, catalog):
    response = api.get("/api/v1/courses/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_institution_filters(api, catalog):
    assert slugs(api.get("/api/v1/institutions/?region=africa")) == [catalog["nairobi"].slug]
    assert slugs(api.get("/api/v1/institutions/?country=fr")) == [catalog["lyon"].slug]
    assert slugs(api.get("/api/v1/institutions/?q=nairobi")) == [catalog["nairobi"].slug]
    assert api.get("/api/v1/institutions/?kind=castle").status_code == 400


def test_subjects_tree(api, db):
    tree = api.get("/api/v1/subjects/").json()
    natural = next(node for node in tree if node["code"] == "05")
    narrow = next(node for node in natural["children"] if node["code"] == "052")
    assert {child["code"] for child in narrow["children"]} >= {"0521", "0522"}
