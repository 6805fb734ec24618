"""The sync feed: creations, updates and deletions of institutions and courses, in (time, id) order.

Each institution and course appears once, at its last change; a deleted, unpublished, private or
suspended one, or one whose institution is out of standing, appears as a deletion (its tombstone,
or its current row), so a partner that applies the feed in order keeps an exact mirror. A course
partners never could read (a draft never published) does not appear; one that became readable
after the cursor is created, as webhooks announce it (members.services). Rows younger than
API_CHANGES_SETTLE_SECONDS are held back, so that a transaction still committing with an earlier
timestamp cannot be skipped by a reader.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, F, Q, UUIDField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from api.exceptions import invalid_state
from api.pagination import decode_cursor
from members.models import Course, Institution, Tombstone
from members.selectors import in_listed_standing, listed_course

INSTITUTION, COURSE, TOMBSTONE = 1, 2, 3


def decode_position(token: str) -> tuple[datetime, int, int]:
    """The feed position a client sends back (`?after=`): a 400 unless it is one this feed gave."""
    at, kind, pk = decode_cursor(token, 3, field="after")
    try:
        parsed = parse_datetime(at) if isinstance(at, str) else None
        parsed = parsed.astimezone(UTC) if parsed and parsed.tzinfo else None
    except (ValueError, OverflowError) as error:  # 2026-02-30, or a year 9999 offset
        raise invalid_state("after") from error
    if parsed is None or kind not in (INSTITUTION, COURSE, TOMBSTONE) or not isinstance(pk, int):
        raise invalid_state("after")
    return parsed, kind, pk


def _after(kind: int, stamp_field: str, cursor) -> Q:
    if cursor is None:
        return Q()
    at, after_kind, after_id = cursor
    if kind > after_kind:
        return Q(**{f"{stamp_field}__gte": at})
    if kind < after_kind:
        return Q(**{f"{stamp_field}__gt": at})
    return Q(**{f"{stamp_field}__gt": at}) | Q(**{stamp_field: at, "pk__gt": after_id})


def changes(*, cursor: tuple[datetime, int, int] | None, limit: int) -> list[dict]:
    settled = timezone.now() - timedelta(seconds=settings.API_CHANGES_SETTLE_SECONDS)
    columns = ["c_at", "c_kind", "pk", "c_key", "c_uuid", "c_created", "c_visible", "c_subject"]
    institutions = (
        Institution.objects.filter(
            _after(INSTITUTION, "modified_at", cursor), modified_at__lt=settled
        )
        .annotate(
            c_at=F("modified_at"),
            c_kind=Value(INSTITUTION),
            c_key=F("slug"),
            c_uuid=Value(None, output_field=UUIDField()),
            c_created=F("created_at"),
            c_visible=Case(
                When(in_listed_standing(), is_public=True, suspended_at=None, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            c_subject=Value("institution", output_field=CharField()),
        )
        .order_by()
        .values_list(*columns)
    )
    courses = (
        Course.objects.filter(
            listed_course() | Q(listed_at__isnull=False),
            _after(COURSE, "modified_at", cursor),
            modified_at__lt=settled,
        )
        .annotate(
            c_at=F("modified_at"),
            c_kind=Value(COURSE),
            c_key=F("slug"),
            c_uuid=F("uuid"),
            c_created=Coalesce("listed_at", "created_at"),
            c_visible=Case(
                When(listed_course(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            c_subject=Value("course", output_field=CharField()),
        )
        .order_by()
        .values_list(*columns)
    )
    tombstones = (
        Tombstone.objects.filter(_after(TOMBSTONE, "deleted_at", cursor), deleted_at__lt=settled)
        .annotate(
            c_at=F("deleted_at"),
            c_kind=Value(TOMBSTONE),
            c_key=F("key"),
            c_uuid=F("uuid"),
            c_created=F("deleted_at"),
            c_visible=Value(False, output_field=BooleanField()),
            c_subject=F("kind"),
        )
        .order_by()
        .values_list(*columns)
    )
    rows = institutions.union(courses, tombstones, all=True).order_by("c_at", "c_kind", "pk")[
        :limit
    ]
    since = cursor[0] if cursor else None
    result = []
    for at, kind, pk, key, uuid, created, visible, subject in rows:
        if not visible:
            operation = "deleted"
        elif since is None or created > since:  # the cursor's own row was read already
            operation = "created"
        else:
            operation = "updated"
        result.append(
            {
                "kind": subject,
                "operation": operation,
                "key": key,
                "uuid": uuid,
                "at": at,
                "cursor": (at, kind, pk),
            }
        )
    return result
