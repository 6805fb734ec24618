"""/api/v1/projects/: public projects only, filters, keyset pages, validators, fixed queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from projects import services
from projects.models import ProjectKind, Visibility
from tests.members.conftest import activate_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db):
    nairobi = InstitutionFactory(name="University of Nairobi", country="KE")
    lyon = InstitutionFactory(name="Université de Lyon", country="FR")
    activate_membership(nairobi)
    lead = affiliate(nairobi, InstitutionRole.EDITOR)

    def make(title, **data):
        return services.project_create(
            actor=lead,
            data={
                "title": title,
                "kind": ProjectKind.JOINT_TEACHING,
                "summary": f"{title}.",
                "visibility": Visibility.PUBLIC,
                "lead_institution": nairobi,
                **data,
            },
        )

    return {
        "make": make,
        "nairobi": nairobi,
        "lyon": lyon,
        "teaching": make("Teaching together", partners=[lyon], sdg_targets=["4.3", "9.5"]),
        "advocacy": make(
            "Speak up", kind=ProjectKind.ADVOCACY, endorsement_count=12, status="active"
        ),
        "private": make("Behind closed doors", visibility=Visibility.PRIVATE),
        "alliance": make("Members only", visibility=Visibility.ALLIANCE),
    }


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_the_list_has_public_projects_only(api, projects):
    response = api.get("/api/v1/projects/")
    assert response.status_code == 200
    assert slugs(response) == [projects["teaching"].slug, projects["advocacy"].slug]
    teaching = response.json()["results"][0]
    assert teaching["partners"][0]["slug"] == projects["lyon"].slug
    assert teaching["lead_institution"]["region"] == "africa"
    assert teaching["sdg_targets"] == ["4.3", "9.5"]
    assert teaching["url"].endswith(f"/en/projects/{projects['teaching'].slug}/")


def test_detail_and_hidden_projects(api, projects):
    response = api.get(f"/api/v1/projects/{projects['advocacy'].slug}/")
    assert response.json()["endorsement_count"] == 12
    for hidden in ("private", "alliance"):
        missing = api.get(f"/api/v1/projects/{projects[hidden].slug}/")
        assert missing.status_code == 404
        assert missing["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=advocacy", ["advocacy"]),
        ("status=active", ["advocacy"]),
        ("region=europe_north_america", ["teaching"]),
        ("region=africa", ["teaching", "advocacy"]),
        ("sdg=4", ["teaching"]),
        ("sdg=9.5", ["teaching"]),
        ("sdg=13", []),
        ("institution=universite-de-lyon", ["teaching"]),
    ],
)
def test_filters(api, projects, query, expected):
    response = api.get(f"/api/v1/projects/?{query}&ordering=id")
    assert slugs(response) == [projects[name].slug for name in expected]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kind=poetry", "kind"),
        ("ordering=size", "ordering"),
        ("ordering=", "ordering"),
        ("page_size=0", "page_size"),
        ("cursor=nonsense", "cursor"),
        ("region=moon", "region"),
    ],
)
def test_a_bad_parameter_is_a_400_problem(api, projects, query, parameter):
    response = api.get(f"/api/v1/projects/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert parameter in response.json()["errors"]


def test_keyset_pages(api, projects):
    first = api.get("/api/v1/projects/?page_size=1&ordering=title").json()
    assert [item["slug"] for item in first["results"]] == [projects["advocacy"].slug]
    second = api.get(first["next"]).json()
    assert [item["slug"] for item in second["results"]] == [projects["teaching"].slug]
    assert second["next"] is None


@pytest.mark.parametrize("extra", [0, 15])
def test_the_list_takes_a_fixed_number_of_queries(api, projects, extra, django_assert_num_queries):
    for i in range(extra):
        projects["make"](f"More {i}", partners=[projects["lyon"]], sdg_targets=["4"])
    cache.clear()
    with django_assert_num_queries(5):  # version, the page, partners, SDG rows, courses
        response = api.get("/api/v1/projects/?page_size=100")
    assert len(response.json()["results"]) == 2 + extra


def test_etag_and_last_modified(api, projects):
    first = api.get("/api/v1/projects/")
    assert first["ETag"] and first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) <= 1
    services.project_update(
        project=projects["teaching"], actor=UserFactory(), data={"title": "Renamed"}
    )
    assert api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_schema_documents_the_projects(api, db):
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/projects/" in schema["paths"]
    assert "/api/v1/projects/{slug}/" in schema["paths"]
