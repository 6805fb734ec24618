from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    actions.register_action("api.key.created", _("Create API key"), _("API key created"))
    actions.register_action("api.key.revoked", _("Revoke API key"), _("API key revoked"))
    actions.register_action("api.webhook.created", _("Register webhook"), _("Webhook registered"))
    actions.register_action(
        "api.webhook.secret_rotated", _("Rotate webhook secret"), _("Webhook secret rotated")
    )
