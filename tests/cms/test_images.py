"""Pages' images: responsive renditions (AVIF, WebP, JPEG), lazy below the fold, fixed queries,
alt text required in the admin, and the demo's own illustrations."""

import io
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from cms import demo_images
from cms.models import NewsPage
from tests.cms.conftest import event, events_index, home, news, news_index  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustration():
    return demo_images.demo_image("test", "Circles around a globe.")


def pictures(response):
    return BeautifulSoup(response.content, "html.parser").select("main picture")


def test_a_news_list_shows_lazy_responsive_thumbnails(client, news_index, illustration):  # noqa: F811
    news(news_index, "With image", image=illustration)
    news(news_index, "Without image")

    [picture] = pictures(client.get("/en/news/"))

    sources = {source["type"]: source for source in picture.find_all("source")}
    assert set(sources) == {"image/avif", "image/webp"}
    assert ".avif 240w" in sources["image/avif"]["srcset"]
    assert ".avif 480w" in sources["image/avif"]["srcset"]
    img = picture.img
    assert img["src"].endswith(".jpg")
    assert (img["width"], img["height"]) == ("240", "135")
    assert img["loading"] == "lazy"
    assert img["alt"] == ""  # beside its headline: decorative
    assert "15rem" in img["sizes"]


def test_an_article_shows_its_image_at_once_with_its_alt_text_and_in_its_social_meta(
    client,
    news_index,  # noqa: F811
    illustration,
):
    page = news(news_index, "Alliance meets", image=illustration)

    response = client.get(page.url)

    [picture] = pictures(response)
    img = picture.img
    assert "loading" not in img.attrs and img["fetchpriority"] == "high"
    assert img["alt"] == "Circles around a globe."
    assert "1440w" in img["srcset"] and img["sizes"] == "(min-width: 62rem) 60rem, 100vw"
    soup = BeautifulSoup(response.content, "html.parser")
    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image.startswith("http://testserver/") and "fill-1200x630.format-jpeg" in og_image
    assert soup.find("meta", property="og:image:alt")["content"] == "Circles around a globe."


def test_event_good_practice_and_home_pages_show_their_images(client, home, events_index):  # noqa: F811
    page = event(events_index, "Annual Forum", image=demo_images.demo_image("forum", "A forum."))
    home.image = demo_images.demo_image("home", "A globe.")
    home.save_revision().publish()

    assert [p.img["alt"] for p in pictures(client.get(page.url))] == ["A forum."]
    home_pictures = pictures(client.get("/en/"))
    assert home_pictures[0].img["class"] == ["hero-image"]
    assert home_pictures[1].img["loading"] == "lazy"  # the event, below the fold


@pytest.mark.parametrize("url", ["/en/news/", "/en/"])
def test_lists_with_images_keep_a_fixed_number_of_queries(client, news_index, url):  # noqa: F811
    def count(items):
        for number in range(items):
            image = demo_images.demo_image(f"item-{items}-{number}", "An illustration.")
            news(news_index, f"News {items} {number}", image=image)
        client.get(url)  # the first view makes the renditions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        NewsPage.objects.all().delete()
        return len(queries)

    assert count(1) == count(3)


def test_the_admin_requires_alt_text_and_refuses_what_is_not_an_image():
    Form = get_image_form(get_image_model())
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "navy").save(buffer, format="PNG")

    def form(name, content, description):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(name, content)
        return Form(data={"title": "Logo", "description": description}, files={"file": upload})

    missing = form("logo.png", buffer.getvalue(), "")
    assert not missing.is_valid() and "description" in missing.errors
    assert form("logo.png", buffer.getvalue(), "The alliance's logo.").is_valid()
    fake = form("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "A drawing.")
    assert not fake.is_valid() and "file" in fake.errors
    svg = form("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "A drawing.")
    assert not svg.is_valid() and "file" in svg.errors


def test_the_demo_illustrates_every_language_once(demo_website):
    demo_images.load(StringIO())
    images = get_image_model().objects.count()
    output = StringIO()

    demo_images.load(output)

    assert get_image_model().objects.count() == images
    assert "set on 0 pages" in output.getvalue()
    pages = NewsPage.objects.all()
    assert pages.filter(image=None).count() == 0
    assert {page.locale.language_code for page in pages} == {
        "ar",
        "zh-hans",
        "en",
        "fr",
        "ru",
        "es",
    }
    for page in pages.filter(locale__language_code="en"):
        translations = NewsPage.objects.filter(translation_key=page.translation_key)
        assert {t.image_id for t in translations} == {page.image_id}


def test_an_article_s_illustrated_related_news_keep_a_fixed_number_of_queries(client, news_index):  # noqa: F811
    news(news_index, "Launch")

    def count(items):
        for number in range(items):
            image = demo_images.demo_image(f"related-{items}-{number}", "An illustration.")
            news(news_index, f"Related {items} {number}", image=image)
        client.get("/en/news/launch/")  # the first view makes the renditions
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/news/launch/")
        related = pictures(response)[-items:]
        assert all(
            picture.img["loading"] == "lazy" and picture.img["alt"] == "" for picture in related
        )
        NewsPage.objects.exclude(slug="launch").delete()
        return len(queries)

    assert count(1) == count(3)
