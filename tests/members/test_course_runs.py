"""The course page edits its runs: date and time inputs in the editor's zone, stored in UTC;
several runs added, kept or deleted in one save, nothing saved while one is wrong."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from members.models import Course, CourseRun
from tests.members.test_catalog import make_course
from tests.members.test_course_permissions import course_post


def runs_post(*runs, initial=0):
    """The runs formset's fields: each run a dict of its fields (with "id" for a stored one)."""
    data = {"runs-TOTAL_FORMS": str(len(runs)), "runs-INITIAL_FORMS": str(initial)}
    for index, run in enumerate(runs):
        data |= {f"runs-{index}-{name}": value for name, value in run.items()}
    return data


@pytest.fixture
def editor(client, world):
    world["editor_a"].time_zone = "Asia/Shanghai"
    world["editor_a"].save()
    client.force_login(world["editor_a"])
    return client


def new_url(world):
    return reverse("members:course_new", args=[world["institution_a"].slug])


def test_times_are_read_in_the_editors_zone_and_stored_in_utc(editor, world):
    run = {
        "starts_at": "2027-03-01T09:00",  # as <input type="datetime-local"> sends it
        "ends_at": "2027-04-01T18:30",
        "enrollment_ends_at": "2027-03-01T00:30",
        "pacing": "instructor_led",
    }
    response = editor.post(new_url(world), {**course_post("Zoned"), **runs_post(run)})

    assert response.status_code == 302
    stored = Course.objects.get(title="Zoned").runs.get()
    assert stored.starts_at == datetime(2027, 3, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert stored.ends_at == datetime(2027, 4, 1, 10, 30, tzinfo=UTC)
    assert stored.enrollment_ends_at == datetime(2027, 2, 28, 16, 30, tzinfo=UTC)

    page = editor.get(
        reverse("members:course_edit", args=[world["institution_a"].slug, stored.course_id])
    ).content.decode()
    assert 'type="datetime-local" name="runs-0-starts_at" value="2027-03-01T09:00"' in page
    assert "Time in Shanghai (UTC+8)." in page


def test_a_viewer_in_utc_is_told_so(client, world):
    client.force_login(world["editor_a"])
    page = client.get(new_url(world)).content.decode()
    assert "Time in UTC." in page
    assert 'type="datetime-local"' in page


@pytest.mark.parametrize("value", ["next monday", "2027-13-01T09:00", "01/03/2027 25:00"])
def test_a_bad_date_is_refused_with_a_clear_error_and_nothing_is_saved(editor, world, value):
    run = {"starts_at": value, "pacing": "self_paced"}
    response = editor.post(new_url(world), {**course_post("Bad date"), **runs_post(run)})

    assert response.status_code == 200
    assert "Enter a date and time, for example 2027-03-01 09:00." in response.content.decode()
    assert not Course.objects.filter(title="Bad date").exists()
    assert not CourseRun.objects.exists()


def test_two_runs_are_added_in_one_save_then_one_is_deleted(editor, world):
    first = {"starts_at": "2027-03-01T09:00", "pacing": "self_paced"}
    second = {"starts_at": "2027-09-01T09:00", "pacing": "instructor_led", "url": "https://e.org/r"}
    response = editor.post(new_url(world), {**course_post("Two runs"), **runs_post(first, second)})
    assert response.status_code == 302
    course = Course.objects.get(title="Two runs")
    assert [run.pacing for run in course.runs.all()] == ["self_paced", "instructor_led"]

    url = reverse("members:course_edit", args=[world["institution_a"].slug, course.pk])
    page = editor.get(url).content.decode()
    assert page.count('name="runs-') > 0
    assert 'name="runs-TOTAL_FORMS" value="4"' in page  # the two runs and two empty rows
    keep, delete = course.runs.all()
    response = editor.post(
        url,
        {
            **course_post("Two runs"),
            **runs_post(
                {"id": keep.pk, "starts_at": "2027-03-01T09:00", "pacing": "self_paced"},
                {**second, "id": delete.pk, "DELETE": "on"},
                {"starts_at": "", "pacing": ""},  # an empty row: ignored
                initial=2,
            ),
        },
    )
    assert response.status_code == 302
    assert list(course.runs.values_list("starts_at", flat=True)) == [
        datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    ]


def test_one_bad_run_keeps_the_course_and_every_other_run_unsaved(editor, world):
    course = make_course(world["institution_a"])
    CourseRun.objects.create(course=course, starts_at=datetime(2026, 1, 1, tzinfo=UTC))
    before = list(course.runs.values_list("pk", "starts_at", "pacing"))
    url = reverse("members:course_edit", args=[world["institution_a"].slug, course.pk])
    response = editor.post(
        url,
        {
            **course_post("Renamed"),
            **runs_post(
                {"id": before[0][0], "DELETE": "on", "starts_at": "2026-01-01T08:00"},
                {"starts_at": "2027-03-01T09:00", "pacing": "self_paced"},
                {"starts_at": "2027-05-01T09:00", "ends_at": "2027-04-01T09:00", "pacing": "x"},
                initial=1,
            ),
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "A session has an error, so nothing has been saved" in page
    assert "The end comes before the start." in page
    assert "Select a valid choice" in page
    assert 'value="2027-03-01T09:00"' in page  # what was typed is shown again
    course.refresh_from_db()
    assert course.title != "Renamed"
    assert list(course.runs.values_list("pk", "starts_at", "pacing")) == before


def test_save_and_add_more_sessions_comes_back_to_the_form(editor, world):
    run = {"starts_at": "2027-03-01T09:00", "pacing": "self_paced"}
    response = editor.post(
        new_url(world), {**course_post("More"), **runs_post(run), "more_runs": "1"}
    )
    course = Course.objects.get(title="More")
    assert response["Location"] == reverse(
        "members:course_edit", args=[world["institution_a"].slug, course.pk]
    )
