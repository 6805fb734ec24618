"""The mirror client of docs/api.md, run as it is written, under random writes of every kind."""

import random
import re
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from api.models import ApiKeyScope
from api.services import api_key_create
from members.factories import InstitutionFactory, UserFactory
from members.models import Course, CourseRun, CourseStatus, Institution, Pacing
from members.selectors import published_courses
from members.services import courses as courses_services
from tests.api.conftest import course

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"


def mirror_client() -> dict:
    """The namespace of the documented client: the Python block after "The mirror client"."""
    text = DOCS.read_text().split("The mirror client", 1)[1]
    namespace = {}
    exec(re.search(r"```python\n(.*?)```", text, re.S).group(1), namespace)  # noqa: S102
    return namespace


def differences(mirror: dict, api: str, key: str) -> list:
    """Every (item, field) where the mirror and the API's own lists differ."""
    client = mirror_client()
    session = client["requests"].Session()
    session.headers["Authorization"] = f"Api-Key {key}"
    lists = {}
    for kind in ("course", "institution"):
        for record in client["fetch"](session, f"{api}/{kind}s/", {"page_size": 1000})["results"]:
            lists[(kind, record["slug"])] = record
    found = [(item, "missing") for item in lists.keys() - mirror.keys()]
    found += [(item, "phantom") for item in mirror.keys() - lists.keys()]
    for item in lists.keys() & mirror.keys():
        fields = lists[item].keys() | mirror[item].keys()
        found += [(item, f) for f in fields if lists[item].get(f) != mirror[item].get(f)]
    return found


def random_write(rng: random.Random, n: int, institutions: list, spare=None) -> None:
    courses = list(Course.objects.exclude(pk=spare).order_by("pk"))
    some = rng.choice(courses) if courses else None
    choice = rng.randrange(-4, 11) if len(courses) > 3 else 0
    if choice <= 0:  # through the services, as the website and the API write
        course(rng.choice(institutions), f"Course {n}")
    elif choice == 1:
        courses_services.course_update(course=some, actor=None, data={"title": f"Updated {n}"})
    elif choice == 2:
        courses_services.course_delete(course=some, actor=None)
    elif choice == 3:  # an ORM save
        some.summary = f"Saved {n}."
        some.save()
    elif choice == 4:  # queryset updates: a title, a status, a slug
        Course.objects.filter(pk=some.pk).update(title=f"Queryset {n}")
    elif choice == 5:
        status = rng.choice([CourseStatus.DRAFT, CourseStatus.PUBLISHED])
        Course.objects.filter(pk=some.pk).update(status=status)
    elif choice == 6:
        Course.objects.filter(pk=some.pk).update(slug=f"moved-{n}")
    elif choice == 7:  # an ORM delete, a queryset delete
        rng.choice([some.delete, Course.objects.filter(pk=some.pk).delete])()
    elif choice == 8:  # a run added or removed
        runs = list(some.runs.all())
        if runs and rng.random() < 0.5:
            rng.choice(runs).delete()
        else:
            CourseRun.objects.create(
                course=some, starts_at=timezone.now(), pacing=Pacing.SELF_PACED
            )
    elif choice == 9:  # an institution renamed: its courses embed the name
        institution = rng.choice(institutions)
        institution.name = f"Renamed {n}"
        institution.save()
    else:  # an institution made private, or public again
        Institution.objects.filter(pk=rng.choice(institutions).pk).update(
            is_public=rng.random() < 0.5
        )


@pytest.mark.django_db(transaction=True)
def test_the_documented_client_mirrors_exactly(live_server):
    rng = random.Random(16)
    institutions = [InstitutionFactory(name=f"Institution {i}") for i in range(3)]
    key = api_key_create(owner=UserFactory(), name="Mirror", scopes=[ApiKeyScope.READ])[1]
    api = f"{live_server.url}/api/v1"
    sync = mirror_client()["sync"]
    mirror, cursor = {}, None
    for n in range(150):
        random_write(rng, n, institutions)
        if n % 30 == 29:
            cursor = sync(mirror, cursor, key=key, api=api)

    if connection.vendor == "postgresql":
        # A transaction on a second connection outlives many commits and syncs of the first.
        listed = published_courses().order_by("pk").first()
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("UPDATE members_course SET title = 'Long' WHERE id = %s", [listed.pk])
            for n in range(150, 180):
                random_write(rng, n, institutions, spare=listed.pk)  # not its row: it is locked
                if n % 5 == 4:
                    cursor = sync(mirror, cursor, key=key, api=api)
            assert mirror[("course", listed.slug)]["title"] != "Long"
        # committed on leaving the block, after the others: read by the next sync all the same
    sync(mirror, cursor, key=key, api=api)
    if connection.vendor == "postgresql":
        assert mirror[("course", listed.slug)]["title"] == "Long"
    assert differences(mirror, api, key) == []
    assert len(mirror) > 10


def test_the_client_waits_as_long_as_retry_after_says():
    client = mirror_client()
    slept = []
    client["time"] = type("Clock", (), {"sleep": staticmethod(slept.append)})

    class Answer:
        def __init__(self, status, headers=None):
            self.status_code, self.headers = status, headers or {}

        def raise_for_status(self):
            if self.status_code >= 400:
                raise client["requests"].HTTPError(self.status_code)

        def json(self):
            return {"results": []}

    answers = iter([Answer(429, {"Retry-After": "7"}), Answer(200), Answer(500)])
    session = type("Session", (), {"get": lambda self, *a, **k: next(answers)})()
    assert client["fetch"](session, "https://api.example/changes/") == {"results": []}
    assert slept == [7]
    with pytest.raises(client["requests"].HTTPError):
        client["fetch"](session, "https://api.example/changes/")
