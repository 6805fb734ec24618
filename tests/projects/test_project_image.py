"""A project's image: uploaded by its editors (checked, re-encoded, alt text required), shown on
its page and in the lists with a fixed number of queries."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from alliance.models import ImageAltText
from cms import demo_images
from projects.models import Project, Visibility
from tests.projects.conftest import client_for, make_project

pytestmark = pytest.mark.django_db


def jpeg(size=(1200, 675), exif=True) -> bytes:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (20, 80, 140))
    info = Image.Exif()
    info[0x010F] = "Camera maker"  # Make
    info[0x0132] = "2020:12:09 10:00:00"  # DateTime
    picture.save(out, format="JPEG", exif=info.tobytes() if exif else b"")
    return out.getvalue()


def upload(content=None, name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg() if content is None else content, "image/jpeg")


def url(project):
    return reverse("projects:image", args=[project.slug])


def test_the_lead_uploads_an_image_re_encoded_without_metadata_with_its_alt_texts(client, world):
    project = world["project"]
    client_for(client, world, "lead")

    response = client.post(
        url(project),
        {"image": upload(), "alt": "Teachers around a table.", "alt_fr": "Des enseignants."},
    )

    assert response.status_code == 302
    project.refresh_from_db()
    image = project.image
    assert image.description == "Teachers around a table."
    assert ImageAltText.objects.get(image=image).texts == {"fr": "Des enseignants."}
    with Image.open(image.file) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (1200, 675)
        assert not stored.getexif() and "exif" not in stored.info


def test_the_image_and_its_alt_text_show_on_the_project_page_in_the_reader_s_language(
    client, world
):
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(visibility=Visibility.PUBLIC)
    client_for(client, world, "lead")
    client.post(url(project), {"image": upload(), "alt": "Teachers.", "alt_fr": "Enseignants."})
    client.logout()

    def img(language):
        response = client.get(f"/{language}/projects/{project.slug}/")
        return BeautifulSoup(response.content, "html.parser").select_one("main picture img")

    assert img("fr")["alt"] == "Enseignants." and "lang" not in img("fr").attrs
    arabic = img("ar")  # no Arabic alt text: the English one, marked as such
    assert (arabic["alt"], arabic["lang"], arabic["dir"]) == ("Teachers.", "en", "ltr")
    assert img("en")["width"] == "480" and "960w" in img("en")["srcset"]


def test_an_image_is_removed(client, world):
    project = world["project"]
    client_for(client, world, "lead")
    client.post(url(project), {"image": upload(), "alt": "Teachers."})

    client.post(url(project), {"remove": "1"})

    project.refresh_from_db()
    assert project.image is None


@pytest.mark.parametrize("role", ["coordinator", "lead"])
def test_the_project_s_editors_may_change_its_image(client, world, role):
    client_for(client, world, role)

    response = client.post(url(world["project"]), {"image": upload(), "alt": "Teachers."})

    assert response.status_code == 302
    world["project"].refresh_from_db()
    assert world["project"].image.description == "Teachers."


@pytest.mark.parametrize("role", ["viewer", "contributor", "other_member", "no_institution"])
def test_others_may_not_change_the_project_s_image(client, world, role):
    client_for(client, world, role)

    response = client.post(url(world["project"]), {"image": upload(), "alt": "Teachers."})

    assert response.status_code in {403, 404}
    assert not get_image_model().objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, world):
    response = client.post(url(world["project"]), {"image": upload(), "alt": "Teachers."})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not get_image_model().objects.exists()


def bomb() -> bytes:
    """A small PNG that would decode to 144 million pixels."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"image": "not an image", "alt": "A photo."}, "image", "Upload a valid image"),
        ({"image": b"bomb", "alt": "A photo."}, "image", "Upload a valid image"),
        ({"image": b"wide", "alt": "A photo."}, "image", "at most 5000 pixels"),
        ({"image": b"big", "alt": "A photo."}, "image", "too big"),
        ({"image": None, "alt": ""}, "alt", "This field is required"),
        ({"alt": "A photo."}, "image", "This field is required"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_is_written(client, world, data, field, message):
    contents = {
        "not an image": b"%PDF-1.4 not a picture",
        b"bomb": bomb(),
        b"wide": jpeg(size=(6000, 10), exif=False),
        b"big": jpeg(size=(10, 10), exif=False) + b"\0" * (5 * 1024 * 1024),
        None: None,
    }
    if "image" in data:
        data = {**data, "image": upload(contents[data["image"]], name="photo.png")}
    client_for(client, world, "lead")

    response = client.post(url(world["project"]), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not get_image_model().objects.exists()
    world["project"].refresh_from_db()
    assert world["project"].image is None


def test_the_showcase_with_images_keeps_a_fixed_number_of_queries(client, world):
    def count(items):
        for number in range(items):
            project = make_project(
                world["lead"],
                world["a"],
                title=f"Illustrated {items} {number}",
                visibility=Visibility.PUBLIC,
            )
            project.image = demo_images.demo_image(f"p-{items}-{number}", "An illustration.")
            project.save()
        client.get("/en/projects/")  # the first view makes the renditions
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/projects/")
        assert response.content.decode().count("card-image") == items
        Project.objects.filter(title__startswith="Illustrated").delete()
        return len(queries)

    assert count(1) == count(3) == 5  # the SDG goals, the count, the page, images, renditions
