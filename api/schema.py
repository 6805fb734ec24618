def public_api_only(endpoints, **kwargs):
    """The OpenAPI schema documents the partner API, not the admin APIs of Wagtail or its plugins."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
