"""Bulk course import (CSV, JSON, MOOChub v3) and feed sync: rows, errors, progress, feeds."""

import json
import threading
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from alliance import outbound
from members import imports, tasks
from members.models import Course, CourseFeed, CourseImport, Pacing, Platform
from members.services import courses as courses_services
from tests.members.conftest import activate_membership, client_for
from tests.moochub import moochub_schema

CSV_GOOD = """external_id,title,url,languages,subtitle_languages,fields,sdg_targets,\
effort_hours_per_week,length_weeks,is_free,price,status,run_starts_at,run_ends_at,run_pacing
c-1,Climate Basics,https://edx.example.org/c-1,"en, fr",zh-Hans,"0521, 0532",13,3.5,6,yes,,\
published,2025-03-01,2025-04-15,instructor_led
c-1,Climate Basics,https://edx.example.org/c-1,"en, fr",zh-Hans,"0521, 0532",13,3.5,6,yes,,\
published,2025-09-01,2025-10-15,instructor_led
c-2,Data for Good,https://edx.example.org/c-2,en,,0613,4.4,,,no,49,draft,,,
"""

JSON_GOOD = [
    {
        "external_id": "j-1",
        "title": "Open Science",
        "url": "https://edx.example.org/j-1",
        "languages": ["es", "en"],
        "fields": ["0923"],
        "sdg_targets": "4.3, 4.4",
        "length_weeks": 4,
        "runs": [
            {"starts_at": "2025-02-01", "ends_at": "2025-03-01", "pacing": "self_paced"},
        ],
    },
    {
        "external_id": "j-2",
        "title": "Ethics",
        "url": "https://edx.example.org/j-2",
        "languages": "ar",
    },
]


def moochub_course(course_id, name, **attributes):
    organization = {"type": "Organization", "name": "Institution A"}
    return {
        "id": course_id,
        "type": "Course",
        "attributes": {
            "name": name,
            "learningResourceType": {
                "identifier": "https://w3id.org/kim/hcrt/course",
                "type": "Concept",
                "inScheme": "https://w3id.org/kim/hcrt/scheme",
            },
            "publisher": organization,
            "creator": [organization],
            "url": f"https://open.example.org/courses/{course_id}",
            "license": [
                {"identifier": "CC-BY-SA-4.0", "url": "https://spdx.org/licenses/CC-BY-SA-4.0.html"}
            ],
            "inLanguage": ["en", "de"],
            **attributes,
        },
    }


MOOCHUB_GOOD = {
    "links": {
        "self": "https://open.example.org/api/v3/courses",
        "first": "https://open.example.org/api/v3/courses",
        "last": "https://open.example.org/api/v3/courses",
    },
    "data": [
        moochub_course(
            "8978f51e-770c-4d0a-a2e3-23fae8f6aa79",
            "Confidential Communication",
            description="<p>How to keep a secret online. <script>alert(1)</script>And more.</p>",
            courseMode=["online", "synchronous"],
            startDate=["2025-03-01T08:00:00Z", "2025-09-01T08:00:00Z"],
            endDate=["2025-04-12T18:00:00Z", "2025-10-12T18:00:00Z"],
            workload={"timeValue": 3, "timeUnit": "h/week"},
            duration="P6W",
            educationalAlignment=[
                {
                    "educationalFramework": "ISCED-F",
                    "educationalFrameworkVersion": "2013",
                    "name": [{"inLanguage": "en", "name": "Database and network design"}],
                    "shortCode": "0612",
                    "type": "EducationalAlignment",
                }
            ],
            access=["free"],
            offer=[
                {
                    "price": 0,
                    "priceCurrency": "EUR",
                    "paymentFrequency": "one-time",
                    "category": "course",
                }
            ],
            educationalCredentialsAwarded=["certificate"],
        ),
        moochub_course(
            "0b6a2f4e-6d53-4a0c-9d6e-3f1b2f0c8a11",
            "Paid Analytics",
            access=["paid"],
            offer=[
                {
                    "price": 120,
                    "priceCurrency": "EUR",
                    "paymentFrequency": "one-time",
                    "category": "complete",
                }
            ],
        ),
    ],
}


