"""Reads of api/ (partner keys)."""

from django.db.models import QuerySet

from api.models import ApiKey
from api.permissions import can_manage_all_api_keys


def api_keys_for(user) -> QuerySet[ApiKey]:
    """The keys `user` may manage (api.permissions), newest first, in one query."""
    keys = ApiKey.objects.select_related("owner", "institution").order_by("-created_at", "-pk")
    if can_manage_all_api_keys(user):
        return keys
    if not (user.is_authenticated and user.is_active):
        return keys.none()
    return keys.filter(owner=user)
