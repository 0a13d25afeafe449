"""Erase the people officers confirmed for deletion at the retention review. Run daily (cron or a systemd
timer); see docs/deploy.md."""

from django.core.management.base import BaseCommand

from coproduce.people import imports
from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services


class Command(BaseCommand):
    help = "Erase people confirmed for deletion at the retention review, and remove stale uploaded imports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many people are waiting to be erased."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            waiting = people_selectors.marked_for_erasure().count()
            self.stdout.write(f"{waiting} people are confirmed for deletion (nothing erased: dry run).")
            return
        erased = people_services.erase_marked()
        removed = imports.sweep_pending()
        self.stdout.write(f"Erased {erased} people; removed {removed} uploaded imports nobody confirmed.")
