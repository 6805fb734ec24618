"""Membership standing: every status of the membership over every action of its people, its
API key, its import and feed tasks, and every public surface of its courses (issue 12, part 2)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiKeyScope, WebhookDelivery
from api.services import api_key_create
from api.webhooks import webhook_create
from members import imports
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import (
    Affiliation,
    Course,
    CourseFeed,
    CourseImport,
    Institution,
    InstitutionRole,
    Invitation,
    MembershipStatus,
    Platform,
)
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from tests.members.conftest import activate_membership, secretariat_member
from tests.members.test_catalog import make_course
from tests.members.test_course_permissions import course_post
from tests.members.test_institutions import profile_data

STATUSES = ["active", "grace", "pending", "lapsed", "suspended", "cancelled"]
# What each status allows, written out here (docs/members.md#membership-standing).
EVERYTHING = {
    "listed",
    "member_area",
    "edit_profile",
    "invite",
    "change_role",
    "add_course",
    "edit_course",
    "delete_course",
    "upload_import",
    "register_feed",
    "run_import",
    "sync_feed",
    "api_write",
    "api_update",
    "billing_page",
}
ALLOWED = {
    "active": EVERYTHING,
    "grace": EVERYTHING,
    "pending": {"listed", "edit_profile", "billing_page"},
    "lapsed": {"billing_page"},
    "suspended": {"billing_page"},
    "cancelled": {"billing_page"},
}
CSV = "external_id,title,url,languages,fields,status\nx-1,Imported,https://edx.example.org/x,en,0613,published\n"


@pytest.fixture(autouse=True)
def _settled(settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    cache.clear()  # the API's rate limits


def put_in(institution: Institution, status: str) -> None:
    """Move the institution's membership to `status` as the platform does."""
    now = timezone.now()
    if status == "grace":  # the year paid ended ten days ago
        activate_membership(institution, paid_at=now - timedelta(days=375))
    elif status == "lapsed":  # … fifty-five days ago
        activate_membership(institution, paid_at=now - timedelta(days=420))
    elif status != "pending":
        activate_membership(institution)
    if status == "suspended":
        institutions_services.institution_suspend(
            institution=institution, actor=None, reason="Unpaid dues"
        )
    elif status == "cancelled":
        dues_services.membership_set_override(
            membership=institution.membership, override="cancelled", reason="Left", actor=None
        )
    institution.membership.refresh_from_db()
    assert institution.membership.status == status


@pytest.fixture
def member(db):
    """An institution in the status asked, its people, a published course, a key that writes
    its courses, a queued import and a registered feed."""

    def make(status):
        institution = InstitutionFactory(name="Standing University")
        people = {role: affiliate(institution, role) for role in InstitutionRole}
        course = make_course(institution, "Standing Course")
        queued = imports.import_create(
            institution=institution,
            actor=people["editor"],
            upload=SimpleUploadedFile("c.csv", CSV.encode()),
            format="",
            platform=Platform.objects.get(slug="edx"),
        )
        feed = CourseFeed.objects.create(  # an address every sync refuses: no network
            institution=institution,
            url="http://192.0.2.1/courses.json",
            platform=Platform.objects.get(slug="edx"),
        )
        key = api_key_create(
            owner=people["admin"],
            name="LMS",
            institution=institution,
            scopes=[ApiKeyScope.READ, ApiKeyScope.WRITE_COURSES],
        )[1]
        put_in(institution, status)
        return {
            "institution": institution,
            "course": course,
            "import": queued,
            "feed": feed,
            "key": key,
            **people,
        }

    return make


def as_(client, user):
    client.force_login(user)
    return client


