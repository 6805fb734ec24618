from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from api.changes import own_writes_readable
from members.models import CatalogChange, Course, CourseRun, CourseStatus, Institution, Tombstone
from members.services import courses as courses_services
from tests.api.conftest import course
from tests.moochub import moochub_schema

pytestmark = pytest.mark.django_db


def mirror(api, state: dict, cursor=None, page_size=2):
    """The mirroring client shown in docs/api.md: apply the feed in order until it is empty."""
    while True:
        url = (
            "/api/v1/changes/" + (f"?after={cursor}&" if cursor else "?") + f"page_size={page_size}"
        )
        page = api.get(url).json()
        for change in page["results"]:
            key = (change["kind"], change["key"])
            if change["operation"] == "deleted":
                state.pop(key, None)
            else:
                state[key] = api.get(change["url"]).json()
        if not page["results"]:
            return cursor
        cursor = page["next_cursor"]


def public_state(api):
    courses = api.get("/api/v1/courses/?page_size=1000").json()["results"]
    institutions = api.get("/api/v1/institutions/?page_size=1000").json()["results"]
    return {("course", c["slug"]) for c in courses} | {
        ("institution", i["slug"]) for i in institutions
    }


def test_a_mirror_built_from_the_feed_matches_the_catalog_through_changes(api, catalog):
    state = {}
    cursor = mirror(api, state)
    assert set(state) == public_state(api)

    # Changes after the first sync: an update, a deletion, a new course, an unpublished one.
    courses_services.course_update(course=catalog["python"], actor=None, data={"title": "Python 3"})
    courses_services.course_delete(course=catalog["climate"], actor=None)
    course(catalog["lyon"], "Brand New")
    courses_services.course_update(
        course=catalog["python"], actor=None, data={"status": CourseStatus.DRAFT}
    )
    mirror(api, state, cursor)
    assert set(state) == public_state(api)
    assert ("course", catalog["climate"].slug) not in state
    assert ("course", catalog["python"].slug) not in state


def test_feed_entries_say_what_happened(api, catalog):
    first = api.get("/api/v1/changes/?page_size=1000").json()
    assert {c["operation"] for c in first["results"]} == {"created"}
    assert catalog["draft"].slug not in {c["key"] for c in first["results"]}  # never public
    courses_services.course_delete(course=catalog["climate"], actor=None)
    later = api.get(f"/api/v1/changes/?after={first['next_cursor']}").json()["results"]
    assert [(c["kind"], c["operation"], c["key"]) for c in later] == [
        ("course", "deleted", catalog["climate"].slug)
    ]
    assert later[0]["uuid"] == str(catalog["climate"].uuid)


@pytest.mark.parametrize(
    "after", ["%%%", "WzFd", "WyJ4IiwgMSwgMV0", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwWiIsICJ4IiwgMV0"]
)
def test_malformed_change_cursors_are_400(api, catalog, after):
    response = api.get(f"/api/v1/changes/?after={after}")
    assert response.status_code == 400
    assert "after" in response.json()["errors"] or "cursor" in response.json()["errors"]


def test_writes_outside_the_services_enter_the_feed(api, catalog):
    """The database logs every write: a rename brings the institution's courses (they embed
    its name), a queryset delete leaves a tombstone, a new run is an update."""
    cursor = api.get("/api/v1/changes/?page_size=1000").json()["next_cursor"]
    Institution.objects.filter(pk=catalog["lyon"].pk).update(name="Université de Lyon")
    CourseRun.objects.create(course=catalog["climate"], starts_at=timezone.now())
    Course.objects.filter(pk=catalog["python"].pk).delete()
    later = api.get(f"/api/v1/changes/?after={cursor}").json()["results"]
    assert [(c["kind"], c["operation"], c["key"]) for c in later] == [
        ("institution", "updated", catalog["lyon"].slug),
        ("course", "updated", catalog["climate"].slug),
        ("course", "deleted", catalog["python"].slug),
    ]
    assert Tombstone.objects.filter(uuid=catalog["python"].uuid).exists()


def test_every_moochub_item_is_valid_against_the_schema(api, catalog):
    schema = moochub_schema()
    response = api.get("/api/v1/moochub/courses?page_size=1000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.api+json; moochub-version=3.0"
    document = response.json()
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(document)
    offers = {item["attributes"]["name"]: item["attributes"]["offer"] for item in document["data"]}
    assert offers == {
        "Climate Change Science": [
            {
                "price": 0,
                "priceCurrency": "USD",
                "paymentFrequency": "one-time",
                "category": "course",
            }
        ],
        "Python Programming": [
            {
                "price": 49.0,
                "priceCurrency": "USD",
                "paymentFrequency": "one-time",
                "category": "course",
            }
        ],
    }


def test_moochub_version_negotiation(api, catalog, monkeypatch):
    from api import moochub

    asked = api.get(
        "/api/v1/moochub/courses", HTTP_ACCEPT="application/vnd.api+json; moochub-version=3"
    )
    assert asked.status_code == 200
    assert "Sunset" not in asked
    monkeypatch.setitem(moochub.SUNSET, "2", "Tue, 15 Aug 2028 00:00:00 GMT")
    old = api.get(
        "/api/v1/moochub/courses", HTTP_ACCEPT="application/vnd.api+json; moochub-version=2"
    )
    assert old["Sunset"] == "Tue, 15 Aug 2028 00:00:00 GMT"
    unknown = api.get(
        "/api/v1/moochub/courses", HTTP_ACCEPT="application/vnd.api+json; moochub-version=9"
    )
    assert unknown.status_code == 406
    assert unknown.json()["status"] == 406


def test_moochub_pages_link_on(api, catalog):
    first = api.get("/api/v1/moochub/courses?page_size=1").json()
    assert len(first["data"]) == 1
    second = api.get(first["links"]["next"]).json()
    assert second["data"][0]["id"] != first["data"][0]["id"]


def backdate_catalog():
    """As if the catalog's last change were seconds ago (its Last-Modified is then final)."""
    own_writes_readable()  # the test's changes get their positions and times now
    CatalogChange.objects.update(at=F("at") - timedelta(seconds=5))
    cache.clear()


def test_if_modified_since_alone_is_compared_with_the_version(api, catalog):
    backdate_catalog()
    first = api.get("/api/v1/courses/")
    assert first["ETag"].startswith('W/"')
    since = api.get("/api/v1/courses/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert since["ETag"] == first["ETag"]  # the same weak ETag as the 200

    # Two changes within a second: the copy read between them is never taken as current.
    courses_services.course_update(course=catalog["python"], actor=None, data={"title": "Python 3"})
    between = api.get("/api/v1/courses/")
    courses_services.course_update(course=catalog["python"], actor=None, data={"title": "Python 4"})
    for copy in (first, between):
        again = api.get("/api/v1/courses/", HTTP_IF_MODIFIED_SINCE=copy["Last-Modified"])
        assert again.status_code == 200
        assert "Python 4" in again.content.decode()
    assert api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=between["ETag"]).status_code == 200


def test_the_change_feed_has_validators(api, catalog):
    first = api.get("/api/v1/changes/")
    assert first["ETag"] and first["Last-Modified"]
    assert api.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Course.objects.filter(pk=catalog["python"].pk).update(title="Changed")  # no signal
    cache.clear()  # the cached version is at most API_VERSION_CACHE_SECONDS old
    assert api.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
