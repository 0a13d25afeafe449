"""Keep the board body and the board-member role in step with board terms that start or run out on their own.
Run daily (cron or a systemd timer); see docs/deploy.md. Safe to run more often."""

from django.core.management.base import BaseCommand

from coproduce.programme import services


class Command(BaseCommand):
    help = "Give the board body and role to terms starting today; take them from terms that ran out."

    def handle(self, *args, **options):
        looked_at = services.sync_board_terms()
        self.stdout.write(f"Looked at {looked_at} board terms.")
