from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance.admin_access import refuse_posts_with_403
from api import key_admin


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    actions.register_action("api.key.created", _("Create API key"), _("API key created"))
    actions.register_action("api.key.revoked", _("Revoke API key"), _("API key revoked"))
    actions.register_action("api.key.rotated", _("Rotate API key"), _("API key rotated"))
    actions.register_action("api.webhook.created", _("Register webhook"), _("Webhook registered"))
    actions.register_action(
        "api.webhook.secret_rotated", _("Rotate webhook secret"), _("Webhook secret rotated")
    )


@hooks.register("register_admin_urls")
def register_api_key_urls():
    return decorate_urlpatterns(key_admin.urlpatterns, refuse_posts_with_403)


@hooks.register("register_admin_menu_item")
def register_api_key_menu_item():
    return key_admin.menu_item()
