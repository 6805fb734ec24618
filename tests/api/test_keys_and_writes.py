from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from api.models import ApiKey, IdempotentRequest
from api.services import api_key_create, api_key_revoke
from members.factories import UserFactory
from members.models import Course
from tests.api.conftest import auth, course

pytestmark = pytest.mark.django_db

NEW_COURSE = {
    "title": "Open Data for Cities",
    "url": "https://courses.example.org/open-data",
    "platform": "edx",
    "languages": ["en", "sw"],
    "subjects": ["0613"],
    "sdg_targets": ["11"],
    "status": "published",
    "runs": [{"starts_at": "2027-03-01T09:00:00Z", "pacing": "instructor_led"}],
}


def test_a_key_is_stored_hashed_and_its_use_recorded(api, keys):
    key = ApiKey.objects.get(name="Aggregator")
    assert keys["partner"] not in (key.key_hash, key.prefix)
    assert key.key_hash == ApiKey.hash(keys["partner"])
    assert api.get("/api/v1/courses/", **auth(keys["partner"])).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.parametrize("case", ["unknown", "revoked", "expired", "inactive owner"])
def test_bad_keys_are_401_problems(api, keys, case):
    raw = keys["partner"]
    key = ApiKey.objects.get(name="Aggregator")
    if case == "unknown":
        raw = "gma_nothing_here"
    elif case == "revoked":
        api_key_revoke(key=key, actor=None)
    elif case == "expired":
        key.expires_at = timezone.now() - timedelta(minutes=1)
        key.save()
    else:
        key.owner.is_active = False
        key.owner.save()
    response = api.get("/api/v1/courses/", **auth(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Api-Key"


def test_anonymous_rate_limit_is_429_with_retry_after(api, catalog, monkeypatch):
    from api import throttles

    rates = {"anonymous": "2/minute", "partner": "5/minute"}
    monkeypatch.setattr(throttles.AnonymousThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(throttles.PartnerThrottle, "THROTTLE_RATES", rates)
    assert api.get("/api/v1/subjects/").status_code == 200
    assert api.get("/api/v1/subjects/").status_code == 200
    limited = api.get("/api/v1/subjects/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["status"] == 429
    # A key has its own, higher limit.
    key = api_key_create(owner=UserFactory(), name="Partner")[1]
    assert api.get("/api/v1/subjects/", **auth(key)).status_code == 200


def test_the_institution_key_creates_a_course_of_its_institution(api, keys, catalog):
    response = api.post("/api/v1/courses/", NEW_COURSE, format="json", **auth(keys["nairobi"]))
    assert response.status_code == 201, response.json()
    created = Course.objects.get(title="Open Data for Cities")
    assert list(created.institutions.all()) == [catalog["nairobi"]]
    assert response.json()["languages"] == ["en", "sw"]
    assert response.json()["subjects"][0]["code"] == "0613"


def test_the_institution_key_updates_and_deletes_its_course(api, keys, catalog):
    url = f"/api/v1/courses/{catalog['climate'].slug}/"
    response = api.patch(url, {"title": "Climate Science"}, format="json", **auth(keys["nairobi"]))
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Climate Science"
    assert response.json()["subtitle_languages"] == ["fr"]  # untouched fields stay
    assert api.delete(url, **auth(keys["nairobi"])).status_code == 204
    assert not Course.objects.filter(pk=catalog["climate"].pk).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("partner", 403),  # no institution, no write scope
        ("nairobi_read", 403),  # the institution's key without courses:write
        ("nairobi_staff", 403),  # its owner may not manage courses on the web either
    ],
)
def test_writes_without_the_rights_are_refused(api, keys, catalog, who, expected):
    headers = {} if who == "anonymous" else auth(keys[who])
    url = f"/api/v1/courses/{catalog['climate'].slug}/"
    assert (
        api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers).status_code == expected
    )
    assert api.patch(url, {"title": "X"}, format="json", **headers).status_code == expected
    assert api.delete(url, **headers).status_code == expected
    assert Course.objects.filter(title=catalog["climate"].title).exists()
    assert not Course.objects.filter(title="Open Data for Cities").exists()


def test_another_institutions_course_can_never_be_written(api, keys, catalog):
    """As unknown to the key as a slug that does not exist (tests/security/test_drafts.py)."""
    url = f"/api/v1/courses/{catalog['python'].slug}/"
    assert (
        api.patch(url, {"title": "Taken"}, format="json", **auth(keys["nairobi"])).status_code
        == 404
    )
    assert api.put(url, NEW_COURSE, format="json", **auth(keys["nairobi"])).status_code == 404
    assert api.delete(url, **auth(keys["nairobi"])).status_code == 404
    catalog["python"].refresh_from_db()
    assert catalog["python"].title == "Python Programming"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"languages": ["english!"]}, "languages"),
        ({"subjects": ["9876"]}, "fields"),
        ({"url": "nope"}, "url"),
        ({"platform": "nowhere"}, "platform"),
        ({"title": ""}, "title"),
        (
            {
                "runs": [
                    {
                        "starts_at": "2027-03-01T09:00:00Z",
                        "ends_at": "2027-01-01T09:00:00Z",
                        "pacing": "self_paced",
                    }
                ]
            },
            "runs",
        ),
        ({"runs": "soon"}, "runs"),
        ({"runs": None}, "runs"),
        ({"title": 123}, "title"),
        ({"is_free": "true"}, "is_free"),
        ({"price": 49}, "price"),
        ({"external_id": {}}, "external_id"),
        ({"languages": [1]}, "languages"),
    ],
)
def test_bad_course_input_is_a_400_naming_the_field_and_writes_nothing(api, keys, change, field):
    response = api.post(
        "/api/v1/courses/", {**NEW_COURSE, **change}, format="json", **auth(keys["nairobi"])
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Course.objects.filter(url=NEW_COURSE["url"]).exists()


def test_malformed_json_is_a_400(api, keys):
    response = api.generic(
        "POST",
        "/api/v1/courses/",
        "{not json",
        content_type="application/json",
        **auth(keys["nairobi"]),
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/courses/", "/api/v1/webhooks/"])
@pytest.mark.parametrize(
    ("encode", "content_type"),
    [
        (urlencode, "application/x-www-form-urlencoded"),
        (lambda fields: encode_multipart(BOUNDARY, fields), MULTIPART_CONTENT),
    ],
    ids=["form", "multipart"],
)
def test_the_api_takes_json_bodies_only(api, keys, path, encode, content_type):
    fields = {"title": "Form course", "url": "https://courses.example.org/form"}
    response = api.generic(
        "POST", path, encode(fields), content_type=content_type, **auth(keys["nairobi"])
    )
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Course.objects.filter(title="Form course").exists()


def test_create_api_key_command_prints_the_key_once(catalog, capsys):
    owner = UserFactory()
    call_command("create_api_key", owner.email, "Mirror", "--institution", catalog["nairobi"].slug)
    raw = capsys.readouterr().out.split()[0]
    key = ApiKey.objects.get(name="Mirror")
    assert key.key_hash == ApiKey.hash(raw)
    assert "courses:write" in key.scopes


def test_writes_use_exactly_the_web_permissions(api, keys, catalog):
    """Demoting the key's owner on the web takes the key's write right away too."""
    from members.models import Affiliation, InstitutionRole
    from members.services import people as people_services

    owner = ApiKey.objects.get(name="Nairobi LMS").owner
    staff = ApiKey.objects.get(name="Staff key").owner
    people_services.person_change_role(
        affiliation=Affiliation.objects.get(user=staff), role=InstitutionRole.ADMIN, actor=None
    )
    people_services.person_change_role(
        affiliation=Affiliation.objects.get(user=owner), role=InstitutionRole.STAFF, actor=None
    )
    response = api.post("/api/v1/courses/", NEW_COURSE, format="json", **auth(keys["nairobi"]))
    assert response.status_code == 403
    course(catalog["nairobi"], "Unrelated")


@pytest.mark.parametrize("accept", ["json", "jsonld"])
def test_every_write_answers_the_stored_record_in_the_negotiated_format(api, keys, catalog, accept):
    """A draft too (not in the published catalog), as JSON or JSON-LD, as POST, PATCH or PUT."""
    headers = {**auth(keys["nairobi"])}
    if accept == "jsonld":
        headers["HTTP_ACCEPT"] = "application/ld+json"
    created = api.post(
        "/api/v1/courses/", {**NEW_COURSE, "status": "draft"}, format="json", **headers
    )
    assert created.status_code == 201, created.content
    slug = Course.objects.get(url=NEW_COURSE["url"]).slug
    patched = api.patch(
        f"/api/v1/courses/{slug}/?format={accept}",
        {"title": "Open Data"},
        format="json",
        **auth(keys["nairobi"]),
    )
    assert patched.status_code == 200, patched.content
    for response in (created, patched):
        body = response.json()
        if accept == "jsonld":
            assert response["Content-Type"] == "application/ld+json"
            assert body["@type"] == "Course"
        else:
            assert response["Content-Type"] == "application/json"
            assert body["status"] == "draft"
    assert patched.json()["name" if accept == "jsonld" else "title"] == "Open Data"


def idempotent(key):
    return {"HTTP_IDEMPOTENCY_KEY": key}


def test_a_retried_write_with_an_idempotency_key_writes_once(api, keys, catalog):
    headers = {**auth(keys["nairobi"]), **idempotent("create-1")}
    first = api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers)
    again = api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert Course.objects.filter(url=NEW_COURSE["url"]).count() == 1
    other = api.post("/api/v1/courses/", {**NEW_COURSE, "title": "Other"}, format="json", **headers)
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert not Course.objects.filter(title="Other").exists()
    # A delete retried after its success is answered as the first one, not 404.
    url = f"/api/v1/courses/{catalog['climate'].slug}/"
    removal = {**auth(keys["nairobi"]), **idempotent("delete-1")}
    assert api.delete(url, **removal).status_code == 204
    assert api.delete(url, **removal).status_code == 204


def test_a_failed_write_leaves_its_idempotency_key_free(api, keys, catalog):
    headers = {**auth(keys["nairobi"]), **idempotent("retry-me")}
    bad = api.post("/api/v1/courses/", {**NEW_COURSE, "url": "nope"}, format="json", **headers)
    assert bad.status_code == 400
    assert not IdempotentRequest.objects.exists()
    assert api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers).status_code == 201


def test_the_same_idempotency_key_while_the_first_runs_is_a_409(api, keys, catalog):
    key = ApiKey.objects.get(name="Nairobi LMS")
    IdempotentRequest.objects.create(
        api_key=key, key="busy", method="POST", path="/api/v1/courses/", request_hash="x"
    )
    response = api.post(
        "/api/v1/courses/", NEW_COURSE, format="json", **auth(keys["nairobi"]), **idempotent("busy")
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert not Course.objects.filter(url=NEW_COURSE["url"]).exists()


def test_an_idempotency_key_is_kept_24_hours(api, keys, catalog):
    headers = {**auth(keys["nairobi"]), **idempotent("old")}
    assert api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers).status_code == 201
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    Course.objects.filter(url=NEW_COURSE["url"]).delete()
    assert api.post("/api/v1/courses/", NEW_COURSE, format="json", **headers).status_code == 201
    assert IdempotentRequest.objects.count() == 1
