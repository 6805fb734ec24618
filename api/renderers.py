import io
from decimal import Decimal

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

from alliance.exports import write_csv


def _default(value):
    if isinstance(value, Decimal | Promise):
        return str(value)
    raise TypeError


class JSONRenderer(BaseRenderer):
    """JSON with orjson (several times faster than the standard library on large lists)."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


def _text(value) -> str:
    """A scalar as a cell: booleans as true/false, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _identifier(item: dict):
    return item.get("slug") or item.get("code")


def flat_columns(name: str, value) -> dict[str, str]:
    """The CSV columns of one API field, in text only (never a Python repr):

    - a list of scalars, or of objects with a slug or code: one cell, joined with "; ";
    - a list of other objects (a course's runs): numbered columns, `run_1_starts_at`, ...;
    - an object (an institution's description per language): `description_en`, ...
    """
    if isinstance(value, dict):
        return {f"{name}_{key}": _text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) and not _identifier(item) for item in value):
            singular = name.removesuffix("s")
            return {
                f"{singular}_{number}_{key}": _text(field)
                for number, item in enumerate(value, 1)
                for key, field in item.items()
            }
        return {
            name: "; ".join(
                _text(_identifier(item) if isinstance(item, dict) else item) for item in value
            )
        }
    return {name: _text(value)}


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class CsvRenderer(BaseRenderer):
    """Lists as CSV for spreadsheets: one row per item in flat columns (see flat_columns), the
    header always (from the serializer when the page is empty), UTF-8 with a byte-order mark,
    cells made formula-safe by alliance.exports. Errors stay problem documents in JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        if response is not None and response.status_code >= 400:
            return JSONRenderer().render(data)
        rows = data.get("results", []) if isinstance(data, dict) else data
        view = context.get("view")
        fields = list(rows[0]) if rows else list(view.get_serializer().fields)
        groups = {name: {} for name in fields}  # each field's columns, in order, over the page
        flat_rows = []
        for row in rows:
            flat = {}
            for name in fields:
                columns = flat_columns(name, row.get(name))
                groups[name].update(dict.fromkeys(columns))
                flat.update(columns)
            flat_rows.append(flat)
        header = [column for name in fields for column in (groups[name] or [name])]
        out = io.StringIO()
        write_csv(out, header, ([flat.get(column, "") for column in header] for flat in flat_rows))
        return out.getvalue().encode(self.charset)


class MoochubRenderer(JSONRenderer):
    media_type = "application/vnd.api+json"
    format = "moochub"
