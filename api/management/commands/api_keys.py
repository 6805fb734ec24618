from django.core.management.base import BaseCommand, CommandError

from api.models import ApiKey
from api.services import KeyRevoked, api_key_revoke, api_key_rotate


class Command(BaseCommand):
    help = "List partner API keys, or revoke or rotate one by its prefix (audited)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="every key with its state and last use")
        listing.add_argument("--owner", help="only the keys of this email")
        for action in ("revoke", "rotate"):
            actions.add_parser(action, help=f"{action} a key").add_argument("prefix")

    def handle(self, action, prefix=None, owner=None, **options):
        if action == "list":
            keys = ApiKey.objects.select_related("owner").order_by("-created_at", "-pk")
            if owner:
                keys = keys.filter(owner__email__iexact=owner)
            for key in keys:
                state = "revoked" if key.revoked_at else "active" if key.is_usable else "expired"
                used = key.last_used_at.isoformat() if key.last_used_at else "never"
                self.stdout.write(f"{key.prefix}\t{state}\t{key.owner.email}\t{used}\t{key.name}")
            return
        key = ApiKey.objects.filter(prefix=prefix).first()
        if key is None:
            raise CommandError(f"No API key with the prefix {prefix}.")
        if action == "revoke":
            api_key_revoke(key=key, actor=None)
            self.stdout.write(f"Revoked {key.prefix}.")
            return
        try:
            new, raw = api_key_rotate(key=key, actor=None)
        except KeyRevoked:
            raise CommandError(f"The key {prefix} is revoked already.") from None
        self.stdout.write(f"{raw}\n(shown once; prefix {new.prefix}; {key.prefix} is revoked)")
