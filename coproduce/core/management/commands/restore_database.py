from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into a NEW database: on SQLite a file path that does not "
        "exist yet, on PostgreSQL the name of an empty database (createdb first). Then point the app at it "
        "and run verify_audit (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup to restore")
        parser.add_argument(
            "--into", required=True, help="new SQLite file, or empty PostgreSQL database name"
        )

    def handle(self, *args, file, into, **options):
        try:
            restore(file, into=into)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file} into {into}. Run verify_audit against it before using it.")
