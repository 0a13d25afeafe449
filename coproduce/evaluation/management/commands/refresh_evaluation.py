from django.core.management.base import BaseCommand

from coproduce.evaluation.tasks import refresh_evaluation_summaries


class Command(BaseCommand):
    help = "Work out the evaluation's summary rows again (diversity of every group, computed indicators)."

    def handle(self, *args, **options):
        result = refresh_evaluation_summaries.enqueue()
        self.stdout.write(f"Queued the refresh of evaluation figures ({result.id}).")