def api_key(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


# Each action, tried through the real view, task or endpoint: True when it happened.


def act_listed(client, m):
    course, institution = m["course"], m["institution"]
    api = APIClient()
    surfaces = [
        course.title in client.get(reverse("members:catalog")).content.decode(),
        course.title in client.get(reverse("members:catalog") + "?q=Standing").content.decode(),
        client.get(reverse("members:course_detail", args=[course.slug])).status_code == 200,
        course.slug in {c["slug"] for c in api.get("/api/v1/courses/").json()["results"]},
        api.get(f"/api/v1/courses/{course.slug}/").status_code == 200,
        str(course.uuid) in {c["id"] for c in api.get("/api/v1/moochub/courses").json()["data"]},
        institution.name in client.get(reverse("members:directory")).content.decode(),
        api.get(f"/api/v1/institutions/{institution.slug}/").status_code == 200,
        client.get(reverse("members:institution_detail", args=[institution.slug])).status_code
        == 200,
    ]
    assert len(set(surfaces)) == 1, surfaces  # every surface agrees
    return surfaces[0]


def act_member_area(client, m):
    url = reverse("members:my_institution", args=[m["institution"].slug])
    return as_(client, m["staff"]).get(url).status_code == 200


def act_edit_profile(client, m):
    url = reverse("members:edit_profile", args=[m["institution"].slug])
    as_(client, m["editor"]).post(url, profile_data(name="Renamed University"))
    return Institution.objects.filter(name="Renamed University").exists()


def act_invite(client, m):
    url = reverse("members:people", args=[m["institution"].slug])
    as_(client, m["admin"]).post(url, {"email": "new@uni.example", "role": "staff"})
    return Invitation.objects.filter(email="new@uni.example").exists()


def act_change_role(client, m):
    staff = Affiliation.objects.get(user=m["staff"])
    url = reverse("members:change_role", args=[m["institution"].slug, staff.pk])
    as_(client, m["admin"]).post(url, {"role": "editor"})
    staff.refresh_from_db()
    return staff.role == InstitutionRole.EDITOR


def act_add_course(client, m):
    url = reverse("members:course_new", args=[m["institution"].slug])
    as_(client, m["editor"]).post(url, course_post("Added Course"))
    return Course.objects.filter(title="Added Course").exists()


def act_edit_course(client, m):
    url = reverse("members:course_edit", args=[m["institution"].slug, m["course"].pk])
    as_(client, m["editor"]).post(url, course_post("Edited Course"))
    return Course.objects.filter(title="Edited Course").exists()


def act_delete_course(client, m):
    url = reverse("members:course_delete", args=[m["institution"].slug, m["course"].pk])
    as_(client, m["editor"]).post(url)
    return not Course.objects.filter(pk=m["course"].pk).exists()


def act_upload_import(client, m):
    url = reverse("members:course_import", args=[m["institution"].slug])
    before = CourseImport.objects.count()
    as_(client, m["editor"]).post(
        url,
        {
            "upload-file": SimpleUploadedFile("c.csv", CSV.encode()),
            "upload-format": "",
            "upload-platform": Platform.objects.get(slug="edx").pk,
        },
    )
    return CourseImport.objects.count() == before + 1


def act_register_feed(client, m):
    url = reverse("members:course_import", args=[m["institution"].slug])
    as_(client, m["editor"]).post(
        url,
        {
            "register_feed": "1",
            "feed-url": "https://93.184.215.14/courses.json",
            "feed-format": "",
            "feed-platform": Platform.objects.get(slug="edx").pk,
        },
    )
    return CourseFeed.objects.filter(url="https://93.184.215.14/courses.json").exists()


def act_run_import(client, m):
    """An import queued before the status changed runs only in good standing."""
    imports.run_import(m["import"].pk)
    m["import"].refresh_from_db()
    if m["import"].status == CourseImport.Status.FAILED:
        assert "membership of Standing University is" in m["import"].message
        assert not Course.objects.filter(title="Imported").exists()
        return False
    return Course.objects.filter(title="Imported").exists()


def act_sync_feed(client, m):
    """The daily sync fetches the feed (here refused by the outbound check) only in standing."""
    imports.feed_sync(m["feed"].pk)
    m["feed"].refresh_from_db()
    assert m["feed"].last_checked_at is not None
    return "membership of Standing University is" not in m["feed"].last_status


def act_api_write(client, m):
    body = {
        "title": "API Course",
        "url": "https://edx.example.org/api",
        "platform": "edx",
        "languages": ["en"],
        "status": "published",
    }
    response = APIClient().post("/api/v1/courses/", body, format="json", **api_key(m["key"]))
    if response.status_code == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert "membership of Standing University is" in response.json()["detail"]
    return response.status_code == 201 and Course.objects.filter(title="API Course").exists()


def act_api_update(client, m):
    url = f"/api/v1/courses/{m['course'].slug}/"
    response = APIClient().patch(url, {"title": "Patched"}, format="json", **api_key(m["key"]))
    assert response.status_code in (200, 403), response.status_code
    return Course.objects.filter(title="Patched").exists()


def act_billing_page(client, m):
    url = reverse("members:membership", args=[m["institution"].slug])
    return as_(client, m["admin"]).get(url).status_code == 200


ACTIONS = {name.removeprefix("act_"): fn for name, fn in globals().items() if name[:4] == "act_"}
assert set(ACTIONS) == EVERYTHING


@pytest.mark.parametrize("action", sorted(EVERYTHING))
@pytest.mark.parametrize("status", STATUSES)
def test_standing_matrix(client, member, status, action):
    m = member(status)
    assert ACTIONS[action](client, m) == (action in ALLOWED[status])


@pytest.mark.parametrize("status", ["lapsed", "suspended"])
def test_the_secretariat_acts_whatever_the_standing(client, member, settings, status):
    m = member(status)
    secretariat = secretariat_member(settings)
    url = reverse("members:edit_profile", args=[m["institution"].slug])
    as_(client, secretariat).post(url, profile_data(name="Fixed by the secretariat"))
    assert Institution.objects.filter(name="Fixed by the secretariat").exists()


def test_the_api_names_the_reason(member):
    m = member("suspended")
    response = APIClient().delete(f"/api/v1/courses/{m['course'].slug}/", **api_key(m["key"]))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "The membership of Standing University is suspended: this is not possible until it is"
        " in good standing again."
    )
    assert Course.objects.filter(pk=m["course"].pk).exists()


