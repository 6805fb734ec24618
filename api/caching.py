"""HTTP validators for the catalog: a cheap version instead of running the list query."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from members.models import Course, Institution, Tombstone
from projects.models import Project

VERSION_KEY = "api:catalog-version"


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
    """One query of four index lookups: the latest change of courses, institutions, projects,
    tombstones.

    Every write bumps one of them (a course's modified_at, an institution's, a project's, or a
    tombstone for a deletion), so the version changes whenever any list or detail could.
    """
    course, institution, project, tombstone = (
        m._meta.db_table for m in (Course, Institution, Project, Tombstone)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(modified_at) FROM {course}),"  # noqa: S608
            f" (SELECT MAX(modified_at) FROM {institution}),"
            f" (SELECT MAX(modified_at) FROM {project}),"
            f" (SELECT MAX(deleted_at) FROM {tombstone})"
        )
        stamps = [parse_datetime(s) if isinstance(s, str) else s for s in cursor.fetchone()]
    present = [stamp for stamp in stamps if stamp is not None]
    last = max(present) if present else None
    return "|".join(map(str, stamps)), last.timestamp() if last else None


def validators(request, version: str, last_modified: float | None) -> tuple[str, float | None]:
    accept = request.META.get("HTTP_ACCEPT", "")
    raw = f"{version}|{request.get_full_path()}|{accept}"
    return f'"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"', last_modified


def conditional(request, etag: str, last_modified: float | None):
    """A 304 response when the client's copy is current, else None."""
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified) if last_modified else None
    )


def stamp(response, etag: str, last_modified: float | None):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Vary"] = "Accept, Accept-Encoding"
    return response
