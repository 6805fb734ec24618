"""Fast on slow connections: compressed pages and API, static files cached for good."""

import gzip

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.cms.conftest import event, events_index, home  # noqa: F401

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_for_browsers_that_ask(client, events_index):  # noqa: F811
    path = event(events_index, "Annual Forum").url

    plain = client.get(path)
    packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content)
    assert b"Annual Forum" in html
    assert len(packed.content) < len(plain.content) / 3


def test_production_static_files_are_hashed_compressed_and_immutable(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_DIRS = [django_settings.BASE_DIR / "alliance" / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("css/site.css")
    assert url.startswith("/static/css/site.") and url != "/static/css/site.css"
    assert (tmp_path / url.removeprefix("/static/")).with_suffix(".css.gz").exists()
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse("not static"))

    response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))

    assert response.status_code == 200
    assert response["Content-Encoding"] in {"gzip", "br"}
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    unhashed = middleware(RequestFactory().get("/static/css/site.css"))
    assert "immutable" not in unhashed.get("Cache-Control", "")
