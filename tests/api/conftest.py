from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiKeyScope
from api.services import api_key_create
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import CourseStatus, InstitutionRole, Pacing, Platform
from members.services import courses as courses_services
from tests.members.conftest import activate_membership


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def course(institution, title, **extra):
    data = {
        "title": title,
        "summary": f"{title}.",
        "platform": Platform.objects.get(slug=extra.pop("platform", "edx")),
        "url": f"https://courses.example.org/{title.lower().replace(' ', '-')}",
        "status": CourseStatus.PUBLISHED,
        "languages": ["en"],
        "fields": ["0521"],
        "sdg_targets": ["4.3"],
        "institutions": [institution],
        "effort_hours_per_week": Decimal("3"),
        "length_weeks": 5,
        "runs": [
            {
                "starts_at": timezone.now() + timedelta(days=20),
                "ends_at": timezone.now() + timedelta(days=55),
                "enrollment_starts_at": timezone.now() - timedelta(days=5),
                "enrollment_ends_at": timezone.now() + timedelta(days=25),
                "pacing": Pacing.INSTRUCTOR_LED,
            }
        ],
    }
    data.update(extra)
    return courses_services.course_create(actor=None, data=data)


@pytest.fixture
def catalog(db):
    nairobi = InstitutionFactory(name="Nairobi Open University", country="KE")
    lyon = InstitutionFactory(name="Lyon University", country="FR")
    return {
        "nairobi": nairobi,
        "lyon": lyon,
        "climate": course(nairobi, "Climate Change Science", subtitle_languages=["fr"]),
        "python": course(
            lyon,
            "Python Programming",
            platform="xuetangx",
            languages=["fr"],
            fields=["0613"],
            sdg_targets=["4.4"],
            level="introductory",
            is_free=False,
            price=Decimal("49"),
            has_certificate=True,
            runs=[{"starts_at": timezone.now() - timedelta(days=3), "pacing": Pacing.SELF_PACED}],
        ),
        "draft": course(lyon, "Hidden Draft", status=CourseStatus.DRAFT),
    }


@pytest.fixture
def keys(catalog):
    """Raw keys: a partner's read key, and write keys of Nairobi's admin and staff (Nairobi is
    a member in good standing)."""
    activate_membership(catalog["nairobi"])
    admin = affiliate(catalog["nairobi"], InstitutionRole.ADMIN)
    staff = affiliate(catalog["nairobi"], InstitutionRole.STAFF)
    write = [ApiKeyScope.READ, ApiKeyScope.WRITE_COURSES]
    return {
        "partner": api_key_create(owner=UserFactory(), name="Aggregator")[1],
        "nairobi": api_key_create(
            owner=admin, name="Nairobi LMS", institution=catalog["nairobi"], scopes=write
        )[1],
        "nairobi_staff": api_key_create(
            owner=staff, name="Staff key", institution=catalog["nairobi"], scopes=write
        )[1],
        "nairobi_read": api_key_create(
            owner=admin, name="Read only", institution=catalog["nairobi"]
        )[1],
    }


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def pytest_collection_modifyitems(items):
    """schemathesis names each API operation's case `test[GET /path/]`, but pytest 9 builds the
    node id from the bare function name: all cases shared one id, and pytest-xdist ran one of
    them. Give each case its operation in its id."""
    from schemathesis.pytest.plugin import SchemathesisFunction

    for item in items:
        if isinstance(item, SchemathesisFunction) and item._id.params is None:
            item._id = item._id.with_params(item.operation_label)
