"""django-allauth's adapter: the platform's own answers where allauth asks."""

from allauth.account.adapter import DefaultAccountAdapter

from alliance.clientip import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per address like every other limit (see clientip)."""
        return client_address(request)
