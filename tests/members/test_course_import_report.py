"""The import report speaks the file's terms: the CSV column as in the header (or the JSON key,
the MOOChub attribute), the value given and the row's external id, in the reader's language."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from members import imports
from members.models import Course
from tests.members.conftest import client_for
from tests.members.test_course_import import import_file, moochub_course

BAD_CSV = """external_id,title,url,languages,level,run_starts_at,run_ends_at,run_pacing
c-1,Good,https://e.org/1,en,,2027-03-01 09:00,2027-04-01 09:00,self_paced
c-2,Two runs,https://e.org/2,"en, xx-notalang",,2027-03-01,2027-04-01,self_paced
c-2,Two runs,https://e.org/2,en,,next spring,2027-04-01,weekly
c-3,,https://e.org/3,en,expert,,,
"""


def lines_of(course_import):
    return [
        (line["row"], line["external_id"], line["column"], line["value"], line["message"])
        for line in imports.import_report_lines(course_import)
    ]


def test_a_bad_csv_names_columns_values_external_ids_and_lines(
    world, django_capture_on_commit_callbacks
):
    done = import_file(world, django_capture_on_commit_callbacks, BAD_CSV)

    assert (done.created_count, done.error_count) == (1, 2)
    assert list(Course.objects.values_list("external_id", flat=True)) == ["c-1"]
    lines = lines_of(done)
    assert (
        3,
        "c-2",
        "languages",
        "xx-notalang",
        "“xx-notalang” is not a BCP 47 language tag (for example en, zh-Hans).",
    ) in lines
    # The second session of c-2 is on line 4 of the file: its problems say so.
    assert (
        4,
        "c-2",
        "run_starts_at",
        "next spring",
        "Enter a date and time, for example 2027-03-01 09:00.",
    ) in lines
    assert any(line[:4] == (4, "c-2", "run_pacing", "weekly") for line in lines)
    assert (5, "c-3", "title", "", "This field is required.") in lines
    assert any(line[:4] == (5, "c-3", "level", "expert") for line in lines)
    assert not any("runs." in line[2] or "__all__" in line[2] for line in lines)


def test_moochub_problems_name_the_attribute(world, django_capture_on_commit_callbacks):
    document = {"data": [moochub_course("m-1", "", inLanguage=["xx-notalang"], startDate=["soon"])]}
    done = import_file(world, django_capture_on_commit_callbacks, document)

    columns = {line[2]: line[3] for line in lines_of(done)}
    assert columns == {
        "attributes.name": "",
        "attributes.inLanguage": "xx-notalang",
        "attributes.startDate[0]": "soon",
    }
    assert {line[1] for line in lines_of(done)} == {"m-1"}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_report_page_and_csv_are_in_the_readers_language(
    world, client, django_capture_on_commit_callbacks, language
):
    with translation.override(language):
        required, column = gettext("This field is required."), gettext("Column")
    assert language == "en" or (required, column) != ("This field is required.", "Column")
    done = import_file(world, django_capture_on_commit_callbacks, BAD_CSV)
    client_for(client, world, "editor_a")
    url = reverse("members:course_import_detail", args=[world["institution_a"].slug, done.pk])
    url = url.replace("/en/", f"/{language}/", 1)

    page = client.get(url).content.decode()
    assert required in page
    assert f'<th scope="col">{column}</th>' in page
    assert "<code>run_starts_at</code>" in page and ">next spring<" in page
    assert "?format=csv" in page

    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == column
    assert ["5", "c-3", "title", "", required] in rows
    assert rows[[r[2] for r in rows].index("run_starts_at")][:4] == [
        "4",
        "c-2",
        "run_starts_at",
        "next spring",
    ]


def test_a_formula_in_a_bad_value_is_not_run_by_a_spreadsheet(
    world, client, django_capture_on_commit_callbacks
):
    content = "external_id,title,url,languages\nc-1,T,https://e.org/1,=HYPERLINK(1)\n"
    done = import_file(world, django_capture_on_commit_callbacks, content)
    client_for(client, world, "admin_a")
    url = reverse("members:course_import_detail", args=[world["institution_a"].slug, done.pk])

    body = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("role", ["staff_a", "admin_b", "no_institution"])
def test_only_the_institutions_course_managers_download_the_errors(
    world, client, django_capture_on_commit_callbacks, role
):
    done = import_file(world, django_capture_on_commit_callbacks, BAD_CSV)
    url = reverse("members:course_import_detail", args=[world["institution_a"].slug, done.pk])
    assert client_for(client, world, role).get(url, {"format": "csv"}).status_code == 403
