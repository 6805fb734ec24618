"""The catalog's search and its cost, on the demo catalog (members.demo_courses)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import demo_courses, selectors
from members.factories import InstitutionFactory
from tests.members.test_catalog import make_course

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search of PostgreSQL (SQLite: Wagtail's)"
)


def load_demo(count):
    demo_courses.load(io.StringIO(), count)


@pytest.fixture
def demo(db):
    InstitutionFactory(name="Nairobi Open University", region="africa")
    InstitutionFactory(name="Université de Lyon", region="europe_north_america")
    load_demo(100)  # every 20th course is in Chinese, French, Spanish, Russian or Arabic


def found(q):
    courses = selectors.courses_for_catalog(filters=selectors.CatalogFilters(q=q))
    return list(courses.values_list("title", flat=True)[:20])


@on_postgresql
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("教育", "在线教育导论"),  # Chinese: bigrams, no spaces between words
        ("教", "在线教育导论"),
        ("éducation", "Éducation numérique"),
        ("education", "Éducation numérique"),  # accents fold
        ("educacion", "Educación a distancia"),
        ("educ", "Educación a distancia"),  # a prefix
        ("educaton", "Éducation numérique"),  # a misspelling: trigram word similarity
        ("климат", "Изменение климата"),
        ("الصحة", "الصحة العامة"),
        ("lyon", None),  # an offering institution's name
    ],
)
def test_search_finds_words_prefixes_misspellings_and_other_scripts(demo, query, title):
    results = found(query)
    assert results
    if title:
        assert title in results


@on_postgresql
def test_search_ranks_title_matches_first_and_counts_them_all(demo):
    results = found("educ")
    assert "educ" in results[0].lower().replace("é", "e")
    assert found("no such words anywhere") == []
    assert found("!!!") == []
    everything = selectors.courses_for_catalog(filters=selectors.CatalogFilters(q="course"))
    assert everything.count() > 20  # the true number, not a cut


@on_postgresql
def test_search_ranks_courses_with_the_words_above_those_that_only_resemble_them(db):
    institution = InstitutionFactory()
    make_course(institution, "Date palm farming")  # "date" resembles "data"
    make_course(institution, "Ocean studies", description="Working with data every week.")
    assert found("data") == ["Ocean studies", "Date palm farming"]


def test_the_catalog_page_runs_the_same_queries_at_5_and_50_courses(client, db):
    InstitutionFactory()
    counts = []
    for size in (5, 50):
        load_demo(size)
        with CaptureQueriesContext(connection) as first:
            assert client.get("/en/courses/").status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get("/en/courses/").status_code == 200
        counts.append((len(first), len(cached)))
    assert counts[0] == counts[1]
    first, cached = counts[0]
    # cached: the count and facets (one query), the field names, and on PostgreSQL their own
    # statement timeout (2)
    assert cached == first - (4 if connection.vendor == "postgresql" else 2)
    assert cached <= 7


def test_the_home_page_counts_come_from_the_cache(client, db):
    InstitutionFactory()
    load_demo(5)
    assert selectors.catalog_counts()["course_count"] == selectors.published_courses().count()
    with CaptureQueriesContext(connection) as queries:
        selectors.catalog_counts()
    assert len(queries) == 0
