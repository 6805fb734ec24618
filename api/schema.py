"""The OpenAPI schema's hooks and shared components (drf-spectacular)."""

from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


def public_api_only(endpoints, **kwargs):
    """The OpenAPI schema covers the partner API, not the admin APIs of Wagtail or plugins."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document: every error of the API (application/problem+json)."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    instance = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.JSONField(required=False, help_text="Messages per parameter or field.")


def formats(serializer, *, csv: bool = False, code: int = 200) -> dict:
    """A catalog answer in each of its formats: JSON as the serializer says, schema.org JSON-LD
    as an object (its shape is schema.org's), and CSV (lists only) as text."""
    answers = {(code, "application/json"): serializer, (code, "application/ld+json"): JSON_LD}
    if csv:
        answers[(code, "text/csv")] = CSV
    return answers


JSON_LD = OpenApiTypes.OBJECT
CSV = OpenApiTypes.STR
