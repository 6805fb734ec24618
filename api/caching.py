"""HTTP validators for the catalog: a cheap version instead of running the list query."""

import hashlib
import math
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_http_date_safe

from api.languages import requested_language
from members.models import CatalogChange
from projects.models import Project

VERSION_KEY = "api:catalog-version"
VARY = ("Accept", "Accept-Encoding", "Accept-Language")


def catalog_version() -> tuple[str, float | None]:
    """The catalog's version, from the cache (kept API_VERSION_CACHE_SECONDS, dropped by every
    write through the models' signals), else from the database."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _catalog_version_from_database()
        cache.set(VERSION_KEY, version, settings.API_VERSION_CACHE_SECONDS)
    return version


def forget_catalog_version() -> None:
    cache.delete(VERSION_KEY)


def _catalog_version_from_database() -> tuple[str, float | None]:
    """One query of three index lookups: the change log's last position (every committed write
    of an institution, a course or a deletion, members.CatalogChange), its last row (this
    transaction's own writes, whose positions come at commit) and the projects' latest change.
    """
    change, project = CatalogChange._meta.db_table, Project._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(position) FROM {change}), (SELECT MAX(id) FROM {change}),"  # noqa: S608
            f" (SELECT at FROM {change} WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1),"
            f" (SELECT at FROM {change} ORDER BY id DESC LIMIT 1),"
            f" (SELECT MAX(modified_at) FROM {project})"
        )
        position, last_id, *stamps = cursor.fetchone()
    stamps = [parse_datetime(s) if isinstance(s, str) else s for s in stamps]
    present = [stamp for stamp in stamps if stamp is not None]
    last = max(present) if present else None
    return f"{position}|{last_id}|{stamps[2]}", last.timestamp() if last else None


class LastModified(NamedTuple):
    """Last-Modified of a version: the end of the second of its last change once that second
    is over (`closed`: no later version can then have the same one), else provisionally the
    second itself, which no If-Modified-Since is trusted with."""

    seconds: int
    closed: bool

    @classmethod
    def of(cls, last_change: float | None) -> "LastModified | None":
        if last_change is None:
            return None
        end = math.floor(last_change) + 1
        return cls(end, True) if time.time() >= end else cls(end - 1, False)


def validators(request, version: str, last_change: float | None) -> tuple[str, LastModified | None]:
    """A weak ETag of everything the representation depends on: the catalog version, the full
    URL (the links in a page are absolute, and every query parameter counts), the negotiated
    format (the Accept header) and the language of the names; and the Last-Modified."""
    accept = request.META.get("HTTP_ACCEPT", "")
    raw = f"{version}|{request.build_absolute_uri()}|{accept}|{requested_language(request)}"
    etag = f'W/"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'
    return etag, LastModified.of(last_change)


def conditional(request, etag: str, last_modified: LastModified | None):
    """A 304 response when the client's copy is current, else None: If-None-Match compares the
    ETag; If-Modified-Since alone must equal the current version's closed Last-Modified, so a
    second change within one second is never answered 304."""
    response = get_conditional_response(request, etag=etag)
    if response is None and "HTTP_IF_NONE_MATCH" not in request.META:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        if last_modified and last_modified.closed and since == last_modified.seconds:
            response = HttpResponseNotModified()
    return response


def stamp(response, etag: str, last_modified: LastModified | None):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.seconds)
    patch_vary_headers(response, VARY)
    return response
