"""Benchmark of an uncached sitemap chunk, as ratios against baselines measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench \\
        .venv/bin/python bench/sitemap_bench.py --courses 6000

It migrates the database, loads the demo alliance with --courses courses (once), then renders
the first chunk of the courses' section (SECTION_LIMIT URLs, each with its seven alternates)
with an empty cache, through the same middleware, three ways:

1. the site's (`cms.sitemaps.CoursesSitemap`, written by `cms.sitemaps.SitemapXml`);
2. Django's i18n sitemap and sitemap.xml template over the same courses (what the site served
   before: seven reverses per URL, the whole section read to page it), the "before";
3. a baseline: the same XML written by a loop of f-strings over the chunk's rows.

Medians of --repeat renders; the results are printed as JSON (bench/README.md records them).
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

from django.conf import settings  # noqa: E402
from django.contrib.sitemaps import views as sitemap_views  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import translation  # noqa: E402

from alliance import urls as site_urls  # noqa: E402
from cms import sitemaps  # noqa: E402
from members import selectors  # noqa: E402
from members.models import Course  # noqa: E402


class DjangoCoursesSitemap(sitemaps.LocalizedSitemap):
    """The courses' section as it was: Django's i18n sitemap with alternates."""

    def items(self):
        return selectors.published_courses().only("slug", "modified_at").order_by("pk")

    def lastmod(self, item):
        return item.modified_at


def django_chunk(request):
    return sitemap_views.sitemap(request, {"courses": DjangoCoursesSitemap()}, section="courses")


def baseline_chunk(request):
    """The same chunk written by hand: the rows, six addresses and seven links each."""
    languages = [code for code, _name in settings.LANGUAGES]
    per_chunk = sitemaps.SECTION_LIMIT // len(languages)
    rows = selectors.published_courses().order_by("pk").values_list("slug", "modified_at")
    origin = "http://testserver"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset>']
    for slug, modified in rows[:per_chunk]:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{origin}/{prefix}/courses/'
            f'{slug}/"/>'
            for code, prefix in [*zip(languages, languages, strict=True), ("x-default", "en")]
        )
        for code in languages:
            parts.append(
                f"<url><loc>{origin}/{code}/courses/{slug}/</loc>"
                f"<lastmod>{modified.date().isoformat()}</lastmod>{links}</url>"
            )
    parts.append("</urlset>")
    return HttpResponse("".join(parts), content_type="application/xml")


urlpatterns = [
    path("bench/django-courses.xml", django_chunk),
    path("bench/baseline-courses.xml", baseline_chunk),
    *site_urls.urlpatterns,
]


def timed(client, url, repeat) -> tuple[float, int, int]:
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(response.content), response.content.count(b"<url>")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    if Course.objects.count() < args.courses:
        call_command("load_demo", courses=args.courses, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with override_settings(ROOT_URLCONF=__name__), translation.override("en"):
        client = Client()
        site = timed(client, "/sitemap-courses.xml", args.repeat)
        before = timed(client, "/bench/django-courses.xml", args.repeat)
        baseline = timed(client, "/bench/baseline-courses.xml", args.repeat)
    print(
        json.dumps(
            {
                "courses": selectors.published_courses().count(),
                "chunk_urls": {"site": site[2], "before": before[2], "baseline": baseline[2]},
                "chunk_bytes": site[1],
                "site_seconds": round(site[0], 3),
                "before_seconds": round(before[0], 3),
                "baseline_seconds": round(baseline[0], 3),
                "before_over_site": round(before[0] / site[0], 2),
                "site_over_baseline": round(site[0] / baseline[0], 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
