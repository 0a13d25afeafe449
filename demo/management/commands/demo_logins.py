from django.core.management.base import BaseCommand
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import Role, User
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, demo_totp_secret_base32


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class Command(BaseCommand):
    help = (
        "Print the demo sign-ins: role, email, password and, for back-office roles, the current "
        "two-factor code."
    )

    def handle(self, *args, **options):
        users = {u.email: u for u in User.objects.filter(email__in=[login.email for login in DEMO_LOGINS])}
        if not users:
            self.stdout.write("No demo accounts in this database. Load them with `manage.py load_demo`.")
            return
        devices = {
            d.user_id: d
            for d in TOTPDevice.objects.filter(user__in=users.values(), confirmed=True).order_by("id")
        }
        labels = dict(Role.choices)
        rows = [("Role", "Email", "Password", "Two-factor code")]
        for login in DEMO_LOGINS:
            user = users.get(login.email)
            if user is None:
                continue
            device = devices.get(user.pk)
            code = current_code(device) if device else "-"
            rows.append((labels[login.role], login.email, DEMO_PASSWORD, code))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (fictional accounts; the password is the same for all):")
        for index, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(
            "Two-factor codes change every 30 seconds and each can be used once: run `manage.py demo_logins` "
            "again for a fresh one."
        )
        self.stdout.write(
            f"Or add the demo secret {demo_totp_secret_base32()} to an authenticator app "
            "(time-based, 6 digits)."
        )
