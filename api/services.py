"""Writes of api/: partner keys (webhooks are in api.webhooks)."""

from django.utils import timezone

from alliance.audit import log_action
from api.models import ApiKey, ApiKeyScope


def api_key_create(
    *, owner, name: str, institution=None, scopes=(ApiKeyScope.READ,), expires_at=None
) -> tuple[ApiKey, str]:
    """A new key; returns (key, raw key). The raw key is shown once and never stored."""
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        owner=owner,
        name=name,
        institution=institution,
        prefix=prefix,
        key_hash=ApiKey.hash(raw),
        scopes=[str(scope) for scope in scopes],
        expires_at=expires_at,
    )
    log_action(owner, "api.key.created", key, {"name": name, "scopes": key.scopes})
    return key, raw


def api_key_revoke(*, key: ApiKey, actor) -> ApiKey:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    log_action(actor, "api.key.revoked", key, {"name": key.name})
    return key
