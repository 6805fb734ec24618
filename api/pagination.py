"""Keyset (cursor) pagination on a stable unique ordering."""

import base64
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.exceptions import invalid_state

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 1000


def encode_cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, length: int, field: str = "cursor") -> list:
    """The `length` values of a cursor this API handed out: strings, 64-bit integers or null.

    Anything else (too long, hence never nested deep enough to exhaust the parser; not base64,
    not JSON, nested, a float such as 1e400) is a 400.
    """
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid_state(field)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid_state(field) from error
    if not isinstance(values, list) or len(values) != length:
        raise invalid_state(field)
    if not all(value is None or type(value) is str or _bigint(value) for value in values):
        raise invalid_state(field)
    return values


def _bigint(value) -> bool:
    return type(value) is int and -(2**63) <= value < 2**63


def page_size(request) -> int:
    raw = request.query_params.get("page_size", DEFAULT_PAGE_SIZE)
    try:
        size = int(raw)
    except (TypeError, ValueError) as error:
        raise ValidationError({"page_size": [_("Give a whole number.")]}) from error
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [_("Give a page size from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )
    return size


def after(keyset: list[str], values: list) -> Q:
    """Rows strictly after `values` in the order of `keyset` ("-field" descends)."""
    names = [field.lstrip("-") for field in keyset]
    condition = Q()
    for index, field in enumerate(keyset):
        lookup = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{names[index]}__{lookup}": values[index]})
        for previous, value in zip(names[:index], values[:index], strict=True):
            step &= Q(**{previous: value})
        condition |= step
    return condition


class KeysetPagination(BasePagination):
    """`?cursor=<opaque>&page_size=<1..1000>`; ordering by the view's `keyset` (unique last)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.keyset = request, view.keyset
        self.size = page_size(request)
        cursor = request.query_params.get("cursor")
        try:
            if cursor:
                values = decode_cursor(cursor, len(self.keyset))
                queryset = queryset.filter(after(self.keyset, values))
            rows = list(queryset.order_by(*self.keyset)[: self.size + 1])
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as error:
            # A value the keyset's field cannot take (a date out of range, a word for an id).
            raise invalid_state("cursor") from error
        self.has_next = len(rows) > self.size
        self.rows = rows[: self.size]
        return self.rows

    def next_cursor(self) -> str | None:
        if not self.has_next:
            return None
        last = self.rows[-1]
        values = []
        for field in self.keyset:
            value = getattr(last, field.lstrip("-"))
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        return encode_cursor(values)

    def get_paginated_response(self, data):
        cursor = self.next_cursor()
        url = self.request.build_absolute_uri()
        next_url = replace_query_param(url, "cursor", cursor) if cursor else None
        return Response(
            {"next": next_url, "next_cursor": cursor, "results": data},
            # RFC 8288, for clients that cannot read the body's links (a CSV download).
            headers={"Link": f'<{next_url}>; rel="next"'} if next_url else None,
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "next_cursor": {"type": "string", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "The `next_cursor` of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default 100).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
