"""Reference names in the reader's language (issue 14): `?lang=` or Accept-Language, said in
Content-Language and Vary, documented in the schema; validators keyed on the representation."""

import pytest
import yaml

from members.models import FieldOfEducation

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def names(code):
    return {
        language: FieldOfEducation.objects.get(code=code).translated("name", language)[0]
        for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_subject_names_follow_the_lang_parameter(api, language):
    response = api.get("/api/v1/subjects/", {"lang": language})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    education = next(node for node in response.json() if node["code"] == "01")
    assert education["name"] == names("01")[language]


def test_the_six_names_differ():
    assert len(set(names("01").values())) == 6


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-Hans-CN,zh;q=0.9,en;q=0.5", "zh-hans"),
        ("ru-RU", "ru"),
        ("de-DE, ar;q=0.7", "ar"),
        ("de-DE", "en"),
        ("*", "en"),
        ("", "en"),
        ("!!;q=x", "en"),
    ],
)
def test_accept_language_chooses_among_the_six(api, header, language):
    response = api.get("/api/v1/subjects/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == language


def test_the_lang_parameter_wins_over_accept_language(api):
    response = api.get("/api/v1/subjects/", {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "es"


@pytest.mark.parametrize("value", ["xx", "", "de", "english", "fr\u00a0"])
def test_an_unknown_lang_is_a_400_problem(api, catalog, value):
    response = api.get("/api/v1/courses/", {"lang": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "lang" in response.json()["errors"]


def test_course_subjects_and_facets_in_russian(api, catalog):
    response = api.get("/api/v1/courses/", {"lang": "ru", "facets": "language,field,pacing"})
    assert response.status_code == 200
    climate = next(c for c in response.json()["results"] if c["title"] == "Climate Change Science")
    assert climate["subjects"][0]["name"] == names("0521")["ru"]
    facets = response.json()["facets"]
    assert {row["value"]: row["label"] for row in facets["language"]}["fr"] == "французский"
    assert {row["value"]: row["label"] for row in facets["field"]}["05"] == names("05")["ru"]
    english = api.get("/api/v1/courses/", {"facets": "language"}).json()
    assert {row["value"]: row["label"] for row in english["facets"]["language"]}["fr"] == "French"


def test_moochub_names_the_field_in_english_and_the_asked_language(api, catalog):
    response = api.get("/api/v1/moochub/courses", {"lang": "ar"})
    assert response.status_code == 200
    assert response["Content-Language"] == "ar"
    alignment = next(
        course["attributes"]["educationalAlignment"][0]
        for course in response.json()["data"]
        if course["attributes"]["name"] == "Climate Change Science"
    )
    assert alignment["name"] == [
        {"inLanguage": "en", "name": names("0521")["en"]},
        {"inLanguage": "ar", "name": names("0521")["ar"]},
    ]


@pytest.mark.parametrize(
    ("path", "variants"),
    [
        (
            "/api/v1/moochub/courses",
            [
                {},
                {"data": {"page_size": 1}},
                {"data": {"lang": "fr"}},
                {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"},
                {"HTTP_ACCEPT": "application/vnd.api+json; moochub-version=3"},
                {"HTTP_HOST": "mirror.example.org"},
            ],
        ),
        (
            "/api/v1/courses/",
            [
                {},
                {"data": {"lang": "ru"}},
                {"data": {"format": "csv"}},
                {"HTTP_HOST": "other.test"},
            ],
        ),
    ],
)
def test_etags_differ_for_every_representation(api, catalog, settings, path, variants):
    settings.ALLOWED_HOSTS = ["*"]
    etags = []
    for variant in variants:
        extra = dict(variant)
        data = extra.pop("data", {})
        first = api.get(path, data, **extra)
        assert first.status_code == 200, first.content
        again = api.get(path, data, HTTP_IF_NONE_MATCH=first["ETag"], **extra)
        assert again.status_code == 304
        etags.append(first["ETag"])
    assert len(set(etags)) == len(etags)


def test_an_etag_of_one_language_does_not_validate_another(api, catalog):
    english = api.get("/api/v1/moochub/courses")
    arabic = api.get(
        "/api/v1/moochub/courses", HTTP_ACCEPT_LANGUAGE="ar", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert arabic.status_code == 200
    assert arabic["Content-Language"] == "ar"


def test_the_schema_documents_lang_on_every_operation(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = {(p["in"], p["name"]) for p in operation["parameters"]}
            assert {("query", "lang"), ("header", "Accept-Language")} <= parameters, (path, method)
            for code, response in operation["responses"].items():
                if code in ("200", "201"):
                    assert "Content-Language" in response["headers"], (path, method)
