"""Light on slow connections: what a first visit transfers (HTML, CSS, images; measured by the
browser, nothing cached), with the pages' images, at a phone's and a desktop's width."""

import pytest

from cms import demo_images
from cms.models import (
    EventIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    HomePage,
    NewsIndexPage,
)
from tests.cms.conftest import event, news, publish

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

HOME_BUDGET = 250_000
PAGE_BUDGET = 150_000
TRANSFERRED = """() => {
  const entries = [...performance.getEntriesByType("navigation"),
                   ...performance.getEntriesByType("resource")];
  return entries.map((entry) => [entry.name, entry.transferSize]);
}"""


@pytest.fixture
def illustrated_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.ROOT_URLCONF = "tests.e2e.media_urls"
    home = HomePage.objects.get(locale__language_code="en")
    home.image = demo_images.demo_image("home", "A globe.")
    home.save_revision().publish()
    news_index = publish(home, NewsIndexPage(title="News", slug="news"))
    articles = [
        news(news_index, f"News {n}", image=demo_images.demo_image(f"news-{n}", "A globe."))
        for n in range(4)
    ]
    events_index = publish(home, EventIndexPage(title="Events", slug="events"))
    forum = event(events_index, "Forum", image=demo_images.demo_image("forum", "A forum."))
    practices = publish(home, GoodPracticeIndexPage(title="Good practices", slug="good-practices"))
    for n in range(3):
        publish(
            practices,
            GoodPracticePage(
                title=f"Practice {n}",
                slug=f"practice-{n}",
                summary="What worked.",
                organization="Open University",
                body="<p>How.</p>",
                image=demo_images.demo_image(f"practice-{n}", "A book."),
            ),
        )
    return {
        "/en/": HOME_BUDGET,
        "/ar/": PAGE_BUDGET,
        "/en/news/": PAGE_BUDGET,
        articles[0].url: PAGE_BUDGET,
        forum.url: PAGE_BUDGET,
        "/en/good-practices/": PAGE_BUDGET,
        "/en/members/": PAGE_BUDGET,
        "/en/courses/": PAGE_BUDGET,
    }


def test_first_visits_stay_within_their_byte_budgets(browser, live_server, illustrated_site):
    weights = {}
    for width in (390, 1366):
        for path, budget in illustrated_site.items():
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 900}
            )
            page = context.new_page()
            page.goto(path)
            page.wait_for_load_state("networkidle")
            entries = page.evaluate(TRANSFERRED)
            context.close()
            total = sum(size for _, size in entries)
            weights[(path, width)] = total
            images = [name for name, _ in entries if "/media/" in name]
            if path in {"/en/", "/en/news/"} and width == 1366:
                assert images, f"{path}: no image loaded"
                assert all(name.endswith(".avif") for name in images), images
            assert total <= budget, f"{path} at {width} px: {total} bytes > {budget}"
    print(weights)  # the numbers in docs/website.md (pytest -s)
