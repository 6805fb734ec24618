from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiKey
from members.permissions import lacks_required_totp

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`; the request acts as the key's owner, within its scopes."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{KEYWORD} "):
            return None
        raw = header[len(KEYWORD) + 1 :].strip()
        key = (
            ApiKey.objects.select_related("owner", "institution__membership")
            .filter(key_hash=ApiKey.hash(raw))
            .first()
        )
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if not key.is_usable:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not key.owner.is_active:
            raise exceptions.AuthenticationFailed(_("The owner of this API key is inactive."))
        if lacks_required_totp(key.owner):
            raise exceptions.AuthenticationFailed(
                _(
                    "The owner of this API key must use two-factor authentication: the key works"
                    " again once it is turned on."
                )
            )
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return key.owner, key

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Api-Key <key>`",
        }
