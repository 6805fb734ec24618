from io import StringIO

import pytest

# Committed in the test database beyond the data migrations' content: the demo website, while
# tests that use `demo_website` run one after another (`pytest_runtest_setup`).
_committed = {"demo_website": False}


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Transactional tests (live server, real worker) restore the data the migrations made:
    home pages, ISCED-F fields, platforms, the secretariat group. (Autouse: pytest-django looks
    for this fixture's name.)"""
    return True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """pytest-django's test databases, with `--reuse-db` kept in their migrated state.

    A transactional test's teardown empties the database, and the demo website stays committed
    while its tests run (`_committed_content`); the next run with `--reuse-db` would serialize
    that as the migrations' content and restore it into every test. So the run puts the data
    migrations' content back before it ends, and a kept database left otherwise (a run killed
    mid-way) is refused with the way out.
    """
    from wagtail.models import Locale, Page

    if django_db_keepdb and not django_db_createdb:
        with django_db_blocker.unblock():
            if not Locale.objects.exists() or Page.objects.filter(depth__gt=2).exists():
                pytest.exit(
                    "The kept test database is not as the migrations left it (a run was "
                    "killed mid-way): run once with --create-db.",
                    returncode=pytest.ExitCode.USAGE_ERROR,
                )
    yield
    if django_db_keepdb:
        from django.db import connections

        migrated = {
            alias: connections[alias]._test_serialized_contents
            for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")
        }
        with django_db_blocker.unblock():
            if migrated and (_committed["demo_website"] or not Locale.objects.exists()):
                restore_migrated_data(migrated)


def pytest_collection_modifyitems(items):
    """In each file, the tests that use the demo website first, so that it is loaded once."""
    files = {}
    for item in items:
        files.setdefault(item.path, len(files))
    items.sort(key=lambda item: (files[item.path], "demo_website" not in item.fixturenames))


@pytest.fixture
def _committed_content(request, django_db_blocker):
    """The demo website (cms.demo_site) is loaded and committed before the first of a run of
    tests that use `demo_website` begins its transaction; each test's changes roll back, and the
    next test that does not use it starts from the data migrations' content again."""
    wanted = "demo_website" in request.fixturenames
    if wanted == _committed["demo_website"]:
        return
    from django.core.cache import cache
    from wagtail.models import Locale

    from cms import demo_site

    migrated = request.getfixturevalue("_migrated_data")
    with django_db_blocker.unblock():
        if not wanted or not Locale.objects.exists():
            restore_migrated_data(migrated)
        if wanted:
            demo_site.load(StringIO())
        cache.clear()
    _committed["demo_website"] = wanted


@pytest.fixture
def _django_db_helper(_committed_content, _django_db_helper):
    """pytest-django's, which opens the test's transaction: after `_committed_content`."""
    return _django_db_helper


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup, django_db_blocker):
    """The data migrations' content of each test database, as pytest-django serialized it.

    Taken once, early: while Playwright's event loop runs (tests/e2e), Django hands the thread
    other connection objects (asgiref's Local is per-context then), which do not carry the
    serialization, so Django's own `serialized_rollback` restore silently does nothing.
    pytest-django serializes only for a session with transactional tests; without them, no test
    has committed anything yet, and the default database is serialized here.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    default = connections[DEFAULT_DB_ALIAS]
    if not hasattr(default, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            default._test_serialized_contents = default.creation.serialize_db_to_string()
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _restore_migrated_data(request):
    """Every database test starts from the data migrations' content (the home pages, locales,
    ISCED-F fields, platforms, the secretariat group).

    - `django_db(serialized_rollback=True)`: restored here rather than by Django (see
      `_migrated_data`), after a flush that skips post_migrate: a previous transactional test's
      flush re-runs the post_migrate handlers (the "Secretariat" group), whose rows would clash
      with the serialized ones.
    - Other tests in a transaction (the `django_db` mark or the `db` fixture): xdist may run them
      after a transactional test of the same process, whose teardown emptied the database; then
      the content is restored inside the test's transaction.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    options = marker.kwargs if marker else {}
    from wagtail.models import Locale

    migrated = request.getfixturevalue("_migrated_data")
    if options.get("serialized_rollback"):
        if not migrated:
            pytest.fail("The test database was not serialized: is pytest-django's DB set up?")
        request.getfixturevalue("transactional_db")
    elif options.get("transaction") or "live_server" in request.fixturenames:
        return
    else:
        # Serialized only when the session has transactional tests, the ones that empty it.
        request.getfixturevalue("_django_db_helper")
        if not migrated or Locale.objects.exists():
            return
    restore_migrated_data(migrated)


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


def restore_migrated_data(migrated: dict) -> None:
    """Empty the test databases and put back the data migrations' content (`_migrated_data`)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    for alias, contents in migrated.items():
        call_command(
            "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
        )
        connections[alias].creation.deserialize_db_from_string(contents)
    # The restored content types keep their ids; forget any a rolled-back test cached, whose id
    # the restore may have given to another model (Page.specific would then build the wrong one),
    # and read them all again at once: a lookup that missed the cache later, while Django restores
    # a transactional test's data, would insert a row that the restore then inserts again.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
    move_sequences_past_rows()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def user(django_user_model):
    from members.factories import UserFactory

    return UserFactory()


@pytest.fixture(autouse=True)
def _fresh_catalog_reads():
    """A rolled-back test's writes leave the public catalog's cached reads behind: forget them."""
    from django.core.cache import cache

    from members.signals import CATALOG_GENERATION_KEY

    cache.delete(CATALOG_GENERATION_KEY)
