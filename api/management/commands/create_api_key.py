from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiKeyScope
from api.services import api_key_create
from members.models import Institution, User


class Command(BaseCommand):
    help = "Issue a partner API key and print it once."

    def add_arguments(self, parser):
        parser.add_argument("owner_email")
        parser.add_argument("name")
        parser.add_argument("--institution", help="slug: the key may write its courses")
        parser.add_argument("--days", type=int, default=365, help="validity (default 365)")

    def handle(self, owner_email, name, institution=None, days=365, **options):
        owner = User.objects.filter(email=owner_email).first()
        if owner is None:
            raise CommandError(f"No user with the email {owner_email}.")
        scopes = [ApiKeyScope.READ]
        if institution:
            institution = Institution.objects.filter(slug=institution).first()
            if institution is None:
                raise CommandError("No institution with that slug.")
            scopes.append(ApiKeyScope.WRITE_COURSES)
        key, raw = api_key_create(
            owner=owner,
            name=name,
            institution=institution,
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=days),
        )
        self.stdout.write(
            f"{raw}\n(shown once; prefix {key.prefix}, scopes {', '.join(key.scopes)})"
        )
