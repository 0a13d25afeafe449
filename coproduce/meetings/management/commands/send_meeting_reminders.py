"""Email reminders for meetings coming up. Run daily (cron or a systemd timer); see docs/deploy.md.
Safe to run more often: nobody gets the same reminder twice."""

from django.conf import settings
from django.core.management.base import BaseCommand

from coproduce.meetings import services


class Command(BaseCommand):
    help = "Queue reminder emails for meetings starting within COPRODUCE['MEETING_REMINDER_DAYS'] days."

    def handle(self, *args, **options):
        sent = services.send_due_reminders()
        days = settings.COPRODUCE["MEETING_REMINDER_DAYS"]
        self.stdout.write(f"Queued {sent} meeting reminders (meetings in the next {days} days).")
