from io import StringIO

import pytest

# Committed in the test database beyond the data migrations' content: the demo website
# (`demo_website`) or the whole demo alliance (`demo_alliance`), while the tests that use it run
# one after another (`pytest_collection_modifyitems`, `pytest_xdist_make_scheduler`).
_committed = {"demo": None}
DEMOS = ("demo_website", "demo_alliance")
# The files whose tests use a demo run in one worker, the demo loaded once for all of them.
DEMO_FILES = {
    "tests/cms/test_demo_site.py",
    "tests/cms/test_images.py",
    "tests/security/test_no_500.py",
    "tests/cms/test_fallbacks.py",
    "tests/cms/test_load_demo.py",
    "tests/e2e/test_look.py",
}
# The data migrations' content of each test database (home pages, locales, ISCED-F fields,
# platforms, the secretariat group), taken once the database is migrated: on PostgreSQL a copy
# of each filled table in the schema SNAPSHOT, elsewhere Django's serialization.
_migrated = {}
SNAPSHOT = "test_migrated_content"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """pytest-django's test databases, with their migrated content kept (`_migrated`), and put
    back after every transactional test instead of Django's flush.

    A transactional test (live server, real worker) commits; Django's teardown would empty the
    database and the next tests would find no home page. Its teardown here empties what the test
    filled and copies the migrated content back, so every test starts from it. With
    `--reuse-db`, a kept database left otherwise (a run killed mid-way) is refused with the way
    out.
    """
    from django.db import connections
    from django.test import TransactionTestCase
    from wagtail.models import Locale, Page

    with django_db_blocker.unblock():
        kept = django_db_keepdb and not django_db_createdb
        if kept and (not Locale.objects.exists() or Page.objects.filter(depth__gt=2).exists()):
            pytest.exit(
                "The kept test database is not as the migrations left it (a run was "
                "killed mid-way): run once with --create-db.",
                returncode=pytest.ExitCode.USAGE_ERROR,
            )
        for alias in connections:
            _migrated[alias] = take_migrated_content(connections[alias])
        move_sequences_past_rows()
    TransactionTestCase._fixture_teardown = _reset_after_transactional_test
    yield
    with django_db_blocker.unblock():
        if _committed["demo"]:
            restore_migrated_data()


def _reset_after_transactional_test(test_case) -> None:
    """`TransactionTestCase._fixture_teardown`, which would flush: back to the migrated content."""
    restore_migrated_data()
    _committed["demo"] = None


def _filled_tables(cursor, connection, tables: list[str]) -> list[str]:
    quote = connection.ops.quote_name
    cursor.execute(
        " UNION ALL ".join(
            f"(SELECT {number} FROM {quote(table)} LIMIT 1)"  # noqa: S608 (table names)
            for number, table in enumerate(tables)
        )
    )
    return [tables[number] for (number,) in cursor.fetchall()]


def take_migrated_content(connection):
    if connection.vendor != "postgresql":
        return connection.creation.serialize_db_to_string()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        filled = _filled_tables(cursor, connection, tables)
        for table in filled:
            cursor.execute(f"CREATE TABLE {SNAPSHOT}.{quote(table)} AS TABLE {quote(table)}")
    return {"tables": tables, "filled": filled}


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup):
    """Taken early (tests/e2e): while Playwright's event loop runs, Django hands the thread other
    connection objects (asgiref's Local is per-context then)."""
    return _migrated


def _demo_of(item) -> str | None:
    return next((demo for demo in DEMOS if demo in item.fixturenames), None)


def pytest_collection_modifyitems(items):
    """The tests that use the demo website, then those that use the whole demo (the transactional
    ones last: their teardown empties the database), then the others, file by file."""
    files = {}
    for item in items:
        files.setdefault(item.path, len(files))

    def order(item):
        demo = _demo_of(item)
        if demo is None:
            return (3, files[item.path])
        transactional = "live_server" in item.fixturenames
        return (DEMOS.index(demo) + transactional, files[item.path])

    items.sort(key=order)


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's `--dist loadfile`, with DEMO_FILES as one unit (one worker)."""
    from xdist.scheduler import LoadFileScheduling

    class DemoFilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = super()._split_scope(nodeid)
            return "demo" if path in DEMO_FILES else path

    return DemoFilesTogether(config, log)


@pytest.fixture
def demo_alliance(db):
    """The whole demo alliance (as `manage.py load_demo --courses 40`), loaded once for a run of
    tests that use it (`_committed_content`)."""


@pytest.fixture
def _committed_content(request, django_db_blocker):
    """The demo a test uses is loaded and committed before the first of a run of tests that use
    it begins its transaction; each test's changes roll back, and the next test that uses no
    demo starts from the data migrations' content again."""
    wanted = _demo_of(request.node)
    if wanted == _committed["demo"]:
        return
    from django.core.cache import cache
    from django.core.management import call_command

    from cms import demo_site

    request.getfixturevalue("_migrated_data")
    with django_db_blocker.unblock():
        if _committed["demo"]:
            restore_migrated_data()
        if wanted == "demo_website":
            demo_site.load(StringIO())
        elif wanted == "demo_alliance":
            call_command("load_demo", "--courses", "40", stdout=StringIO())
        cache.clear()
    _committed["demo"] = wanted


@pytest.fixture
def _django_db_helper(_committed_content, _django_db_helper):
    """pytest-django's, which opens the test's transaction: after `_committed_content`."""
    return _django_db_helper


def move_sequences_past_rows() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


def restore_migrated_data() -> None:
    """Empty the test databases and put back the data migrations' content (`_migrated`)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections, transaction

    for alias, content in _migrated.items():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            call_command(
                "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
            )
            connection.creation.deserialize_db_from_string(content)
            continue
        quote = connection.ops.quote_name
        # One transaction of DELETEs (no TRUNCATE: its files and CASCADE cost seconds): the
        # foreign keys are checked at its end (Django's are deferrable). The sequences only
        # grow, past the restored ids since the session began (`django_db_setup`).
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            filled = {*_filled_tables(cursor, connection, content["tables"]), *content["filled"]}
            for table in filled:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (table names)
            for table in content["filled"]:
                cursor.execute(
                    f"INSERT INTO {quote(table)} SELECT * FROM {SNAPSHOT}.{quote(table)}"  # noqa: S608
                )
    # The restored content types keep their ids; forget any a rolled-back test cached, whose id
    # the restore may have given to another model (Page.specific would then build the wrong one),
    # and read them all again at once: a lookup that missed the cache later, while a test's
    # fixtures run, would insert a row that the next restore then inserts again.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


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
