from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import AuditEvent
from coproduce.audit.selectors import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain. Exits 0 and prints the number of events when intact; "
        "lists every problem and exits 1 when a row was changed, removed or reordered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-hash",
            metavar="HASH",
            help=(
                "A hash printed by an earlier run (keep a copy somewhere else): fail if that event is no "
                "longer in the trail, which catches the newest events being removed."
            ),
        )

    def handle(self, *args, expect_hash=None, **options):
        problems = verify_chain()
        if expect_hash and not AuditEvent.objects.filter(hash=expect_hash.strip().lower()).exists():
            problems.append(f"the event with hash {expect_hash} is no longer in the trail")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit trail has {len(problems)} problem(s).", returncode=1)
        latest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        self.stdout.write(f"Audit trail intact: {AuditEvent.objects.count()} events")
        if latest:
            self.stdout.write(f"Latest event: {latest[0]}, hash {latest[1]}")
