"""Benchmark of the public catalog, its search and course imports, as ratios against baselines
measured interleaved in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench \\
        .venv/bin/python bench/catalog_bench.py --courses 100000

It migrates, loads the demo alliance with --courses courses (once; later runs reuse them), then
measures, alternating each sample with its baseline:

1. /en/courses/ and facet combinations, cached (the usual case) and cold (the catalog's cache
   dropped before each request), against a bare view through the same middleware;
2. the ten searches of issue 17 (first page of ids and the count, through
   members.selectors), against raw full-text SQL on the same column;
3. an import of --import-rows rows (JSON) against bulk_create of the same courses.

Results are printed as JSON; bench/README.md records them.
"""

import argparse
import io
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

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from alliance import urls as site_urls  # noqa: E402
from members import imports, selectors  # noqa: E402
from members.models import Course, Institution, Platform  # noqa: E402
from members.signals import forget_catalog_reads  # noqa: E402

SEARCHES = [
    "data",
    "learning",
    "health",
    "climate",
    "machine learning",
    "online teaching",
    "教育",
    "éducation",
    "educaton",
    "educ",
]
PAGES = [
    "/en/courses/",
    "/en/courses/?language=fr",
    "/en/courses/?region=africa&free=yes",
    "/en/courses/?field=06&when=upcoming",
    "/en/courses/?sort=newest&certificate=yes",
]
RAW_SEARCH = (
    "SELECT id FROM members_course WHERE search_vector @@ to_tsquery('simple',"
    " members_unaccent(%s)) ORDER BY ts_rank(search_vector, to_tsquery('simple',"
    " members_unaccent(%s))) DESC LIMIT 20"
)
RAW_COUNT = (
    "SELECT count(*) FROM members_course WHERE search_vector @@ to_tsquery('simple',"
    " members_unaccent(%s))"
)


COPY_COLUMNS = (
    "title, summary, description, url, level, learning_outcomes, prerequisites,"
    " effort_hours_per_week, length_weeks, is_free, price, currency, has_certificate, license,"
    " accessibility_features, image, status, created_at, modified_at, platform_id, listed_at,"
    " listed"
)
COPY_STEP = 10_000_000  # a copy's id: its demo course's id + COPY_STEP x its number


