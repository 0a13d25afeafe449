from django.core.management.base import BaseCommand

from coproduce.search import services


class Command(BaseCommand):
    help = "Re-index every searchable record (after a bulk import or restoring a backup)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="only these kinds (e.g. meeting decision)")

    def handle(self, *args, kinds, **options):
        for kind, count in services.rebuild(kinds or None).items():
            self.stdout.write(f"{kind}: {count}")
