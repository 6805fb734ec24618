"""Benchmark of the partner API, as ratios against baselines measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench \
        .venv/bin/python bench/api_bench.py --courses 100000

It migrates the database, loads the demo alliance with --courses courses (once; later runs reuse
them), then measures, in one process and through the same middleware:

1. a list page of 100 courses with nested institutions, runs and subjects (SQL queries counted),
   against a baseline that serves the same page with raw SQL and orjson;
2. a 304 answer to If-None-Match, against a bare JSON view;
3. a full mirror of the catalog through the change feed (pages of 1,000).

Results are printed as JSON; bench/README.md records them.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

import orjson  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from alliance import urls as site_urls  # noqa: E402
from members.models import Course  # noqa: E402

PAGE = 100


def baseline_page(request):
    """The same page as /api/v1/courses/?page_size=100, with raw SQL and orjson."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.uuid, c.slug, c.title, c.summary, c.description, c.url, p.slug,"
            " c.level, c.learning_outcomes, c.prerequisites, c.effort_hours_per_week,"
            " c.length_weeks, c.is_free, c.price, c.currency, c.has_certificate, c.license,"
            " c.accessibility_features, c.external_id, c.status, c.created_at, c.modified_at"
            " FROM members_course c JOIN members_platform p ON p.id = c.platform_id"
            " WHERE c.status = 'published' ORDER BY c.id LIMIT %s",
            [PAGE],
        )
        names = [
            "id", "uuid", "slug", "title", "summary", "description", "url", "platform", "level",
            "learning_outcomes", "prerequisites", "effort_hours_per_week", "length_weeks",
            "is_free", "price", "currency", "has_certificate", "license",
            "accessibility_features", "external_id", "status", "created_at", "modified_at",
        ]  # fmt: skip
        courses = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        ids = [c["id"] for c in courses] or [0]
        by_id = {c["id"]: c for c in courses}
        for c in courses:
            c.update(institutions=[], runs=[], subjects=[], languages=[], subtitle_languages=[])
            c["sdg_targets"] = []
        cursor.execute(
            "SELECT ci.course_id, i.slug, i.name, i.short_name, i.kind, i.country, i.region"
            " FROM members_course_institutions ci JOIN members_institution i"
            " ON i.id = ci.institution_id WHERE ci.course_id = ANY(%s) ORDER BY i.name",
            [ids],
        )
        for course_id, *row in cursor.fetchall():
            keys = ["slug", "name", "short_name", "kind", "country", "region"]
            by_id[course_id]["institutions"].append(dict(zip(keys, row, strict=True)))
        cursor.execute(
            "SELECT course_id, starts_at, ends_at, enrollment_starts_at, enrollment_ends_at,"
            " pacing, url FROM members_courserun WHERE course_id = ANY(%s)"
            " ORDER BY starts_at, id",
            [ids],
        )
        for course_id, *row in cursor.fetchall():
            keys = ["starts_at", "ends_at", "enrollment_starts_at", "enrollment_ends_at"]
            by_id[course_id]["runs"].append(dict(zip([*keys, "pacing", "url"], row, strict=True)))
        cursor.execute(
            "SELECT cf.course_id, f.code, f.level, f.name, f.parent_id"
            " FROM members_course_fields cf JOIN members_fieldofeducation f"
            " ON f.code = cf.fieldofeducation_id WHERE cf.course_id = ANY(%s)",
            [ids],
        )
        for course_id, *row in cursor.fetchall():
            keys = ["code", "level", "name", "parent"]
            by_id[course_id]["subjects"].append(dict(zip(keys, row, strict=True)))
        cursor.execute(
            "SELECT course_id, code, is_subtitle FROM members_courselanguage"
            " WHERE course_id = ANY(%s) UNION ALL SELECT course_id, target, NULL"
            " FROM members_coursesdgtarget WHERE course_id = ANY(%s)",
            [ids, ids],
        )
        slot = {False: "languages", True: "subtitle_languages", None: "sdg_targets"}
        for course_id, value, kind in cursor.fetchall():
            by_id[course_id][slot[kind]].append(value)
    body = orjson.dumps({"results": courses}, default=str)
    return HttpResponse(body, content_type="application/json")


def bare_json(request):
    return JsonResponse({})


urlpatterns = [
    path("baseline/courses/", baseline_page),
    path("baseline/bare/", bare_json),
    *site_urls.urlpatterns,
]


def timed(client, url, repeat, **headers) -> tuple[float, int]:
    """Median seconds over `repeat` requests (after a warm-up), and the status."""
    response = client.get(url, **headers)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, **headers)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), response.status_code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    if Course.objects.count() < args.courses:
        call_command("load_demo", courses=args.courses, stdout=open(os.devnull, "w"))  # noqa: SIM115
    courses = Course.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load

    with override_settings(ROOT_URLCONF=__name__, API_CHANGES_SETTLE_SECONDS=0):
        client = Client()
        limits = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
        from api import throttles

        for throttle in (throttles.AnonymousThrottle, throttles.PartnerThrottle):
            throttle.THROTTLE_RATES = dict.fromkeys(limits)
        api_url = f"/api/v1/courses/?page_size={PAGE}"

        query_counts = {}
        reset_queries()  # the demo load may have filled the query log (9,000 entries at most)
        for size in (10, 100, 1000):
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/api/v1/courses/?page_size={size}")
            query_counts[size] = len(queries)

        api_time, _ = timed(client, api_url, args.repeat)
        baseline_time, _ = timed(client, "/baseline/courses/", args.repeat)
        etag = client.get(api_url)["ETag"]
        not_modified_time, status = timed(client, api_url, args.repeat, HTTP_IF_NONE_MATCH=etag)
        bare_time, _ = timed(client, "/baseline/bare/", args.repeat)

        start, seen, url = time.perf_counter(), 0, "/api/v1/changes/?page_size=1000"
        while url:
            page = client.get(url).json()
            seen += len(page["results"])
            url = page["next"].replace("http://testserver", "") if page["results"] else None
        mirror_seconds = time.perf_counter() - start

    print(
        json.dumps(
            {
                "courses": courses,
                "list_queries_by_page_size": query_counts,
                "list_page_ms": round(api_time * 1000, 1),
                "baseline_page_ms": round(baseline_time * 1000, 1),
                "list_vs_baseline": round(api_time / baseline_time, 2),
                "not_modified_status": status,
                "not_modified_ms": round(not_modified_time * 1000, 2),
                "bare_json_ms": round(bare_time * 1000, 2),
                "not_modified_vs_bare": round(not_modified_time / bare_time, 2),
                "mirror_changes": seen,
                "mirror_seconds": round(mirror_seconds, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
