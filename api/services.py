"""Writes of api/: partner keys, idempotent writes (webhooks are in api.webhooks)."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status

from alliance.audit import log_action
from api.models import ApiKey, ApiKeyScope, IdempotentRequest

IDEMPOTENCY_TTL = timedelta(hours=24)


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("A request with this Idempotency-Key is still being processed.")


class IdempotencyMismatch(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was used for another request.")


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


class KeyRevoked(Exception):
    """The key was revoked already (by another click, person or command)."""


def api_key_revoke(*, key: ApiKey, actor) -> ApiKey:
    """Revoke `key` at once; a key revoked already keeps its first revocation (no new entry)."""
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            log_action(actor, "api.key.revoked", key, {"name": key.name})
    return key


def api_key_rotate(*, key: ApiKey, actor) -> tuple[ApiKey, str]:
    """Replace `key` by a new one with the same owner, institution, scopes and expiry, and revoke
    it; returns (new key, raw key), the raw key shown once. A revoked key is refused."""
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            raise KeyRevoked
        prefix, raw = ApiKey.generate()
        new = ApiKey.objects.create(
            owner=key.owner,
            name=key.name,
            institution=key.institution,
            prefix=prefix,
            key_hash=ApiKey.hash(raw),
            scopes=key.scopes,
            expires_at=key.expires_at,
        )
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log_action(actor, "api.key.rotated", key, {"name": key.name, "new_prefix": new.prefix})
    return new, raw


def idempotent_write(
    *, api_key: ApiKey, key: str, method: str, path: str, body: bytes, write: Callable
) -> HttpResponse:
    """Run `write()` (which returns a rendered HttpResponse) once per key and API key: a retry
    within 24 hours gets the stored answer, the same key with another request a 422, and a
    retry while the first is still running a 409. A failed write leaves the key unused."""
    if len(key) > 255:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("Give a key of at most 255 characters.")]}
        )
    request_hash = hashlib.sha256(body).hexdigest()
    IdempotentRequest.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                api_key=api_key, key=key, method=method, path=path, request_hash=request_hash
            )
    except IntegrityError:
        stored = IdempotentRequest.objects.filter(api_key=api_key, key=key).first()
        if stored is None or stored.status is None:
            raise IdempotencyConflict() from None
        if (stored.method, stored.path, stored.request_hash) != (method, path, request_hash):
            raise IdempotencyMismatch() from None
        replay = HttpResponse(bytes(stored.body), status=stored.status)
        replay["Content-Type"] = stored.content_type
        replay["Idempotent-Replayed"] = "true"
        return replay
    try:
        response = write()
    except BaseException:
        record.delete()
        raise
    if response.status_code >= 400:
        record.delete()
        return response
    record.status = response.status_code
    record.body = response.content
    record.content_type = response.get("Content-Type", "")
    record.save(update_fields=["status", "body", "content_type"])
    return response