def copy_demo_courses(target: int) -> None:
    """Reach `target` courses by copying the demo's courses with their relations in SQL (minutes
    fewer than load_demo's batches at 100,000). Triggers are off during the copy (a bench
    database only): each copy takes the `listed` flag of the course it copies, which has the
    same institutions; the change log does not mention copies."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_course")
        missing = target - cursor.fetchone()[0]
        if missing <= 0:
            return
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "CREATE TEMP TABLE copies AS SELECT id AS source, n, id + n * %s::bigint AS id"
            " FROM members_course, generate_series(1, 100) n"
            " WHERE external_id LIKE 'demo-%%' ORDER BY n, id LIMIT %s",
            [COPY_STEP, missing],
        )
        cursor.execute(
            f"INSERT INTO members_course (id, uuid, slug, external_id, {COPY_COLUMNS})"  # noqa: S608
            " SELECT copies.id, gen_random_uuid(), left(slug, 100) || '-' || n,"
            f" 'copy-' || n || '-' || external_id, {COPY_COLUMNS}"
            " FROM copies JOIN members_course ON members_course.id = copies.source"
        )
        for table, columns in (
            ("members_course_institutions", "institution_id"),
            ("members_course_fields", "fieldofeducation_id"),
            ("members_courselanguage", "code, is_subtitle"),
            ("members_coursesdgtarget", "target"),
            (
                "members_courserun",
                "starts_at, ends_at, enrollment_starts_at, enrollment_ends_at, pacing, url",
            ),
        ):
            cursor.execute(
                f"INSERT INTO {table} (course_id, {columns}) SELECT copies.id, {columns}"  # noqa: S608
                f" FROM copies JOIN {table} ON {table}.course_id = copies.source"
            )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('members_course', 'id'),"
            " (SELECT max(id) FROM members_course))"
        )
        cursor.execute("DROP TABLE copies")
        cursor.execute("SET session_replication_role = DEFAULT")


def bare(request):
    return HttpResponse("")


urlpatterns = [path("baseline/bare/", bare), *site_urls.urlpatterns]


def interleaved(measure, baseline, repeat) -> dict:
    """Medians (ms) with min and max of `measure` and `baseline`, sampled alternately."""
    measure(), baseline()  # warm-up
    ours, theirs = [], []
    for _ in range(repeat):
        for run, samples in ((measure, ours), (baseline, theirs)):
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
    median, base = statistics.median(ours), statistics.median(theirs)
    return {
        "ms": round(median, 1),
        "min_max": [round(min(ours), 1), round(max(ours), 1)],
        "baseline_ms": round(base, 2),
        "baseline_min_max": [round(min(theirs), 2), round(max(theirs), 2)],
        "ratio": round(median / base, 2),
    }


def search_page(q):
    courses = selectors.courses_for_catalog(filters=selectors.CatalogFilters(q=q))
    return list(courses.values_list("pk", flat=True)[:20]), courses.count()


def raw_search(q):
    tsquery = selectors._tsquery(q)
    with connection.cursor() as cursor:
        cursor.execute(RAW_SEARCH, [tsquery, tsquery])
        ids = cursor.fetchall()
        cursor.execute(RAW_COUNT, [tsquery])
        return ids, cursor.fetchone()


def import_rows(rows):
    prefix = f"bench-{time.time_ns()}"
    data = [
        {
            "external_id": f"{prefix}-{n}",
            "title": f"Bench course {n}",
            "url": f"https://example.org/{prefix}/{n}",
            "languages": ["en"],
        }
        for n in range(rows)
    ]
    return prefix, data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--demo-courses", type=int, default=6000, help="then copies of them")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold-repeat", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=500)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (DATABASE_URL=postgres://...).")
    with connection.cursor() as cursor:  # loading and ANALYZE take longer than the site's limit
        cursor.execute("SET statement_timeout = 0")
    call_command("migrate", verbosity=0)
    if Course.objects.count() < args.courses:
        demo = min(args.courses, args.demo_courses)
        call_command("load_demo", courses=demo, stdout=io.StringIO())
        copy_demo_courses(args.courses)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    results = {"courses": Course.objects.count()}
    with override_settings(ROOT_URLCONF=__name__):
        client = Client()
        results["pages_cached"] = {
            url: interleaved(
                lambda u=url: client.get(u), lambda: client.get("/baseline/bare/"), args.repeat
            )
            for url in PAGES
        }

        def cold(url):
            forget_catalog_reads()
            client.get(url)

        results["pages_cold"] = {
            url: interleaved(
                lambda u=url: cold(u), lambda: client.get("/baseline/bare/"), args.cold_repeat
            )
            for url in PAGES
        }
    results["search"] = {
        q: interleaved(lambda q=q: search_page(q), lambda q=q: raw_search(q), args.repeat)
        for q in SEARCHES
    }
    institution = Institution.objects.order_by("pk").first()
    platform = Platform.objects.get(slug="edx")
    prefix, rows = import_rows(args.import_rows)
    start = time.perf_counter()
    course_import = imports.import_create(
        institution=institution,
        actor=None,
        upload=SimpleUploadedFile("bench.json", json.dumps(rows).encode()),
        format="json",
        platform=platform,
    )
    imports.run_import(course_import.pk)
    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    Course.objects.bulk_create(
        Course(
            title=row["title"],
            slug=f"{row['external_id']}-bulk",
            url=row["url"],
            platform=platform,
            external_id=f"{row['external_id']}-bulk",
        )
        for row in rows
    )
    bulk_seconds = time.perf_counter() - start
    results["import"] = {
        "rows": args.import_rows,
        "rows_per_second": round(args.import_rows / import_seconds, 1),
        "bulk_create_rows_per_second": round(args.import_rows / bulk_seconds, 1),
        "fraction_of_bulk_create": round(bulk_seconds / import_seconds, 3),
    }
    Course.objects.filter(external_id__startswith=prefix).delete()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
