import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coproduce.accounts.models import User
from demo.generators import load


def positive_scale(value: str) -> float:
    scale = float(value)
    if scale <= 0:
        raise ValueError("scale must be more than 0")
    return scale


class Command(BaseCommand):
    help = (
        "Fill an empty database with the fictional Wyvernshire demo programme. The same --seed gives the "
        "same data; --scale multiplies the population (1: about 360 accounts; 100: about 36,000)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=positive_scale, default=1.0, help="Population multiplier (default 1)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--years",
            type=int,
            choices=range(1, 21),
            default=1,
            metavar="{1..20}",
            help="Years of meetings, claims, payments and their audit events before this week (default 1).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has accounts."
        )
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="Load even with DEBUG off (the benchmark does). The demo password is published: never use "
            "this on a database real people use.",
        )

    def handle(self, *args, scale, seed, if_empty, not_production, years=1, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or not_production):
            raise CommandError(
                "The demo accounts share a published password and two-factor secret, so load_demo runs only "
                "with DJANGO_DEBUG=true, or with --not-production for a throwaway database."
            )
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database already has accounts: demo programme not loaded.")
                return
            raise CommandError(
                "The database already has accounts. load_demo fills an empty database "
                "(use --if-empty to skip quietly)."
            )
        started = time.monotonic()
        ctx = load(seed=seed, scale=scale, years=years)
        made = ", ".join(f"{count:,} {what}" for what, count in ctx.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the {settings.COPRODUCE['PROGRAMME_NAME']} demo (seed {seed}, scale {scale:g}, "
                f"{years} year{'s' if years > 1 else ''}): "
                f"{made}, {ctx.audit.written:,} audit events in {time.monotonic() - started:.1f}s."
            )
        )
        self.stdout.write("Sign in with `manage.py demo_logins`.")
