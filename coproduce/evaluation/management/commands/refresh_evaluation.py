from django.core.management.base import BaseCommand

from coproduce.evaluation.tasks import refresh_evaluation_summaries, send_due_surveys


class Command(BaseCommand):
    help = (
        "Nightly: work out the evaluation's summary rows again (diversity of every group, computed "
        "indicators) and send the default survey for meetings held and projects closed lately."
    )

    def handle(self, *args, **options):
        result = refresh_evaluation_summaries.enqueue()
        self.stdout.write(f"Queued the refresh of evaluation figures ({result.id}).")
        result = send_due_surveys.enqueue()
        self.stdout.write(f"Queued the surveys due after meetings and project closes ({result.id}).")
