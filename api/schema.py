def public_api_only(endpoints, **kwargs):
    """The OpenAPI schema covers the partner API, not the admin APIs of Wagtail or plugins."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
