import datetime
from io import StringIO

import pytest
from django.utils import timezone
from wagtail.models import Locale

from cms.models import EventIndexPage, EventPage, EventSession, HomePage, NewsIndexPage, NewsPage


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale=Locale.objects.get(language_code="en"))


@pytest.fixture
def news_index(home):
    return publish(home, NewsIndexPage(title="News", slug="news", intro="From the alliance."))


@pytest.fixture
def events_index(home):
    return publish(home, EventIndexPage(title="Events", slug="events"))


def news(index, title, *, date=datetime.date(2024, 5, 1), **extra):
    page = NewsPage(
        title=title,
        slug=extra.pop("slug", None) or title.lower().replace(" ", "-"),
        date=date,
        intro=f"About {title}.",
        body=f"<p>{title} in full.</p>",
        **extra,
    )
    return publish(index, page)


def event(index, title="Annual Conference", *, days=30, sessions=(), **extra):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "intro": f"{title} of the alliance.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=3),
        "time_zone": "Europe/Paris",
        "registration_open": True,
        "live_stream_url": "https://stream.example.org/secret-room",
        **extra,
    }
    page = EventPage(**values)
    for session in sessions:
        page.sessions.add(EventSession(**session))
    return publish(index, page)


@pytest.fixture
def conference(events_index):
    return event(events_index)


def registration_data(**extra):
    return {
        "name": "Amina Diallo",
        "email": "amina@university.example",
        "institution": "Université Cheikh Anta Diop",
        "country": "SN",
        "role": "academic",
        "consent": "on",
        **extra,
    }


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A cache of this test's own (Wagtail keeps the site's root paths there): the pinned query
    counts must not depend on what other test processes leave in, or clear from, Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def demo_website(db):
    from cms import demo_site

    demo_site.load(StringIO())
