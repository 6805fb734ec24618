from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from members.permissions import lacks_required_totp

# Setting up two-factor authentication (and signing out) must stay reachable.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/i18n/")


class RequireTwoFactorForSecretariatMiddleware:
    """Secretariat staff and superusers can use nothing else until their TOTP is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and lacks_required_totp(user)
        ):
            messages.warning(
                request,
                _("Secretariat accounts must use two-factor authentication. Set it up now."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