def feed_after(api, cursor):
    page = api.get("/api/v1/changes/" + (f"?after={cursor}" if cursor else "")).json()
    return page["next_cursor"], [(c["kind"], c["operation"], c["key"]) for c in page["results"]]


def events_since(pk):
    return [
        (d.event, d.payload["key"])
        for d in WebhookDelivery.objects.filter(pk__gt=pk).order_by("pk")
    ]


@pytest.mark.parametrize("how", ["suspension", "lapse"])
def test_leaving_and_coming_back_is_told_the_same_in_the_feed_and_webhooks(client, member, how):
    """Out of standing: deletions in the feed and in webhooks; back: the course is created and
    the institution updated in both; a draft is never mentioned."""
    m = member("active")
    institution, course = m["institution"], m["course"]
    draft = make_course(institution, "Standing Draft", status="draft")
    webhook_create(owner=UserFactory(), url="https://partner.example/hook")
    api = APIClient()
    cursor, _rows = feed_after(api, None)
    last = WebhookDelivery.objects.order_by("pk").last()
    mark = last.pk if last else 0

    membership = institution.membership
    if how == "suspension":
        institutions_services.institution_suspend(
            institution=institution, actor=None, reason="Unpaid"
        )
    else:  # the daily refresh finds the paid year over, past the grace period
        membership.periods.update(
            starts_on=timezone.localdate() - timedelta(days=420),
            ends_on=timezone.localdate() - timedelta(days=56),
        )
        dues_services.membership_refresh(membership=membership)
    cursor, rows = feed_after(api, cursor)
    assert rows == [
        ("institution", "deleted", institution.slug),
        ("course", "deleted", course.slug),
    ]
    assert sorted(events_since(mark)) == [
        ("course.deleted", course.slug),
        ("institution.deleted", institution.slug),
    ]
    assert not act_listed(client, m)

    mark = WebhookDelivery.objects.order_by("pk").last().pk
    if how == "suspension":
        institutions_services.institution_reinstate(institution=institution, actor=None)
    else:
        activate_membership(institution)
    _cursor, rows = feed_after(api, cursor)
    assert rows == [
        ("institution", "updated", institution.slug),
        ("course", "created", course.slug),
    ]
    assert sorted(events_since(mark)) == [
        ("course.created", course.slug),
        ("institution.updated", institution.slug),
    ]
    assert act_listed(client, m)
    assert draft.slug not in {key for _kind, _op, key in rows}
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
