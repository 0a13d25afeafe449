from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.core.backups import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file while the app runs: SQLite's online backup, or pg_dump's "
        "custom format on PostgreSQL. Keep it apart from the encryption and audit keys (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args, file, **options):
        try:
            written = back_up(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
