import hashlib
import importlib
import io
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from members import selectors
from members.factories import InstitutionFactory
from members.models import (
    Course,
    CourseStatus,
    Institution,
    Membership,
    MembershipStatus,
    Pacing,
    Platform,
)
from members.permissions import LISTED, statuses_allowing
from members.services import courses as courses_services
from members.signals import catalog_generation, forget_catalog_reads

REQUIRED_BY_GOOGLE = {"name", "description", "provider", "offers", "hasCourseInstance"}


def make_course(institution, title="Climate Change Science", **extra):
    data = {
        "title": title,
        "summary": f"{title} for everyone.",
        "description": "Weekly videos and exercises.",
        "platform": Platform.objects.get(slug="edx"),
        "url": "https://edx.example.org/course",
        "status": CourseStatus.PUBLISHED,
        "languages": ["en"],
        "subtitle_languages": ["fr"],
        "fields": ["0521"],
        "sdg_targets": ["4.3", "13"],
        "effort_hours_per_week": Decimal("4.5"),
        "length_weeks": 6,
        "institutions": [institution],
        "runs": [
            {
                "starts_at": timezone.now() + timedelta(days=30),
                "ends_at": timezone.now() + timedelta(days=72),
                "pacing": Pacing.INSTRUCTOR_LED,
            }
        ],
    }
    data.update(extra)
    return courses_services.course_create(actor=None, data=data)


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".course-item h3 a")]


@pytest.fixture
def catalog(db):
    nairobi = InstitutionFactory(name="Nairobi Open University", country="KE")
    lyon = InstitutionFactory(name="Lyon University", country="FR")
    return {
        "climate": make_course(nairobi),
        "python": make_course(
            lyon,
            "Python Programming",
            languages=["fr"],
            fields=["0613"],
            is_free=False,
            price=Decimal("49"),
            has_certificate=True,
            runs=[{"starts_at": timezone.now() - timedelta(days=3), "pacing": Pacing.SELF_PACED}],
        ),
        "draft": make_course(lyon, "Unfinished Course", status=CourseStatus.DRAFT),
    }


def test_the_catalog_lists_published_courses_only(client, catalog):
    assert titles(client.get("/en/courses/")) == ["Climate Change Science", "Python Programming"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"language": "fr"}, ["Python Programming"]),
        ({"field": "05"}, ["Climate Change Science"]),
        ({"field": "0613"}, ["Python Programming"]),
        ({"region": "africa"}, ["Climate Change Science"]),
        ({"free": "no"}, ["Python Programming"]),
        ({"certificate": "yes"}, ["Python Programming"]),
        ({"pacing": "self_paced"}, ["Python Programming"]),
        ({"when": "upcoming"}, ["Climate Change Science"]),
        ({"when": "running"}, ["Python Programming"]),
        ({"platform": "edx"}, ["Climate Change Science", "Python Programming"]),
        ({"q": "python"}, ["Python Programming"]),
        ({"q": "nairobi"}, ["Climate Change Science"]),
    ],
)
def test_filters_and_search(client, catalog, query, expected):
    assert titles(client.get("/en/courses/", query)) == expected


@pytest.mark.parametrize(
    ("title", "query"),
    [("数据结构与算法", "算法"), ("علم تغير المناخ", "المناخ"), ("Климатология", "климатология")],
)
def test_search_in_other_scripts(client, db, title, query):
    make_course(InstitutionFactory(), title)
    assert titles(client.get("/zh-hans/courses/", {"q": query})) == [title]


@pytest.mark.parametrize(
    "query", [{"language": "<script>"}, {"field": "abc"}, {"when": "never"}, {"sort": "drop"}]
)
def test_bad_filter_values_are_ignored(client, catalog, query):
    response = client.get("/en/courses/", query)
    assert response.status_code == 200
    assert len(titles(response)) == 2


def test_facets_count_the_results(client, catalog):
    soup = BeautifulSoup(client.get("/en/courses/").content, "html.parser")
    facet_text = soup.select_one(".facets").get_text(" ", strip=True)
    assert "Africa 1" in facet_text
    assert "Free 1" in facet_text
    assert "Paid 1" in facet_text


def test_the_catalog_runs_a_fixed_number_of_queries(client, db):
    institution = InstitutionFactory()
    make_course(institution, "Course 0")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/courses/")
    for n in range(1, 25):
        make_course(institution, f"Course {n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/courses/")
    assert len(many) == len(few)
    assert len(few) <= 16


def test_the_course_page_runs_a_fixed_number_of_queries(client, catalog):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/courses/{catalog['climate'].slug}/").status_code == 200
    assert len(queries) <= 10


def test_a_draft_course_has_no_page(client, catalog):
    assert client.get(f"/en/courses/{catalog['draft'].slug}/").status_code == 404


