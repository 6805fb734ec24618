import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.factories import InstitutionFactory
from members.models import InstitutionKind


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".institution-card h3 a")]


@pytest.fixture
def members(db):
    return [
        InstitutionFactory(name="Nairobi Open University", country="KE"),
        InstitutionFactory(
            name="Lyon Learning Commons", country="FR", kind=InstitutionKind.PLATFORM
        ),
        InstitutionFactory(
            name="Amman Foundation",
            country="JO",
            kind=InstitutionKind.PRIVATE_SECTOR,
            description={"ar": "مؤسسة للتعليم الرقمي"},
        ),
    ]


def test_lists_every_public_member(client, members):
    assert names(client.get("/en/members/")) == [
        "Amman Foundation",
        "Lyon Learning Commons",
        "Nairobi Open University",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "africa"}, ["Nairobi Open University"]),
        ({"region": "arab_states"}, ["Amman Foundation"]),
        ({"country": "FR"}, ["Lyon Learning Commons"]),
        ({"kind": "platform"}, ["Lyon Learning Commons"]),
        ({"q": "nairobi"}, ["Nairobi Open University"]),
        ({"q": "للتعليم"}, ["Amman Foundation"]),
        ({"region": "africa", "kind": "platform"}, []),
    ],
)
def test_search_and_filters(client, members, query, expected):
    assert names(client.get("/en/members/", query)) == expected


@pytest.mark.parametrize("query", [{"region": "mars"}, {"kind": "x" * 500}, {"page": "-1"}])
def test_bad_filter_values_are_ignored_not_errors(client, members, query):
    assert client.get("/en/members/", query).status_code == 200


def test_members_per_region_chart(client, members):
    soup = BeautifulSoup(client.get("/en/members/").content, "html.parser")
    rows = {
        row.th.get_text(strip=True): row.select_one(".bar-value").get_text(strip=True)
        for row in soup.select(".bar-chart tbody tr")
    }
    assert rows["Africa"] == "1"
    assert rows["Arab States"] == "1"
    assert rows["Latin America and the Caribbean"] == "0"


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_directory_query_count_is_fixed_whatever_the_size(client):
    InstitutionFactory()
    few = _count_queries(client, "/en/members/")
    for _ in range(30):
        InstitutionFactory()
    assert _count_queries(client, "/en/members/") == few
    assert few <= 6


@pytest.mark.django_db
def test_profile_query_count_is_pinned(client):
    institution = InstitutionFactory()
    # + its course-sharing agreements (members.impact_selectors.agreements_of)
    assert _count_queries(client, f"/en/members/{institution.slug}/") <= 4
