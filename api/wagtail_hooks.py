from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance.admin_access import refuse_posts_with_403
from alliance.audit import register
from api import key_admin

# Each entry's message carries its details: the key's name and scopes, the webhook's address.
LOG_ACTIONS = {
    "api.key.created": (_("Create API key"), _("API key created")),
    "api.key.revoked": (_("Revoke API key"), _("API key revoked")),
    "api.key.rotated": (_("Rotate API key"), _("API key rotated")),
    "api.webhook.created": (_("Register webhook"), _("Webhook registered")),
    "api.webhook.secret_rotated": (_("Rotate webhook secret"), _("Webhook secret rotated")),
}
AUDIT_FIELDS = {"new_prefix": (_("New key's prefix"), None)}


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        register(actions, action, label, message, AUDIT_FIELDS)


@hooks.register("register_admin_urls")
def register_api_key_urls():
    return decorate_urlpatterns(key_admin.urlpatterns, refuse_posts_with_403)


@hooks.register("register_admin_menu_item")
def register_api_key_menu_item():
    return key_admin.menu_item()
