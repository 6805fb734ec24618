"""Course images and institution logos are re-encoded on upload: decoded, stripped of their
metadata, shrunk to a maximum side and stored as WebP; bad uploads are explained."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Course
from members.services.courses import COURSE_IMAGE_MAX_SIDE
from tests.members.test_course_permissions import course_post

pytestmark = pytest.mark.django_db


def photo(size=(3200, 1800), fmt="JPEG") -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x0112] = 6  # Orientation: turned 90° (the stored image is upright)
    Image.new("RGB", size, (20, 80, 140)).save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def post_course(client, world, content, name="course.jpg"):
    client.force_login(world["editor_a"])
    url = reverse("members:course_new", args=[world["institution_a"].slug])
    data = {**course_post("Illustrated course"), "image": SimpleUploadedFile(name, content)}
    return client.post(url, data)


def test_a_course_image_is_re_encoded_shrunk_turned_and_stripped(client, world):
    response = post_course(client, world, photo())

    assert response.status_code == 302
    course = Course.objects.get(title="Illustrated course")
    assert course.image.name.endswith(".webp")
    with Image.open(course.image) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (COURSE_IMAGE_MAX_SIDE * 1800 // 3200, COURSE_IMAGE_MAX_SIDE)
        assert not stored.getexif() and "exif" not in stored.info


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")  # 144 million pixels, ~20 KB
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "Upload a valid image"),
        ("bomb", "Upload a valid image"),
        ("wide", "at most 5000 pixels"),
        ("heavy", "The file is too big"),
    ],
)
def test_bad_course_images_are_explained_and_nothing_is_written(client, world, content, message):
    content = {
        "bomb": bomb,
        "wide": lambda: photo(size=(6000, 20)),
        "heavy": lambda: photo(size=(20, 20)) + b"\0" * (3 * 1024 * 1024),
    }.get(content, lambda: content)()

    response = post_course(client, world, content, name="course.png")

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["image"])
    assert not Course.objects.filter(title="Illustrated course").exists()
