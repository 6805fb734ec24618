"""Fixtures of the website tests: pages of every type, people in every role, demo content."""

import datetime
from datetime import date, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from cms.models import (
    CampaignPage,
    ConsultationPage,
    ConsultationQuestion,
    DeclarationPage,
    DeclarationText,
    DeclarationVersion,
    EventIndexPage,
    EventPage,
    EventSession,
    GoodPracticeIndexPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
)
from cms.models.declaration import VersionStatus
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole
from members.services import institutions as institutions_services
from tests.e2e.helpers import link_path
from tests.members.conftest import activate_membership, secretariat_member, world  # noqa: F401


def page_editor():
    """A superuser with two-factor authentication on (the admin requires it)."""
    editor = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return editor


def home_page(language="en") -> HomePage:
    return HomePage.objects.get(locale__language_code=language)


@pytest.fixture
def declaration_page(db):
    page = DeclarationPage(title="Declaration", slug="declaration", intro="The Declaration.")
    home_page().add_child(instance=page)
    return page


def make_version(number, status, texts=(("en", "Declaration", "<p>We commit.</p>"),)):
    version = DeclarationVersion.objects.create(
        number=number,
        label=f"Version {number}",
        status=status,
        adopted_on=date(2021, 6, 1) if status == VersionStatus.ADOPTED else None,
    )
    for language, title, body in texts:
        DeclarationText.objects.create(version=version, language=language, title=title, body=body)
    return version


@pytest.fixture
def adopted(db):
    return make_version(
        2,
        VersionStatus.ADOPTED,
        texts=[
            ("en", "Declaration on MOOCs and SDG 4", "<p>We commit to open learning.</p>"),
            ("fr", "Déclaration sur les MOOC et l'ODD 4", "<p>Nous nous engageons.</p>"),
        ],
    )


@pytest.fixture
def draft(db):
    return make_version(1, VersionStatus.DRAFT)


@pytest.fixture
def roles(world, settings):  # noqa: F811
    """The endorsing matrix: world's people, plus admins of a lapsed and a suspended member."""
    lapsed = InstitutionFactory(name="Lapsed University", country="BR")
    activate_membership(lapsed, paid_at=timezone.now() - timedelta(days=3 * 365))
    suspended = InstitutionFactory(name="Suspended Institute", country="JO")
    activate_membership(suspended)
    institutions_services.institution_suspend(
        institution=suspended, actor=world["secretariat"], reason="Unpaid invoices"
    )
    return {
        **world,
        "lapsed": lapsed,
        "suspended": suspended,
        "admin_lapsed": affiliate(lapsed, InstitutionRole.ADMIN),
        "admin_suspended": affiliate(suspended, InstitutionRole.ADMIN),
    }


@pytest.fixture
def good_practices(db):
    index = GoodPracticeIndexPage(title="Good practices", slug="good-practices")
    home_page().add_child(instance=index)
    return index


def make_consultation(language="en") -> ConsultationPage:
    """An open call with two required questions and an optional one."""
    now = timezone.now()
    page = ConsultationPage(
        title="Call for input",
        slug="call-for-input",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    for label in ["Role and impact", "Characteristics and advantages"]:
        page.questions.add(ConsultationQuestion(label=label, required=True))
    page.questions.add(ConsultationQuestion(label="Good practice showcase", required=False))
    home_page(language).add_child(instance=page)
    return page


@pytest.fixture
def consultation(db):
    return make_consultation()


@pytest.fixture
def campaign(db):
    page = CampaignPage(
        title="Open learning for all",
        slug="open-learning-for-all",
        pledge_text="I support quality online learning for everyone.",
        goal=1000,
    )
    home_page().add_child(instance=page)
    return page


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
    """The demo website (cms.demo_site), loaded once for a run of tests that use it: see
    `pytest_runtest_setup` in tests/conftest.py."""


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Open the link of the latest confirmation email and press its button."""

    def confirm(client):
        path = link_path(mail.outbox[-1].body, r"/[\w/-]+/confirm/[\w-]+/")
        assert client.get(path).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path)

    return confirm