def test_moochub_fixture_is_valid_against_the_schema():
    schema = moochub_schema()
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(MOOCHUB_GOOD))
    assert errors == []


@pytest.fixture
def edx(db):
    return Platform.objects.get(slug="edx")


def import_file(
    world, capture, content, *, format="", institution="institution_a", actor="admin_a", slug="edx"
):
    if not isinstance(content, bytes):
        content = content if isinstance(content, str) else json.dumps(content)
        content = content.encode()
    with capture(execute=True):
        course_import = imports.import_create(
            institution=world[institution],
            actor=world[actor],
            upload=SimpleUploadedFile("courses", content),
            format=format,
            platform=Platform.objects.get(slug=slug),
        )
    course_import.refresh_from_db()
    return course_import


def codes(course, *, subtitles=False):
    return set(course.language_rows.filter(is_subtitle=subtitles).values_list("code", flat=True))


# Good files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_csv_import_creates_courses_with_languages_fields_and_runs(
    world, django_capture_on_commit_callbacks, bom
):
    done = import_file(world, django_capture_on_commit_callbacks, bom + CSV_GOOD)

    assert (done.status, done.format, done.total_rows) == ("done", "csv", 2)
    assert (done.created_count, done.updated_count, done.error_count) == (2, 0, 0)
    climate = Course.objects.get(external_id="c-1")
    assert climate.institutions.get() == world["institution_a"]
    assert climate.platform.slug == "edx"
    assert codes(climate) == {"en", "fr"}
    assert codes(climate, subtitles=True) == {"zh-Hans"}
    assert set(climate.fields.values_list("code", flat=True)) == {"0521", "0532"}
    assert list(climate.sdg_rows.values_list("target", flat=True)) == ["13"]
    assert climate.effort_hours_per_week == Decimal("3.5")
    assert (climate.length_weeks, climate.is_free, climate.status) == (6, True, "published")
    runs = list(climate.runs.all())
    assert [run.starts_at.date().isoformat() for run in runs] == ["2025-03-01", "2025-09-01"]
    assert {run.pacing for run in runs} == {Pacing.INSTRUCTOR_LED}
    data = Course.objects.get(external_id="c-2")
    assert (data.is_free, data.price, data.status) == (False, Decimal("49.00"), "draft")
    assert data.runs.count() == 0


def test_json_import(world, django_capture_on_commit_callbacks):
    done = import_file(world, django_capture_on_commit_callbacks, JSON_GOOD)

    assert (done.format, done.created_count, done.error_count) == ("json", 2, 0)
    science = Course.objects.get(external_id="j-1")
    assert codes(science) == {"es", "en"}
    assert list(science.fields.values_list("code", flat=True)) == ["0923"]
    assert set(science.sdg_rows.values_list("target", flat=True)) == {"4.3", "4.4"}
    assert science.runs.get().pacing == Pacing.SELF_PACED
    ethics = Course.objects.get(external_id="j-2")
    assert codes(ethics) == {"ar"}
    assert (ethics.is_free, ethics.status) == (True, "draft")


def test_moochub_import_maps_the_attributes(world, django_capture_on_commit_callbacks):
    done = import_file(world, django_capture_on_commit_callbacks, MOOCHUB_GOOD)

    assert (done.format, done.created_count, done.error_count) == ("moochub", 2, 0), done.report
    course = Course.objects.get(external_id="8978f51e-770c-4d0a-a2e3-23fae8f6aa79")
    assert course.title == "Confidential Communication"
    assert course.url == "https://open.example.org/courses/8978f51e-770c-4d0a-a2e3-23fae8f6aa79"
    assert "<script>" not in course.description
    assert "<p>" in course.description
    assert course.summary == "How to keep a secret online."
    assert codes(course) == {"en", "de"}
    assert course.license == "CC-BY-SA-4.0"
    assert list(course.fields.values_list("code", flat=True)) == ["0612"]
    assert (course.effort_hours_per_week, course.length_weeks) == (Decimal("3.0"), 6)
    assert (course.is_free, course.has_certificate) == (True, True)
    runs = list(course.runs.all())
    assert len(runs) == 2
    assert {run.pacing for run in runs} == {Pacing.INSTRUCTOR_LED}
    assert runs[0].ends_at.date().isoformat() == "2025-04-12"
    paid = Course.objects.get(external_id="0b6a2f4e-6d53-4a0c-9d6e-3f1b2f0c8a11")
    assert (paid.is_free, paid.price, paid.currency) == (False, Decimal("120.00"), "EUR")


