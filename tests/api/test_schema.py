"""The OpenAPI schema tells the truth (the schemathesis run is in test_fuzz.py)."""

import pytest
import yaml
from bs4 import BeautifulSoup
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_documents_every_endpoint_and_error(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    for path in [
        "/api/v1/courses/",
        "/api/v1/courses/{slug}/",
        "/api/v1/institutions/",
        "/api/v1/institutions/{slug}/",
        "/api/v1/subjects/",
        "/api/v1/changes/",
        "/api/v1/moochub/courses",
        "/api/v1/webhooks/",
    ]:
        assert path in paths, path
    listing = paths["/api/v1/courses/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"language", "isced", "sdg", "q", "cursor", "page_size", "facets", "ordering"} <= names
    assert {"400", "404", "406", "429"} <= set(listing["responses"])


def test_the_schema_tells_the_truth(client):
    """Valid OpenAPI 3; problems, 201 and 204 documented; formats with their own schemas."""
    schema = yaml.safe_load(client.get("/api/schema/").content)
    validate(schema)
    paths = schema["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code, response in responses.items():
                if code.startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"], (path, code)
                    assert response["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }
            if "{" in path:
                for response in responses.values():
                    assert "text/csv" not in response.get("content", {}), (path, method)
            if method == "get":
                assert {} in operation["security"] or path.startswith("/api/v1/webhooks/")
            else:
                assert {} not in operation["security"], (path, method)
    assert set(paths["/api/v1/courses/"]["post"]["responses"]) >= {"201", "409", "422"}
    assert "201" in paths["/api/v1/webhooks/"]["post"]["responses"]
    for path in ("/api/v1/courses/{slug}/", "/api/v1/webhooks/{id}/"):
        assert paths[path]["delete"]["responses"]["204"] == {"description": "No response body"}
    course_list = paths["/api/v1/courses/"]["get"]["responses"]["200"]["content"]
    assert course_list["text/csv"]["schema"] == {"type": "string"}
    assert course_list["application/ld+json"]["schema"]["type"] == "object"
    assert schema["components"]["schemas"]["Project"]["properties"]["parent"]["nullable"]
    for path in ("/api/v1/changes/", "/api/v1/moochub/courses", "/api/v1/courses/"):
        size = next(p for p in paths[path]["get"]["parameters"] if p["name"] == "page_size")
        assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 1000)
    flags = {p["name"]: p["schema"] for p in paths["/api/v1/courses/"]["get"]["parameters"]}
    for name in ("free", "certificate", "enrollment_open"):
        assert flags[name] == {"type": "boolean"}, name


def test_the_docs_page_loads_nothing_from_elsewhere(client):
    soup = BeautifulSoup(client.get("/api/docs/").content, "html.parser")
    loaded = [tag.get("src") or tag.get("href") for tag in soup.select("script, img, link")]
    assert loaded and all(url.startswith(("/", "http://testserver/")) for url in loaded)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/webhooks/1.5/",
        "/api/v1/news/99999999999999999999/",
        "/api/v1/events/99999999999999999999/",
        "/api/v1/courses/no.such/",
        "/api/v1/nothing/",
    ],
)
def test_an_address_that_names_nothing_is_a_404_problem(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/courses/", "/api/v1/institutions/"])
def test_filters_refuse_an_impossible_country_alike(api, path):
    response = api.get(path, {"country": "ZZZ"})
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/courses/", "level"),
        ("/api/v1/courses/", "q"),
        ("/api/v1/courses/", "free"),
        ("/api/v1/courses/", "starts_after"),
        ("/api/v1/courses/", "institution"),
        ("/api/v1/institutions/", "kind"),
        ("/api/v1/institutions/", "country"),
        ("/api/v1/projects/", "sdg"),
        ("/api/v1/news/", "tag"),
        ("/api/v1/events/", "upcoming"),
    ],
)
def test_a_filter_without_a_value_is_a_400_naming_it(api, path, parameter):
    for value in ("", "  "):
        response = api.get(path, {parameter: value})
        assert response.status_code == 400, (parameter, value)
        assert response["Content-Type"] == "application/problem+json"
        assert parameter in response.json()["errors"]


def test_text_filters_say_they_are_never_empty(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/courses/"]["get"]["parameters"]
    }
    for name in ("q", "institution", "platform"):
        assert parameters[name] == {"type": "string", "minLength": 1}, name
    for name in ("country", "language", "isced", "sdg"):
        assert set(parameters[name]) == {"type", "pattern"}, name
    assert parameters["ordering"]["enum"] == ["-modified", "id", "modified", "title"]


@pytest.mark.parametrize("path", ["/api/v1/courses/", "/api/v1/courses/x/", "/api/v1/projects/"])
@pytest.mark.parametrize("query", ["", "?format=csv", "?format=nothing"])
def test_a_method_an_address_does_not_take_is_a_405_whatever_the_format(api, path, query):
    response = api.generic("TRACE", path + query)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]
