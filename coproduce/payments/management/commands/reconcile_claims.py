"""Find attendance someone should be paid for that has no claim, and make the claims (idempotent)."""

from django.core.management.base import BaseCommand

from coproduce.payments import selectors, services


class Command(BaseCommand):
    help = (
        "Make the missing payment claims of attendance recorded without one (e.g. when a process stopped "
        "between two commits before claims were written with attendance). Safe to run again: a second run "
        "finds nothing more to do. --dry-run only lists what it would make."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the attendance, change nothing.")
        parser.add_argument("--limit", type=int, default=None, help="At most this many in one run.")

    def handle(self, *args, dry_run=False, limit=None, **options):
        if dry_run:
            rows = selectors.attendance_without_claim()
            rows = list(rows[:limit] if limit else rows)
            for attendance in rows:
                self.stdout.write(f"Would make: {_describe(attendance)}")
            self.stdout.write(f"{len(rows)} attendance record(s) with no claim.")
            return
        done = services.reconcile_claims(limit=limit)
        for claim in done.made:
            self.stdout.write(
                f"Made claim {claim.pk}: {claim.person.display_name}, {_meeting(claim.meeting)}"
            )
        for attendance in done.failed:
            self.stderr.write(f"Still failing: {_describe(attendance)} (see the log for the error)")
        self.stdout.write(
            f"Made {len(done.made)} claim(s); {len(done.failed)} still failing; "
            f"{done.nothing_to_do} needed nothing."
        )
        if done.failed:
            raise SystemExit(1)


def _meeting(meeting) -> str:
    return f"{meeting.title} on {meeting.starts_at:%-d %B %Y}"


def _describe(attendance) -> str:
    return f"attendance {attendance.pk}: {attendance.person.display_name}, {_meeting(attendance.meeting)}"
