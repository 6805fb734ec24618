"""/api/docs/: the API reference as a light page of the site, rendered from the schema."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_reference_lists_every_operation_without_javascript(client):
    schema = client.get("/api/schema/?format=json").json()

    response = client.get("/api/docs/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "en" and soup.html["dir"] == "ltr"
    assert soup.find_all("script") == []
    assert soup.select_one(".site-header .brand")  # the site's layout
    headings = {h3.get_text(" ", strip=True) for h3 in soup.select(".api-operation h3")}
    expected = {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert headings == expected
    assert "The `next_cursor` of the previous page." in response.content.decode()
    assert len(response.content) < 60_000


def test_the_reference_follows_the_readers_language_and_marks_the_english_schema(client):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="ar")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    lead = soup.select_one(".page-head .lead")
    assert lead.find_parent(attrs={"lang": "en"})["dir"] == "ltr"
