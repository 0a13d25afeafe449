from django.core.management.base import BaseCommand, CommandError

from coproduce.people.census import CensusDataMissing, census_dir, load_census


class Command(BaseCommand):
    help = (
        "Load the Census 2021 comparison baseline from the CSV files in shared/data/census-2021 beside the "
        "repository (or COPRODUCE_CENSUS_DIR). Replaces what was loaded before, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="folder", help=f"Folder of census CSV files (default {census_dir()})."
        )

    def handle(self, *args, folder=None, **options):
        try:
            result = load_census(folder)
        except CensusDataMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.figures} census figures from {result.files} files in {result.folder}."
            )
        )
