from django.core.management.base import BaseCommand

from coproduce.notifications import services


class Command(BaseCommand):
    help = "Deliver the queued messages whose wait after a failed attempt is over (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"Retried {services.retry_due()} messages.")
