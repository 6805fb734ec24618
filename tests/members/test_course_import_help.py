"""The import page's help lists the values allowed in the columns that take one from a list."""

from django.urls import reverse


def test_the_import_help_lists_the_allowed_values(client, world):
    client.force_login(world["admin_a"])
    page = client.get(reverse("members:course_import", args=[world["institution_a"].slug]))
    content = page.content.decode()
    assert page.status_code == 200
    for column, values in {
        "level": ["introductory", "intermediate", "advanced"],
        "status": ["draft", "published"],
        "run_pacing": ["self_paced", "instructor_led"],
    }.items():
        assert f"<code>{column}</code></th>" in content
        for value in values:
            assert f"<td><code>{value}</code></td>" in content
    assert "<td>Instructor-led</td>" in content
