"""The cms migrations run backwards and forwards again: their data migrations are reversible."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, Site

from cms.models import HomePage, NewsIndexPage
from tests.cms.conftest import home_page, publish


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite changes no table inside a transaction"
)
@pytest.mark.django_db
def test_migrate_cms_zero_then_migrate_builds_the_home_pages_again():
    """In the test's transaction, which rolls it all back. Constraints are checked at once:
    PostgreSQL drops no table with checks still pending."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    publish(home_page(), NewsIndexPage(title="News", slug="news"))

    call_command("migrate", "cms", "zero", verbosity=0)
    assert "cms_homepage" not in connection.introspection.table_names()
    assert list(Page.objects.values_list("depth", flat=True)) == [1]  # the pages under it went

    call_command("migrate", verbosity=0)
    homes = HomePage.objects.order_by("path")
    languages = [home.locale.language_code for home in homes]
    assert languages == ["en", "ar", "zh-hans", "fr", "ru", "es"]
    assert Site.objects.get(is_default_site=True).root_page_id == homes[0].pk
    assert Page.objects.get(depth=1).numchild == 6
    assert not Page.objects.filter(depth__gt=2).exists()