def test_course_page_has_json_ld_meeting_googles_requirements(client, catalog):
    import json

    response = client.get(f"/en/courses/{catalog['climate'].slug}/")
    script = BeautifulSoup(response.content, "html.parser").find(
        "script", type="application/ld+json"
    )
    data = json.loads(script.string)
    assert data["@type"] == "Course"
    assert set(data) >= REQUIRED_BY_GOOGLE
    assert data["provider"]["name"] == "Nairobi Open University"
    assert data["provider"]["@type"] == "CollegeOrUniversity"
    assert data["offers"][0]["category"] == "Free"
    instance = data["hasCourseInstance"][0]
    assert instance["courseMode"] == "Online"
    assert instance["courseWorkload"] == "PT27H"  # 4 h 30 a week for 6 weeks
    assert instance["courseSchedule"]["repeatCount"] == 6


def test_json_ld_of_a_paid_course_has_its_price(client, catalog):
    import json

    response = client.get(f"/en/courses/{catalog['python'].slug}/")
    script = BeautifulSoup(response.content, "html.parser").find(
        "script", type="application/ld+json"
    )
    offer = json.loads(script.string)["offers"][0]
    assert offer == {"@type": "Offer", "category": "Paid", "price": "49.00", "priceCurrency": "USD"}


def test_json_ld_cannot_close_the_script(client, db):
    course = make_course(InstitutionFactory(), "Evil </script><script>alert(1)</script>")
    content = client.get(f"/en/courses/{course.slug}/").content.decode()
    assert (
        "</script><script>alert(1)"
        not in content.split("application/ld+json", 1)[1].split("</script>", 1)[0]
    )


def test_deleting_a_course_leaves_a_tombstone(catalog):
    from members.models import Course, Tombstone

    course = catalog["climate"]
    courses_services.course_delete(course=course, actor=None)
    assert not Course.objects.filter(pk=course.pk).exists()
    tombstone = Tombstone.objects.get()
    assert (tombstone.kind, tombstone.uuid) == ("course", course.uuid)


