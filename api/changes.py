"""The sync feed: creations, updates and deletions of institutions and courses, in commit order.

It reads members.CatalogChange, which database triggers fill on every write of an institution, a
course or what a course embeds (whatever code wrote it), and whose positions are given at commit
in commit order: a reader never sees a position while a smaller one is still to come, so no
transaction, however long, is skipped. Each institution and course appears once, at its last
change, as it is now: readable by partners (`created` or `updated`) or not (`deleted`: deleted,
unpublished, private, suspended, out of standing, or moved to another slug), so a partner that
applies the feed in order keeps an exact mirror. A course never published is never mentioned.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime

from api.exceptions import invalid_state
from api.pagination import decode_cursor, encode_cursor
from members.models import CatalogChange
from members.selectors import public_institutions, published_courses


def decode_position(token: str) -> tuple[int, datetime]:
    """The feed position a client sends back (`?after=`): a 400 unless it is one this feed gave."""
    position, at = decode_cursor(token, 2, field="after")
    try:
        parsed = parse_datetime(at) if isinstance(at, str) else None
        parsed = parsed.astimezone(UTC) if parsed and parsed.tzinfo else None
    except (ValueError, OverflowError) as error:  # 2026-02-30, or a year 9999 offset
        raise invalid_state("after") from error
    if parsed is None or not isinstance(position, int) or position < 0:
        raise invalid_state("after")
    return position, parsed


def own_writes_readable() -> None:
    """Positions are given at commit; a reader inside a transaction that wrote (a test, a
    script) gives its own changes theirs now, so that it reads what it wrote."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    outermost = connection.atomic_blocks[0]  # the setting lasts as long as the transaction
    if getattr(connection, "catalog_positions_now", None) is not outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS members_catalogchange_position IMMEDIATE")
        connection.catalog_positions_now = outermost


def changes(*, cursor: tuple[int, datetime] | None, limit: int) -> list[dict]:
    own_writes_readable()
    after, since = cursor or (0, None)
    last = (
        CatalogChange.objects.filter(position__gt=after)
        .values("kind", "key")
        .annotate(last=Max("position"))
        .order_by("last")
        .values_list("last", flat=True)[:limit]
    )
    entries = list(CatalogChange.objects.filter(position__in=list(last)).order_by("position"))
    keys = {kind: [e.key for e in entries if e.kind == kind] for kind in ("course", "institution")}
    readable = {
        "course": dict(
            published_courses()
            .filter(slug__in=keys["course"])
            .values_list("slug", Coalesce("listed_at", "created_at"))
        ),
        "institution": dict(
            public_institutions()
            .filter(slug__in=keys["institution"])
            .values_list("slug", "created_at")
        ),
    }
    result = []
    for entry in entries:
        created = readable[entry.kind].get(entry.key)
        if created is None:
            operation = "deleted"
        elif since is None or created > since:
            operation = "created"
        else:
            operation = "updated"
        result.append(
            {
                "kind": entry.kind,
                "operation": operation,
                "key": entry.key,
                "uuid": entry.uuid,
                "at": entry.at,
                "cursor": encode_cursor([entry.position, entry.at.isoformat()]),
            }
        )
    return result
