"""The OpenAPI schema's hooks and shared components (drf-spectacular)."""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with `ordering` documented as the view's own choices (OrderingMixin)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        orderings = getattr(self.view, "orderings", None)
        for parameter in (operation or {}).get("parameters", []) if orderings else []:
            if parameter["name"] == "ordering":
                parameter["schema"] = {"type": "string", "enum": sorted(orderings)}
        return operation


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


LANGUAGE_PARAMETERS = [
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": (
            "Language of the reference names (ISCED-F fields, platforms, languages, countries,"
            " regions, levels, pacing): ar, zh-hans, en, fr, ru or es. Before Accept-Language;"
            " any other value is a 400."
        ),
        "schema": {"type": "string", "enum": ["ar", "zh-hans", "en", "fr", "ru", "es"]},
    },
    {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": "Used when `lang` is absent; English when it names none of the six.",
        "schema": {"type": "string"},
    },
]
CONTENT_LANGUAGE = {
    "description": "The language of the names in the answer.",
    "schema": {"type": "string", "enum": ["ar", "zh-hans", "en", "fr", "ru", "es"]},
}


def language_parameters(result, **kwargs):
    """Every operation takes `lang` and Accept-Language, and says Content-Language."""
    for operations in result["paths"].values():
        for operation in operations.values():
            operation.setdefault("parameters", []).extend(LANGUAGE_PARAMETERS)
            for code, response in operation["responses"].items():
                if code.startswith("2") and code != "204":
                    response.setdefault("headers", {})["Content-Language"] = CONTENT_LANGUAGE
    return result
