from django.core.management.base import BaseCommand

from coproduce.training.tasks import refresh_training_report


class Command(BaseCommand):
    help = "Work out the training report's figures again (people trained, feedback scores, co-trainers' pay)."

    def handle(self, *args, **options):
        result = refresh_training_report.enqueue()
        self.stdout.write(f"Queued the refresh of the training report's figures ({result.id}).")