# Re-import ----------------------------------------------------------------------------------


def test_reimport_updates_and_never_duplicates(world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    import_file(world, capture, CSV_GOOD)
    again = import_file(world, capture, CSV_GOOD.replace("Climate Basics", "Climate Basics II"))

    assert (again.created_count, again.updated_count, again.error_count) == (0, 1, 0)
    assert again.unchanged_count == 1  # c-2 is as it was
    assert Course.objects.count() == 2
    climate = Course.objects.get(external_id="c-1")
    assert climate.title == "Climate Basics II"
    assert climate.runs.count() == 2
    assert climate.language_rows.count() == 3


def test_reimport_keeps_what_the_file_leaves_out(world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    import_file(world, capture, MOOCHUB_GOOD)
    course = Course.objects.get(title="Confidential Communication")
    courses_services.course_update(
        course=course, actor=None, data={"status": "published", "sdg_targets": ["4.4"]}
    )

    renamed = json.dumps(MOOCHUB_GOOD).replace("Confidential", "Private")
    again = import_file(world, capture, renamed)

    assert (again.updated_count, again.unchanged_count) == (1, 1)
    course.refresh_from_db()
    assert course.title == "Private Communication"
    assert course.status == "published"
    assert list(course.sdg_rows.values_list("target", flat=True)) == ["4.4"]


# Bad rows -----------------------------------------------------------------------------------


def good(external_id, **changes):
    row = {
        "external_id": external_id,
        "title": f"Course {external_id}",
        "url": f"https://edx.example.org/{external_id}",
        "languages": ["en"],
    }
    return {**row, **changes}


def test_bad_rows_are_reported_and_the_good_rows_still_import(
    world, django_capture_on_commit_callbacks
):
    rows = [
        good("ok"),
        good("types", length_weeks="ten", effort_hours_per_week=[1, 2]),
        good("untitled", title=""),
        good("isced", fields=["0613", "9876"]),
        good("language", languages=["en", "english!"]),
        good("run", runs=[{"starts_at": "2025-05-01", "ends_at": "2025-04-01", "pacing": "x"}]),
        good(""),
        "not an object",
        good("currency", is_free=False, price="10", currency="E1R"),
    ]
    done = import_file(world, django_capture_on_commit_callbacks, rows)

    assert (done.status, done.created_count, done.error_count) == ("done", 1, 8)
    assert list(Course.objects.values_list("external_id", flat=True)) == ["ok"]
    report = {}
    for line in imports.import_report_lines(done):
        report.setdefault(line["row"], {})[line["column"]] = (line["value"], line["message"])
    assert set(report) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert set(report[2]) == {"length_weeks", "effort_hours_per_week"}
    assert report[2]["length_weeks"][0] == "ten"
    assert report[3] == {"title": ("", "This field is required.")}
    assert report[4] == {"fields": ("9876", "“9876” is not an ISCED-F 2013 code.")}
    assert report[5]["languages"][0] == "english!"
    assert "“english!” is not a BCP 47 language tag" in report[5]["languages"][1]
    assert report[6]["runs[0].ends_at"] == ("2025-04-01", "The end comes before the start.")
    assert report[6]["runs[0].pacing"][0] == "x"
    assert "external_id" in report[7]
    assert report[8] == {"": ("", "Each course is a JSON object.")}
    assert report[9] == {
        "currency": ("E1R", "Give the currency as an ISO 4217 code, for example USD or EUR.")
    }


def test_csv_errors_name_the_line_of_the_file(world, django_capture_on_commit_callbacks):
    content = (
        "external_id,title,url,languages\nc-1,One,https://e.org/1,en\nc-2,,https://e.org/2,en\n"
    )
    done = import_file(world, django_capture_on_commit_callbacks, content)

    assert imports.import_report_lines(done) == [
        {
            "row": 3,
            "external_id": "c-2",
            "column": "title",
            "value": "",
            "message": "This field is required.",
        }
    ]


def test_a_row_failing_while_written_leaves_nothing(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    """The course, its languages and runs are written in one savepoint: all or nothing."""
    log_action = courses_services.log_action

    def failing_log_action(actor, action, obj, data=None):
        if action == "members.course.created" and obj.title == "Course boom":
            raise ValidationError("The audit log is down.")
        return log_action(actor, action, obj, data)

    def failing_log_actions(actor, action, objs, data):  # the batch: row by row, then
        for obj in objs:
            failing_log_action(actor, action, obj, data(obj))

    monkeypatch.setattr(courses_services, "log_action", failing_log_action)
    monkeypatch.setattr(courses_services, "log_actions", failing_log_actions)
    rows = [good("boom", runs=[{"starts_at": "2025-01-01", "pacing": "self_paced"}]), good("ok")]
    done = import_file(world, django_capture_on_commit_callbacks, rows)

    assert [
        (line["row"], line["column"], line["message"]) for line in imports.import_report_lines(done)
    ] == [(1, "", "The audit log is down.")]
    assert list(Course.objects.values_list("external_id", flat=True)) == ["ok"]
    assert not Course.objects.filter(title="Course boom").exists()


def test_an_import_cannot_touch_another_institutions_course(
    world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    activate_membership(world["institution_b"])  # B may import, only not A's course
    import_file(world, capture, [good("shared", title="A's course")])
    done = import_file(
        world,
        capture,
        [good("shared", title="Taken")],
        institution="institution_b",
        actor="admin_b",
    )

    assert imports.import_report_lines(done) == [
        {
            "row": 1,
            "external_id": "shared",
            "column": "external_id",
            "value": "shared",
            "message": "A course with this external id belongs to another institution.",
        }
    ]
    course = Course.objects.get(external_id="shared")
    assert course.title == "A's course"
    assert course.institutions.get() == world["institution_a"]


# Files that cannot be read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * (5 * 1024 * 1024 + 1), "The file is too big"),
        ("external_id,title\nc-1,Café\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b'[{"title": "One",}\n]', "The file is not valid JSON: Expecting property name"),
        (b"[" * 100_000 + b"]" * 100_000, "The file nests its data too deeply"),
        (b'{"title": "One"}', "A MOOChub file is a JSON:API document"),
        (("external_id\n" + "x\n" * 5001).encode(), "more than 5,000 courses"),
        (b"", "The file has no courses."),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_created(
    world, django_capture_on_commit_callbacks, content, message
):
    with pytest.raises(ValidationError) as error:
        import_file(world, django_capture_on_commit_callbacks, content)

    assert message in " ".join(error.value.messages)
    assert not CourseImport.objects.exists()
    assert not Course.objects.exists()


def test_invalid_json_error_names_the_line(world, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="line 3, column 1"):
        import_file(world, django_capture_on_commit_callbacks, b'[\n{"title": "One"}\n}')


def test_the_page_shows_why_a_file_is_refused(world, client, edx):
    client.force_login(world["admin_a"])
    response = client.post(
        reverse("members:course_import", args=[world["institution_a"].slug]),
        {
            "upload-file": SimpleUploadedFile("c.csv", "title\nCafé\n".encode("latin-1")),
            "upload-platform": edx.pk,
        },
    )

    assert response.status_code == 200
    assert "The file is not UTF-8 text" in response.content.decode()
    assert not CourseImport.objects.exists()


# The pages ----------------------------------------------------------------------------------

ROLES = {
    "anonymous": 302,
    "no_institution": 403,
    "staff_a": 403,
    "admin_b": 403,
    "editor_a": 200,
    "admin_a": 200,
    "secretariat": 200,
}


@pytest.mark.parametrize(("role", "status"), ROLES.items())
def test_import_pages_permission_matrix(
    world, client, django_capture_on_commit_callbacks, role, status
):
    course_import = import_file(world, django_capture_on_commit_callbacks, JSON_GOOD)
    client = client_for(client, world, role)
    slug = world["institution_a"].slug
    for url in [
        reverse("members:course_import", args=[slug]),
        reverse("members:course_import_detail", args=[slug, course_import.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_upload_through_the_page_then_the_report(
    world, client, edx, django_capture_on_commit_callbacks
):
    client.force_login(world["editor_a"])
    slug = world["institution_a"].slug
    rows = [good("ok"), good("bad", languages=["english!"])]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:course_import", args=[slug]),
            {
                "upload-file": SimpleUploadedFile("c.json", json.dumps(rows).encode()),
                "upload-format": "",
                "upload-platform": edx.pk,
            },
        )
    course_import = CourseImport.objects.get()
    assert response["Location"] == reverse(
        "members:course_import_detail", args=[slug, course_import.pk]
    )

    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "english!" in page
    assert "<caption>" in page
    listing = client.get(reverse("members:course_import", args=[slug])).content.decode()
    assert reverse("members:course_import_detail", args=[slug, course_import.pk]) in listing


def test_the_progress_moves_while_the_task_runs(
    world, client, django_capture_on_commit_callbacks, monkeypatch
):
    rows = [good(f"c-{n}") for n in range(25)]
    client.force_login(world["admin_a"])
    seen = []

    def progress(course_import):
        url = reverse(
            "members:course_import_detail", args=[world["institution_a"].slug, course_import.pk]
        )
        return client.get(url, {"format": "json"}).json(), client.get(url).content.decode()

    courses_create = courses_services.courses_create

    def watching_create(**kwargs):  # a batch of new courses
        seen.append(progress(CourseImport.objects.get())[0]["processed_rows"])
        return courses_create(**kwargs)

    monkeypatch.setattr(courses_services, "courses_create", watching_create)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_import = imports.import_create(
            institution=world["institution_a"],
            actor=world["admin_a"],
            upload=SimpleUploadedFile("c.json", json.dumps(rows).encode()),
            format="",
            platform=Platform.objects.get(slug="edx"),
        )
    waiting, page = progress(course_import)
    assert (waiting["status"], waiting["processed_rows"], waiting["total_rows"]) == (
        "pending",
        0,
        25,
    )
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="progress" max="25" value="0"' in page
    assert "0 of 25 rows" in page

    for callback in callbacks:
        callback()

    assert seen == [0, 10, 20]
    done, page = progress(course_import)
    assert (done["status"], done["processed_rows"], done["created_count"]) == ("done", 25, 25)
    assert "<progress" not in page


# Feeds --------------------------------------------------------------------------------------

ETAG = '"moochub-v1"'
LAST_MODIFIED = "Wed, 01 Oct 2025 08:00:00 GMT"


@pytest.fixture
def feed_server(settings):
    """A real HTTP server on 127.0.0.1 serving MOOCHUB_GOOD, with an ETag and 304 answers."""
    body = json.dumps(MOOCHUB_GOOD).encode()
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(dict(self.headers))
            if self.path != "/api/v3/courses":
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.api+json; moochub-version=3")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_port}", "127.0.0.1:1"]
    yield f"http://127.0.0.1:{server.server_port}/api/v3/courses", seen
    server.shutdown()
    server.server_close()


def test_feed_sync_imports_then_answers_not_modified(
    world, edx, feed_server, django_capture_on_commit_callbacks
):
    url, seen = feed_server
    with django_capture_on_commit_callbacks(execute=True):
        feed = imports.feed_register(
            institution=world["institution_a"],
            actor=world["admin_a"],
            url=url,
            format="",
            platform=edx,
        )

    feed.refresh_from_db()
    first = CourseImport.objects.get()
    assert (first.source, first.feed, first.format, first.status) == (
        "feed",
        feed,
        "moochub",
        "done",
    )
    assert first.created_count == 2
    assert (feed.etag, feed.last_modified) == (ETAG, LAST_MODIFIED)
    assert "If-None-Match" not in seen[0]

    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_all_course_feeds()

    feed.refresh_from_db()
    assert seen[1]["If-None-Match"] == ETAG
    assert seen[1]["If-Modified-Since"] == LAST_MODIFIED
    assert feed.last_status == "not modified"
    assert feed.last_checked_at is not None
    assert CourseImport.objects.count() == 1
    assert Course.objects.count() == 2


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("-missing", "The feed answered with HTTP status 404."),
        (None, "The feed could not be reached (ConnectionError)."),
    ],
)
def test_feed_errors_are_recorded_not_raised(world, edx, feed_server, path, status):
    url = feed_server[0] + path if path else "http://127.0.0.1:1/courses"  # nothing on port 1
    feed = CourseFeed.objects.create(institution=world["institution_a"], url=url, platform=edx)

    tasks.sync_course_feed(feed.pk)

    feed.refresh_from_db()
    assert feed.last_status == status
    assert feed.last_checked_at is not None
    assert not CourseImport.objects.exists()


def test_a_feed_is_registered_through_the_page_once(
    world, client, edx, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.215.14"])  # no DNS here
    client.force_login(world["editor_a"])
    url = reverse("members:course_import", args=[world["institution_a"].slug])
    data = {
        "register_feed": "1",
        "feed-url": "https://open.example.org/api/v3/courses",
        "feed-format": "moochub",
        "feed-platform": edx.pk,
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url, data).status_code == 302
        again = client.post(url, data)

    assert len(callbacks) == 1  # the first sync, queued once
    assert "already exists" in again.content.decode()
    feed = CourseFeed.objects.get()
    assert (feed.institution, feed.format, feed.active) == (world["institution_a"], "moochub", True)
    assert feed.url in client.get(url).content.decode()


def test_an_import_whose_file_cannot_be_read_fails_with_a_message(world, client, edx):
    course_import = CourseImport.objects.create(
        institution=world["institution_a"],
        format="json",
        platform=edx,
        file=ContentFile(b"[{", name="broken.json"),
        total_rows=1,
    )

    tasks.run_course_import(course_import.pk)

    course_import.refresh_from_db()
    assert course_import.status == "failed"
    assert course_import.message.startswith("The file is not valid JSON")
    client.force_login(world["admin_a"])
    page = client.get(
        reverse(
            "members:course_import_detail", args=[world["institution_a"].slug, course_import.pk]
        )
    ).content.decode()
    assert "The import failed: The file is not valid JSON" in page


@pytest.mark.parametrize(
    "content", [CSV_GOOD, JSON_GOOD, MOOCHUB_GOOD], ids=["csv", "json", "moochub"]
)
def test_reimporting_the_same_file_writes_nothing(
    world, django_capture_on_commit_callbacks, content
):
    """A daily feed that says what the catalog already says must not show up as changes."""
    capture = django_capture_on_commit_callbacks
    first = import_file(world, capture, content)
    before = dict(Course.objects.values_list("external_id", "modified_at"))

    again = import_file(world, capture, content)

    assert (again.created_count, again.updated_count, again.error_count) == (0, 0, 0), again.report
    assert again.unchanged_count == first.created_count == len(before)
    assert dict(Course.objects.values_list("external_id", "modified_at")) == before


def test_a_paged_moochub_feed_is_read_to_its_last_page(
    world, edx, django_capture_on_commit_callbacks, settings
):
    first, second = (json.loads(json.dumps(MOOCHUB_GOOD)) for _ in range(2))
    first["data"], second["data"] = MOOCHUB_GOOD["data"][:1], MOOCHUB_GOOD["data"][1:]
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/courses"
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_port}"]
    first["links"] = {"self": base, "next": base + "?page=2"}
    second["links"] = {"self": base + "?page=2", "next": base}  # a loop back is not followed
    pages["/courses"] = json.dumps(first).encode()
    pages["/courses?page=2"] = json.dumps(second).encode()
    feed = CourseFeed.objects.create(institution=world["institution_a"], url=base, platform=edx)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tasks.sync_course_feed(feed.pk)
    finally:
        server.shutdown()
        server.server_close()

    done = CourseImport.objects.get()
    assert (done.status, done.created_count, done.error_count) == ("done", 2, 0), done.report
    assert Course.objects.count() == 2


def test_a_file_imports_again_after_the_course_form_was_opened(
    world, client, edx, django_capture_on_commit_callbacks
):
    """Opening "Add a course" once must not change the run form that re-imports use."""
    client.force_login(world["editor_a"])
    slug = world["institution_a"].slug
    run = {"starts_at": "2025-03-01", "ends_at": "2025-04-15", "pacing": "instructor_led"}

    def upload(rows):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("members:course_import", args=[slug]),
                {
                    "upload-file": SimpleUploadedFile("c.json", json.dumps(rows).encode()),
                    "upload-format": "",
                    "upload-platform": edx.pk,
                },
            )
        assert response.status_code == 302
        return CourseImport.objects.latest("pk")

    assert upload([good("c-1", runs=[run])]).status == CourseImport.Status.DONE
    assert client.get(reverse("members:course_new", args=[slug])).status_code == 200

    # The same course, a session moved: the runs are compared with the stored ones.
    again = upload([good("c-1", runs=[{**run, "ends_at": "2025-05-01"}])])

    assert again.status == CourseImport.Status.DONE, again.report
    assert (again.updated_count, again.error_count) == (1, 0)
    course = Course.objects.get(external_id="c-1")
    assert [str(r.ends_at.date()) for r in course.runs.all()] == ["2025-05-01"]


def queued_import(world, capture, rows):
    with capture(execute=False):
        return imports.import_create(
            institution=world["institution_a"],
            actor=world["admin_a"],
            upload=SimpleUploadedFile("c.json", json.dumps(rows).encode()),
            format="",
            platform=Platform.objects.get(slug="edx"),
        )


def test_an_import_stopped_by_the_database_continues_from_its_last_batch(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    course_import = queued_import(
        world, django_capture_on_commit_callbacks, [good(f"c-{n}") for n in range(25)]
    )
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    courses_create, calls = courses_services.courses_create, []

    def failing_create(**kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second batch, after its first courses are written
            courses_create(**{**kwargs, "batch": kwargs["batch"][:5]})
            raise OperationalError("server closed the connection unexpectedly")
        return courses_create(**kwargs)

    monkeypatch.setattr(courses_services, "courses_create", failing_create)
    with pytest.raises(OperationalError):
        imports.run_import(course_import.pk)
    course_import.refresh_from_db()
    assert (course_import.status, course_import.processed_rows) == ("running", 10)
    assert Course.objects.count() == course_import.created_count == 10  # the batch rolled back

    monkeypatch.setattr(courses_services, "courses_create", courses_create)
    imports.run_import(course_import.pk)
    course_import.refresh_from_db()
    assert course_import.status == "done"
    assert (course_import.processed_rows, course_import.created_count) == (25, 25)
    assert (course_import.updated_count, course_import.unchanged_count) == (0, 0)
    imports.run_import(course_import.pk)  # run twice: nothing more happens
    assert Course.objects.count() == 25


def test_the_sweeper_resumes_stuck_imports_and_fails_very_old_ones(
    world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    stuck, fresh, old = (queued_import(world, capture, [good(f"{n}")]) for n in "abc")
    long_ago = timezone.now() - timedelta(minutes=20)
    CourseImport.objects.filter(pk=stuck.pk).update(status="running", progress_at=long_ago)
    CourseImport.objects.filter(pk=old.pk).update(created_at=long_ago - timedelta(days=2))
    with capture(execute=True):
        tasks.sweep_course_imports()
    statuses = dict(CourseImport.objects.values_list("pk", "status"))
    assert statuses == {stuck.pk: "done", fresh.pk: "pending", old.pk: "failed"}
    assert Course.objects.filter(external_id="a").exists()


def test_a_course_another_import_wrote_meanwhile_is_updated_not_an_error(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    course_import = queued_import(world, django_capture_on_commit_callbacks, [good("same")])
    course_upsert, calls = courses_services.course_upsert, []

    def racing_create(*, institution, actor, batch):  # the other import commits it first
        course_upsert(institution=institution, actor=actor, data={**batch[0], "title": "Theirs"})
        raise IntegrityError("duplicate key value violates one_course_per_external_id")

    def racing_upsert(**kwargs):
        calls.append(1)
        if len(calls) == 1:  # and again, while this one writes it row by row
            raise IntegrityError("duplicate key value violates one_course_per_external_id")
        return course_upsert(**kwargs)

    monkeypatch.setattr(courses_services, "courses_create", racing_create)
    monkeypatch.setattr(courses_services, "course_upsert", racing_upsert)
    imports.run_import(course_import.pk)
    course_import.refresh_from_db()
    assert (course_import.status, course_import.error_count) == ("done", 0)
    assert Course.objects.get(external_id="same").title == "Course same"


def test_new_courses_are_written_in_a_fixed_number_of_queries_per_batch(
    world, django_capture_on_commit_callbacks
):
    """Checked without a query each, written together, indexed once after their institution is
    set (drafts: no announcement to partners, which takes a query per listed course)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 25):
        rows = [
            good(f"q{size}-{n}", fields=["0613"], sdg_targets="4.3", subtitle_languages=["fr"])
            for n in range(size)
        ]
        rows = [
            {**row, "runs": [{"starts_at": "2025-05-01", "pacing": "self_paced"}]} for row in rows
        ]
        course_import = queued_import(world, django_capture_on_commit_callbacks, rows)
        with CaptureQueriesContext(connection) as queries:
            imports.run_import(course_import.pk)
        counts.append(len(queries))
        course_import.refresh_from_db()
        assert (course_import.created_count, course_import.error_count) == (size, 0)
    assert counts[1] == counts[0]
    course = Course.objects.get(external_id="q25-3")
    assert list(course.institutions.all()) == [world["institution_a"]]
    assert codes(course) == {"en"} and codes(course, subtitles=True) == {"fr"}
    assert list(course.fields.values_list("code", flat=True)) == ["0613"]
    assert list(course.sdg_rows.values_list("target", flat=True)) == ["4.3"]
    assert course.runs.get().pacing == "self_paced"
    assert course.slug == "course-q25-3"


@pytest.mark.parametrize("postgresql_search", [False, True])
def test_each_new_course_is_indexed_once_with_its_institution(
    world, django_capture_on_commit_callbacks, monkeypatch, postgresql_search
):
    """In Wagtail's backend when the catalog searches through it (SQLite, OpenSearch); on
    PostgreSQL the generated search_vector column is the index, written with the row."""
    from wagtail.search.backends import get_search_backend

    from members import selectors

    monkeypatch.setattr(selectors, "uses_postgresql_search", lambda: postgresql_search)
    backend = type(get_search_backend())
    indexed = []
    monkeypatch.setattr(backend, "add", lambda self, obj: indexed.append(obj), raising=False)
    monkeypatch.setattr(
        backend, "add_bulk", lambda self, model, objs: indexed.extend(objs), raising=False
    )
    rows = [good("i-1"), good("i-2"), good("i-2", title="Twice")]  # the third updates i-2
    import_file(world, django_capture_on_commit_callbacks, rows)
    new = [c for c in indexed if c.external_id == "i-1"]
    assert len(new) == (0 if postgresql_search else 1)
    if not postgresql_search:
        assert [i.name for i in new[0].institutions.all()] == ["Institution A"]


def test_a_batch_gives_new_courses_distinct_slugs(world, django_capture_on_commit_callbacks):
    courses_services.course_upsert(
        institution=world["institution_a"],
        actor=None,
        data={**good("old"), "title": "Same Title", "platform": Platform.objects.get(slug="edx")},
    )
    rows = [good(f"s-{n}", title="Same Title") for n in range(3)]
    done = import_file(world, django_capture_on_commit_callbacks, rows)
    assert done.created_count == 3
    slugs = Course.objects.filter(title="Same Title").values_list("slug", flat=True)
    assert sorted(slugs) == ["same-title", "same-title-2", "same-title-3", "same-title-4"]
