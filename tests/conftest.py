import pytest


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Transactional tests (live server, real worker) restore the data the migrations made:
    home pages, ISCED-F fields, platforms, the secretariat group. (Autouse: pytest-django looks
    for this fixture's name.)"""
    return True


@pytest.fixture(autouse=True)
def _sequences_after_restore(request):
    """On PostgreSQL, restored rows keep their ids but the sequences do not follow: move every
    sequence past its table's largest id before a transactional test writes."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("_django_db_helper")
        move_sequences_past_rows()


def move_sequences_past_rows() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def user(django_user_model):
    from members.factories import UserFactory

    return UserFactory()
