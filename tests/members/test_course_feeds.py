"""Managing registered course feeds: list with status, pause, resume, remove, sync now."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.models import CourseFeed, CourseImport
from tests.members.conftest import client_for
from tests.members.test_course_import import edx, feed_server  # noqa: F401 (fixtures)

ALLOWED = {"admin_a", "secretariat"}
ROLES = ["anonymous", "no_institution", "staff_a", "editor_a", "admin_a", "admin_b", "secretariat"]


@pytest.fixture
def feed(world, edx):  # noqa: F811
    return CourseFeed.objects.create(
        institution=world["institution_a"], url="https://open.example.org/feed", platform=edx
    )


def act(client, world, feed, action):
    url = reverse("members:course_feed_action", args=[world["institution_a"].slug, feed.pk, action])
    return client.post(url)


def logged(action):
    return list(
        ModelLogEntry.objects.filter(action=f"members.course_feed.{action}").values_list(
            "user_id", flat=True
        )
    )


def check(response, role):
    if role in ALLOWED:
        assert response.status_code == 302
        assert response["Location"].endswith("/courses/import/#feeds")
    elif role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_pause_and_resume(client, world, feed, role):
    check(act(client_for(client, world, role), world, feed, "pause"), role)
    feed.refresh_from_db()
    assert feed.active == (role not in ALLOWED)
    assert logged("paused") == ([world[role].pk] if role in ALLOWED else [])

    if role in ALLOWED:
        check(act(client, world, feed, "resume"), role)
        feed.refresh_from_db()
        assert feed.active
        assert logged("resumed") == [world[role].pk]


@pytest.mark.parametrize("role", ROLES)
def test_remove(client, world, feed, role):
    course_import = CourseImport.objects.create(
        institution=world["institution_a"], feed=feed, format="csv", platform=feed.platform
    )
    check(act(client_for(client, world, role), world, feed, "remove"), role)
    assert CourseFeed.objects.filter(pk=feed.pk).exists() == (role not in ALLOWED)
    assert logged("removed") == ([world[role].pk] if role in ALLOWED else [])
    assert CourseImport.objects.filter(pk=course_import.pk).exists()  # the imports stay


@pytest.mark.parametrize("role", ROLES)
def test_sync_now_queues_the_feed_sync_on_commit(
    client,
    world,
    edx,  # noqa: F811
    feed_server,  # noqa: F811
    role,
    django_capture_on_commit_callbacks,
):
    url, seen = feed_server
    feed = CourseFeed.objects.create(institution=world["institution_a"], url=url, platform=edx)
    client = client_for(client, world, role)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = act(client, world, feed, "sync")
    check(response, role)
    assert len(callbacks) == (1 if role in ALLOWED else 0)
    assert not seen  # nothing fetched before the commit
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    feed.refresh_from_db()
    if role in ALLOWED:
        assert len(seen) == 1
        assert feed.imports.get().status == CourseImport.Status.DONE
        assert logged("sync_requested") == [world[role].pk]
    else:
        assert feed.last_checked_at is None and not feed.imports.exists()


def test_a_paused_feed_is_not_synced_on_demand(client, world, feed):
    feed.active = False
    feed.save()
    client.force_login(world["admin_a"])
    response = client.post(
        reverse("members:course_feed_action", args=[world["institution_a"].slug, feed.pk, "sync"]),
        follow=True,
    )
    assert "The feed is paused: resume it to sync it." in response.content.decode()
    assert not logged("sync_requested")


def test_bad_requests_change_nothing(client, world, feed, edx):  # noqa: F811
    client.force_login(world["admin_a"])
    slug = world["institution_a"].slug
    assert act(client, world, feed, "explode").status_code == 404
    url = reverse("members:course_feed_action", args=[slug, feed.pk, "pause"])
    assert client.get(url).status_code == 405
    other = CourseFeed.objects.create(
        institution=world["institution_b"], url="https://b.example.org/feed", platform=edx
    )
    url = reverse("members:course_feed_action", args=[slug, other.pk, "pause"])
    assert client.post(url).status_code == 404  # B's feed through A's page
    feed.refresh_from_db()
    other.refresh_from_db()
    assert feed.active and other.active


def test_the_page_shows_each_feeds_status_and_actions_to_admins_only(
    client,
    world,
    edx,  # noqa: F811
    feed_server,  # noqa: F811
):
    url, _seen = feed_server
    feed = CourseFeed.objects.create(
        institution=world["institution_a"], url=url + "-missing", platform=edx
    )
    from members import tasks

    tasks.sync_course_feed(feed.pk)  # a 404: the error is kept
    feed.refresh_from_db()
    assert feed.last_error == "The feed answered with HTTP status 404."
    failed_at = feed.last_error_at
    CourseFeed.objects.filter(pk=feed.pk).update(url=url)
    tasks.sync_course_feed(feed.pk)  # now it works: the last error stays, with its time
    feed.refresh_from_db()
    assert feed.last_status.startswith("import of 2 courses started")
    assert (feed.last_error, feed.last_error_at) == (
        "The feed answered with HTTP status 404.",
        failed_at,
    )
    feed.active = False
    feed.save()

    page_url = reverse("members:course_import", args=[world["institution_a"].slug])
    client.force_login(world["admin_a"])
    page = client.get(page_url).content.decode()
    assert "Paused" in page and "HTTP status 404" in page and "import of 2 courses" in page
    assert "Resume" in page and "Remove the feed" in page and "Sync now" not in page

    client.force_login(world["editor_a"])
    page = client.get(page_url).content.decode()
    assert "Paused" in page and "HTTP status 404" in page
    assert "Remove the feed" not in page and "Resume" not in page
