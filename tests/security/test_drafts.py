"""Drafts never leak: partners hear only of courses they could read, with the same event in the
change feed and in webhooks; API writes answer alike for another institution's draft and for a
slug that does not exist (issue 12, part 12)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiKeyScope, WebhookDelivery
from api.services import api_key_create
from api.webhooks import webhook_create
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import Course, CourseStatus, InstitutionRole
from members.services import courses as courses_services
from members.services import institutions as institutions_services
from tests.members.conftest import activate_membership
from tests.members.test_catalog import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settled(settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    cache.clear()


class Partner:
    """A partner following both channels: the change feed from its cursor, and a webhook."""

    def __init__(self):
        webhook_create(owner=UserFactory(), url="https://partner.example/hook")
        self.api, self.cursor, self.seen = APIClient(), None, 0

    def news(self):
        """(feed entries, webhook events) since the last call, as (event, key) pairs."""
        url = "/api/v1/changes/" + (f"?after={self.cursor}" if self.cursor else "")
        page = self.api.get(url).json()
        self.cursor = page["next_cursor"]
        feed = [(f"{c['kind']}.{c['operation']}", c["key"]) for c in page["results"]]
        deliveries = list(WebhookDelivery.objects.filter(pk__gt=self.seen).order_by("pk"))
        self.seen = max([self.seen, *(d.pk for d in deliveries)])
        return feed, [(d.event, d.payload["key"]) for d in deliveries]


@pytest.fixture
def partner(db):
    return Partner()


@pytest.fixture
def member():
    institution = InstitutionFactory(name="Draft University")
    activate_membership(institution)
    return institution


def test_a_draft_that_never_was_public_produces_nothing(member, partner):
    partner.news()  # the institution's own entries
    draft = make_course(member, "Secret Draft", status=CourseStatus.DRAFT)
    courses_services.course_update(course=draft, actor=None, data={"title": "Secret Draft II"})
    assert partner.news() == ([], [])
    courses_services.course_delete(course=draft, actor=None)
    assert partner.news() == ([], [])
    feed_from_scratch = APIClient().get("/api/v1/changes/?page_size=1000").json()["results"]
    assert draft.slug not in {entry["key"] for entry in feed_from_scratch}


def test_each_step_of_a_course_is_the_same_event_in_both_channels(member, partner):
    partner.news()
    course = make_course(member, "Open Course", status=CourseStatus.DRAFT)
    key = course.slug
    steps = [
        ({"status": CourseStatus.PUBLISHED}, "course.created"),
        ({"title": "Open Course, second edition"}, "course.updated"),
        ({"status": CourseStatus.DRAFT}, "course.deleted"),
        ({"title": "Edited while a draft"}, None),
        ({"status": CourseStatus.PUBLISHED}, "course.created"),
    ]
    for data, event in steps:
        courses_services.course_update(course=course, actor=None, data=data)
        expected = [(event, key)] if event else []
        assert partner.news() == (expected, expected), data
    courses_services.course_delete(course=course, actor=None)
    assert partner.news() == ([("course.deleted", key)], [("course.deleted", key)])


def test_a_course_published_at_once_is_created_and_suspension_deletes_it(member, partner):
    partner.news()
    course = make_course(member, "Published At Once")
    assert partner.news() == ([("course.created", course.slug)], [("course.created", course.slug)])
    institutions_services.institution_suspend(institution=member, actor=None, reason="Unpaid")
    feed, hooks = partner.news()
    assert ("course.deleted", course.slug) in feed
    assert sorted(feed) == sorted(hooks)


@pytest.fixture
def write_key(member):
    other = InstitutionFactory(name="Other University")
    activate_membership(other)
    owner = affiliate(other, InstitutionRole.ADMIN)
    raw = api_key_create(
        owner=owner,
        name="Other LMS",
        institution=other,
        scopes=[ApiKeyScope.READ, ApiKeyScope.WRITE_COURSES],
    )[1]
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


def answer(response) -> tuple[int, str, dict]:
    body = {k: v for k, v in response.json().items() if k != "instance"} if response.content else {}
    return response.status_code, response["Content-Type"], body


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("status", [CourseStatus.DRAFT, CourseStatus.PUBLISHED])
def test_writes_to_another_institutions_course_answer_as_an_unknown_slug(
    member, write_key, method, status
):
    course = make_course(member, "Not Yours", status=status)
    api = APIClient()
    body = {"title": "Taken", "url": "https://edx.example.org/t", "platform": "edx"}
    call = getattr(api, method)
    theirs = call(f"/api/v1/courses/{course.slug}/", body, format="json", **write_key)
    unknown = call("/api/v1/courses/no-such-course/", body, format="json", **write_key)
    assert answer(theirs) == answer(unknown)
    assert theirs.status_code == 404
    course.refresh_from_db()
    assert course.title == "Not Yours"


def test_the_key_still_writes_its_own_drafts(write_key):
    api = APIClient()
    body = {
        "title": "Own Draft",
        "url": "https://edx.example.org/own",
        "platform": "edx",
        "languages": ["en"],
        "status": "draft",
    }
    created = api.post("/api/v1/courses/", body, format="json", **write_key)
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    patched = api.patch(f"/api/v1/courses/{slug}/", {"title": "Own"}, format="json", **write_key)
    assert patched.status_code == 200
    assert Course.objects.get(slug=slug).title == "Own"
    assert api.get(f"/api/v1/courses/{slug}/").status_code == 404  # not public
