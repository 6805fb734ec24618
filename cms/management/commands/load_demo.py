from django.core.management.base import BaseCommand
from django.db import transaction

from members import demo as members_demo
from members.factories import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Build the demo alliance (idempotent, fixed seed) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = members_demo.load(self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, what in logins:
            self.stdout.write(f"  {email:<40} {what}")
        self.stdout.write(
            "Site: http://127.0.0.1:8000/  CMS admin: http://127.0.0.1:8000/cms-admin/"
        )
