from django.core.management.base import BaseCommand

from cms import demo_locale


class Command(BaseCommand):
    help = (
        "Write the English texts of the loaded demo content into cms/demo_locale/<lang>/"
        "LC_MESSAGES/demo.po (msgid = English), keeping the translations already there."
    )

    def handle(self, *args, **options):
        empty = demo_locale.write_catalogs(demo_locale.demo_strings())
        for language, count in empty.items():
            self.stdout.write(f"{language}: {count} texts still to translate")