@pytest.mark.parametrize(
    ("language", "price", "targets", "field", "languages"),
    [
        ("fr", "49,00\xa0USD", "13 et 4.3", "Sciences de l’environnement", "français"),
        ("zh-hans", "USD\xa049.00", "13和4.3", "环境科学", "法语"),
        ("ru", "49,00\xa0USD", "13 и 4.3", "Науки об окружающей среде", "французский"),
        ("ar", "\u200f49.00\xa0USD", "13 و4.3", "العلوم البيئية", "الفرنسية"),
    ],
)
def test_the_course_page_follows_the_readers_locale(
    client, catalog, language, price, targets, field, languages
):
    python = catalog["python"]
    python.fields.add("0521")
    html = client.get(f"/{language}/courses/{python.slug}/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    facts = {dt.get_text(strip=True): dt.find_next("dd") for dt in page.select(".facts dt")}
    values = [dd.get_text(" ", strip=True) for dd in facts.values()]
    assert price in values  # the amount with its code, the locale's way (not "49 USD")
    assert any(value.endswith(targets) for value in values)  # "13 et 4.3", not "4.3, 13"
    assert field in html  # the field's name in the reader's language
    assert languages in values  # the course's language named in the reader's language
    # The course's own texts carry their language (French), without a "not translated" note.
    assert page.find("h1").get("lang") == "fr" and 'class="untranslated-note"' not in html
    assert page.select_one(".table-scroll table")  # the sessions scroll at 320 px


def test_the_facets_are_labelled_in_each_readers_language(client, catalog, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    Institution.objects.filter(name="Nairobi Open University").update(
        translations={"zh-hans": {"name": "内罗毕开放大学"}}
    )
    french = client.get("/fr/courses/").content.decode()  # fills the facets' cache first
    html = client.get("/zh-hans/courses/").content.decode()
    labels = [a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select(".facet a")]
    assert "Afrique" in french
    assert "非洲" in labels and "Afrique" not in labels  # not the French labels from the cache
    assert "内罗毕开放大学" in labels
    # A name without a Chinese form is shown as written, marked as English.
    assert '<span lang="en" dir="ltr">Lyon University</span>' in html


def test_a_profile_shows_its_published_courses_as_cards(client, catalog):
    lyon = catalog["python"].institutions.get()
    soup = BeautifulSoup(client.get(f"/en/members/{lyon.slug}/").content, "html.parser")
    cards = soup.select(".course-cards .card")
    assert [card.h3.get_text(strip=True) for card in cards] == ["Python Programming"]  # no draft
    assert cards[0].select_one("p").get_text(strip=True) == "Python Programming for everyone."
    assert [tag.get_text() for tag in cards[0].select(".tag")] == ["Certificate"]  # not free


def png():
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "#1d4f91").save(out, format="PNG")
    return ContentFile(out.getvalue())


def test_the_catalog_shows_course_images_and_logos_lazily_in_as_many_queries(client, catalog):
    with CaptureQueriesContext(connection) as plain:
        client.get("/en/courses/")
    catalog["climate"].image.save("climate.png", png())
    nairobi = catalog["climate"].institutions.get()
    nairobi.logo.save("nairobi.png", png())
    with CaptureQueriesContext(connection) as illustrated:
        soup = BeautifulSoup(client.get("/en/courses/").content, "html.parser")
    assert len(illustrated) == len(plain)
    item = next(li for li in soup.select(".course-item") if "Climate" in li.h3.get_text())
    image, logo = item.select("img")
    assert image["src"] == catalog["climate"].image.url
    assert (image["alt"], image["width"], image["height"], image["loading"]) == (
        "",
        "160",
        "90",
        "lazy",
    )
    assert (logo["src"], logo["alt"], logo["loading"]) == (nairobi.logo.url, "", "lazy")
    assert "with-thumb" in item["class"]
    other = next(li for li in soup.select(".course-item") if "Python" in li.h3.get_text())
    assert other.select("img") == [] and "with-thumb" not in other["class"]


def test_the_course_page_shows_the_logos_of_its_institutions(client, catalog):
    nairobi = catalog["climate"].institutions.get()
    nairobi.logo.save("nairobi.png", png())
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/en/courses/{catalog['climate'].slug}/").content
    assert len(queries) <= 10
    link = BeautifulSoup(html, "html.parser").select_one(f"a[href='/en/members/{nairobi.slug}/']")
    assert link.get_text(strip=True) == "Nairobi Open University"  # the name, not the alt text
    assert (link.img["src"], link.img["alt"], link.img["width"]) == (nairobi.logo.url, "", "32")


def listed_titles():
    return set(Course.objects.filter(listed=True).values_list("title", flat=True))


def test_the_database_keeps_which_courses_are_listed(catalog):
    """Course.listed follows the course's status, its institutions and their memberships,
    whatever writes them (here queryset updates and deletes, which send no signals)."""
    assert listed_titles() == {"Climate Change Science", "Python Programming"}
    nairobi, lyon = catalog["climate"].institutions.get(), catalog["python"].institutions.get()
    Membership.objects.update_or_create(
        institution=nairobi, defaults={"status": MembershipStatus.LAPSED}
    )
    assert listed_titles() == {"Python Programming"}
    Membership.objects.filter(institution=nairobi).update(status=MembershipStatus.ACTIVE)
    assert listed_titles() == {"Climate Change Science", "Python Programming"}
    Course.objects.filter(pk=catalog["python"].pk).update(status=CourseStatus.DRAFT)
    assert listed_titles() == {"Climate Change Science"}
    Course.objects.filter(pk=catalog["draft"].pk).update(status=CourseStatus.PUBLISHED)
    assert listed_titles() == {"Climate Change Science", "Unfinished Course"}
    catalog["draft"].institutions.remove(lyon)
    assert listed_titles() == {"Climate Change Science"}
    catalog["draft"].institutions.add(nairobi)
    assert listed_titles() == {"Climate Change Science", "Unfinished Course"}
    Membership.objects.filter(institution=nairobi).delete()  # no membership: pending, listed
    catalog["climate"].title = "Climate Science"
    catalog["climate"].save()  # a stale `listed` on the instance is not written
    assert listed_titles() == {"Climate Science", "Unfinished Course"}


def test_the_listed_triggers_know_the_listed_statuses():
    migration = importlib.import_module("members.migrations.0022_course_listed")
    assert set(migration.LISTED_STATUSES) == set(statuses_allowing(LISTED))


def read_key(filters):
    digest = hashlib.sha256(repr(sorted(asdict(filters).items())).encode()).hexdigest()[:32]
    return f"members:catalog:{catalog_generation()}:test:{digest}"


def test_one_request_computes_a_catalog_read_while_the_others_wait(db, monkeypatch):
    filters = selectors.CatalogFilters(language="fr")
    computed = []

    def compute():
        computed.append(1)
        return {"count": len(computed)}

    assert selectors.catalog_cached("test", filters, compute) == {"count": 1}
    forget_catalog_reads()
    key = read_key(filters)
    cache.add(f"{key}:lock", 1, 60)  # another request computes the same read
    monkeypatch.setattr(selectors.time, "sleep", lambda s: cache.set(key, {"count": 7}))
    assert selectors.catalog_cached("test", filters, compute) == {"count": 7}
    assert computed == [1]


def test_a_catalog_read_whose_computing_request_died_is_computed_after_the_wait(db, monkeypatch):
    filters = selectors.CatalogFilters(language="fr")
    cache.add(f"{read_key(filters)}:lock", 1, 60)  # its request died
    naps = []
    monkeypatch.setattr(selectors.time, "sleep", naps.append)
    assert selectors.catalog_cached("test", filters, lambda: {"count": 3}) == {"count": 3}
    assert sum(naps) == pytest.approx(selectors.CATALOG_COMPUTE_SECONDS)
