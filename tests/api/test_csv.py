"""Lists as CSV for spreadsheets: flat columns, a header always, a BOM, a next link, problems."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from members.models import Pacing
from tests.api.conftest import course


def table(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel then reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert "{" not in text and "[" not in text  # no Python dict or list reprs
    return list(csv.reader(io.StringIO(text)))


def test_courses_are_flat_rows_with_numbered_run_columns(api, catalog):
    soon = timezone.now() + timedelta(days=10)
    course(
        catalog["nairobi"],
        "Kiswahili kwa Wanaoanza — ñandú",
        runs=[
            {"starts_at": soon, "pacing": Pacing.INSTRUCTOR_LED},
            {"starts_at": soon + timedelta(days=90), "pacing": Pacing.SELF_PACED},
        ],
    )
    header, *rows = table(api.get("/api/v1/courses/?format=csv"))
    assert "runs" not in header
    runs = [column for column in header if column.startswith("run_")]
    assert runs[:2] == ["run_1_starts_at", "run_1_ends_at"]
    assert "run_2_pacing" in runs and "run_3_pacing" not in runs
    assert header.index("run_1_url") < header.index("run_2_starts_at") < header.index("created_at")
    by_title = {row[header.index("title")]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {
        "Climate Change Science",
        "Python Programming",
        "Kiswahili kwa Wanaoanza — ñandú",
    }
    two = by_title["Kiswahili kwa Wanaoanza — ñandú"]
    assert two["run_2_pacing"] == "self_paced"
    assert two["institutions"] == catalog["nairobi"].slug
    assert by_title["Climate Change Science"]["run_2_pacing"] == ""
    assert by_title["Climate Change Science"]["subtitle_languages"] == "fr"
    assert by_title["Python Programming"]["has_certificate"] == "true"
    assert by_title["Python Programming"]["subjects"] == "0613"


def test_institution_descriptions_are_columns_per_language(api, catalog):
    lyon = catalog["lyon"]
    lyon.description = {"en": "A university.", "fr": "Une université."}
    lyon.save()
    header, *rows = table(api.get("/api/v1/institutions/?format=csv&country=FR"))
    row = dict(zip(header, rows[0], strict=True))
    assert (row["description_en"], row["description_fr"]) == ("A university.", "Une université.")


def test_an_empty_list_still_has_its_header(api, db):
    header, *rows = table(api.get("/api/v1/courses/?format=csv&institution=nowhere"))
    assert rows == []
    assert header[:3] == ["uuid", "slug", "title"] and "runs" in header


def test_the_link_header_leads_past_a_page(api, catalog):
    first = api.get("/api/v1/courses/?format=csv&page_size=1")
    link = first["Link"]
    assert link.endswith('>; rel="next"') and "page_size=1" in link and "format=csv" in link
    second = api.get(link[1 : link.index(">")])
    assert table(first)[1][0] != table(second)[1][0]
    assert "Link" not in second


def test_a_bad_filter_is_a_problem_document_not_an_empty_csv(api, db):
    response = api.get("/api/v1/courses/?format=csv&country=ZZZ")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"].keys() == {"country"}
