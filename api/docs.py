"""/api/docs/: the partner API's reference, rendered on the server from the OpenAPI schema in
the site's layout (its language and direction, no JavaScript). /api/schema/ is the same schema
for tools."""

import functools

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def reference() -> dict:
    """The schema's operations grouped by tag, in the schema's order (built once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups: dict[str, list] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            groups.setdefault((operation.get("tags") or ["api"])[0], []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "type": parameter.get("schema", {}).get("type", ""),
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": sorted(operation.get("requestBody", {}).get("content", {})),
                    "responses": [
                        (status, response.get("description", ""))
                        for status, response in operation["responses"].items()
                    ],
                    "key_required": {} not in operation.get("security", [{}]),
                }
            )
    return {"info": schema["info"], "groups": sorted(groups.items())}


def api_docs(request):
    return render(request, "api/docs.html", reference())
