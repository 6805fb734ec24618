"""MOOChub v3 as the specification says: numbered pages, links, filters, version negotiation."""

from urllib.parse import parse_qs, urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from api import moochub
from tests.moochub import moochub_schema

URL = "/api/v1/moochub/courses"


@pytest.fixture
def valid(api):
    validator = Draft202012Validator(moochub_schema(), format_checker=FormatChecker())

    def get(url, **headers):
        response = api.get(url, **headers)
        assert response.status_code == 200, response.content
        document = response.json()
        validator.validate(document)
        return document

    return get


def query(url: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_numbered_pages_link_first_last_next_and_prev(valid, catalog):
    first = valid(f"{URL}?page=1&page_size=1")
    assert query(first["links"]["first"]) == {"page": "1", "page_size": "1"}
    assert query(first["links"]["last"]) == {"page": "2", "page_size": "1"}
    assert query(first["links"]["next"]) == {"page": "2", "page_size": "1"}
    assert "prev" not in first["links"]
    second = valid(first["links"]["next"])
    assert "next" not in second["links"]
    assert query(second["links"]["prev"]) == {"page": "1", "page_size": "1"}
    assert {first["data"][0]["id"], second["data"][0]["id"]} == {
        str(catalog["climate"].uuid),
        str(catalog["python"].uuid),
    }
    assert valid(f"{URL}?page=3&page_size=1")["data"] == []


def test_the_cursor_pages_keep_page_size_and_filters(valid, catalog):
    first = valid(f"{URL}?page_size=1")
    assert query(first["links"]["last"]) == {"page": "2", "page_size": "1"}
    next_params = query(first["links"]["next"])
    assert next_params.keys() == {"page_size", "cursor"}
    second = valid(first["links"]["next"])
    assert second["data"][0]["id"] != first["data"][0]["id"]
    assert "next" not in second["links"]
    one = valid(f"{URL}?page_size=1&institution={catalog['lyon'].slug}")
    assert query(one["links"]["last"])["institution"] == catalog["lyon"].slug
    assert "next" not in one["links"]


def test_institution_filters_by_slug_or_id(valid, catalog):
    lyon = catalog["lyon"]
    for value in (lyon.slug, lyon.pk):
        names = [item["attributes"]["name"] for item in valid(f"{URL}?institution={value}")["data"]]
        assert names == ["Python Programming"]  # not its draft
    assert valid(f"{URL}?institution=nowhere")["data"] == []


@pytest.mark.parametrize(
    "params",
    ["page=0", "page=two", "page=-1", "page=1&cursor=abc", "page_size=1001", "cursor=%%%"],
)
def test_bad_paging_is_a_400_problem(api, db, params):
    response = api.get(f"{URL}?{params}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_multi_version_accept_header_gets_the_best_supported_version(api, catalog, monkeypatch):
    monkeypatch.setitem(moochub.SUNSET, "2", "Tue, 15 Aug 2028 00:00:00 GMT")
    cases = {
        # header: (answered version, Sunset)
        "application/vnd.api+json; moochub-version=4, "
        "application/vnd.api+json; moochub-version=3; q=0.8": ("3.0", None),
        "application/vnd.api+json; moochub-version=2, "
        "application/vnd.api+json; moochub-version=3; q=0.5": (
            "2",
            "Tue, 15 Aug 2028 00:00:00 GMT",
        ),
        "application/vnd.api+json; moochub-version=2; q=0.5, "
        "application/vnd.api+json; moochub-version=3; q=0.5": ("3.0", None),
        "application/vnd.api+json; moochub-version=3; q=0, "
        "application/vnd.api+json; moochub-version=2; q=0.1": (
            "2",
            "Tue, 15 Aug 2028 00:00:00 GMT",
        ),
        "application/vnd.api+json; moochub-version=9, */*; q=0.1": ("3.0", None),
    }
    for accept, (version, sunset) in cases.items():
        response = api.get(URL, HTTP_ACCEPT=accept)
        assert response.status_code == 200, accept
        assert response["Content-Type"] == f"application/vnd.api+json; moochub-version={version}"
        assert response.get("Sunset") == sunset
    refused = api.get(
        URL,
        HTTP_ACCEPT="application/vnd.api+json; moochub-version=9, "
        "application/vnd.api+json; moochub-version=3; q=0",
    )
    assert refused.status_code == 406
