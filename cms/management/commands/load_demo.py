from django.core.management.base import BaseCommand
from django.db import transaction

from cms import demo_library, demo_site
from members import demo as members_demo
from members import demo_courses
from members.factories import DEMO_PASSWORD
from projects import demo as projects_demo


class Command(BaseCommand):
    help = "Build the demo alliance (idempotent, fixed seed) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--courses", type=int, default=2000, help="how many demo courses (default 2,000)"
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = members_demo.load(self.stdout)
            members_demo.load_dues(self.stdout)
        demo_courses.load(self.stdout, options["courses"])
        projects_demo.load(self.stdout)
        demo_site.load(self.stdout)
        with transaction.atomic():
            demo_library.load(self.stdout)  # after the projects: its campaign belongs to one
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, what in logins:
            self.stdout.write(f"  {email:<40} {what}")
        self.stdout.write(
            "Site: http://127.0.0.1:8000/  CMS admin: http://127.0.0.1:8000/cms-admin/"
        )
