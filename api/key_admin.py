"""API keys in the Wagtail admin: the secretariat sees every key, an owner their own; each can
be revoked or rotated (the new key shown once), with its last use (api.permissions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from api import permissions, selectors, services
from api.models import ApiKey


def key_list(request):
    keys = selectors.api_keys_for(request.user)
    if not permissions.can_manage_all_api_keys(request.user) and not keys.exists():
        raise PermissionDenied
    return render(
        request,
        "api/admin/api_keys.html",
        {"keys": keys, "all_keys": permissions.can_manage_all_api_keys(request.user)},
    )


def _key(request, pk) -> ApiKey:
    key = get_object_or_404(ApiKey.objects.select_related("owner"), pk=pk)
    if not permissions.can_manage_api_key(request.user, key):
        raise PermissionDenied
    return key


@require_POST
def key_revoke(request, pk):
    key = services.api_key_revoke(key=_key(request, pk), actor=request.user)
    messages.success(request, _("The key %(key)s is revoked.") % {"key": key})
    return redirect("api_keys")


@require_POST
def key_rotate(request, pk):
    try:
        new, raw = services.api_key_rotate(key=_key(request, pk), actor=request.user)
    except services.KeyRevoked:
        messages.error(request, _("This key was revoked already: it cannot be rotated."))
        return redirect("api_keys")
    # Wagtail's admin views are never cached (Cache-Control: no-store): the key is not kept.
    return render(request, "api/admin/api_key_rotated.html", {"key": new, "raw": raw})


urlpatterns = [
    path("api-keys/", key_list, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", key_revoke, name="api_key_revoke"),
    path("api-keys/<int:pk>/rotate/", key_rotate, name="api_key_rotate"),
]


class ApiKeysMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.api_keys_for(request.user).exists()


def menu_item():
    return ApiKeysMenuItem(
        gettext_lazy("API keys"), reverse("api_keys"), icon_name="key", order=9100
    )
