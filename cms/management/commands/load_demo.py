from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import demo_images, demo_library, demo_programmes, demo_site
from members import demo as members_demo
from members import demo_courses
from members.factories import DEMO_PASSWORD
from projects import demo as projects_demo

# The demo sends invitations, confirmations and receipts: only to backends that deliver nothing.
SAFE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


class Command(BaseCommand):
    help = "Build the demo alliance (idempotent, fixed seed) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--courses", type=int, default=2000, help="how many demo courses (default 2,000)"
        )
        parser.add_argument(
            "--allow-email",
            action="store_true",
            help="load even though EMAIL_URL sends real email (the demo sends hundreds)",
        )

    def handle(self, *args, **options):
        if settings.EMAIL_BACKEND not in SAFE_EMAIL_BACKENDS and not options["allow_email"]:
            raise CommandError(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: the demo would send hundreds of "
                "emails to made-up addresses. Use EMAIL_URL=consolemail:// or --allow-email."
            )
        with transaction.atomic():
            logins = members_demo.load(self.stdout)
            members_demo.load_dues(self.stdout)
        demo_courses.load(self.stdout, options["courses"])
        projects_demo.load(self.stdout)
        members_demo.load_impact(self.stdout)
        demo_site.load(self.stdout)
        with transaction.atomic():
            demo_library.load(self.stdout)  # after the projects: its campaign belongs to one
            demo_programmes.load(self.stdout)  # after the events, the Declaration, the library
        demo_images.load(self.stdout)  # after the pages it illustrates
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, what in logins:
            self.stdout.write(f"  {email:<40} {what}")
        self.stdout.write(
            "Site: http://127.0.0.1:8000/  CMS admin: http://127.0.0.1:8000/cms-admin/"
        )
