"""The pages the benchmark measures and who asks for them, shared by `bench/run.py` (under gunicorn) and
`bench/inprocess.py` (in one process), plus the environment both run the product with."""

from __future__ import annotations

import atexit
import datetime
from dataclasses import dataclass
from pathlib import Path

# Roles that ask for pages: "anyone" (signed out), "api" (the officer's API token), or a demo role.
ANYONE, API = "anyone", "api"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    who: str  # ANYONE, API, or a demo role name ("officer", "administrator", "finance_approver", "member")


def published_report_year() -> int:
    """The last annual report the demo publishes (a year runs April to March)."""
    today = datetime.date.today()
    return today.year - 1 if today.month >= 4 else today.year - 2


PAGES = (
    Page("Bare Django view", "/bench/bare/", ANYONE),
    Page("Home (signed out)", "/", ANYONE),
    Page("Sign-in page", "/account/sign-in/", ANYONE),
    Page("Home (officer)", "/", "officer"),
    Page("Your account (officer)", "/account/", "officer"),
    Page("Manage home (officer)", "/manage/", "officer"),
    Page("Audit log (administrator)", "/manage/audit/", "administrator"),
    Page("Accounts list (administrator)", "/manage/accounts/", "administrator"),
    Page("People directory (officer)", "/manage/people/", "officer"),
    Page("People: name search", "/manage/people/?q=ash", "officer"),
    Page("People: two filters, page 20", "/manage/people/?format=easy_read&contact=yes&page=20", "officer"),
    Page("Network equality profile", "/manage/people/equality/", "officer"),
    Page("Your profile (member)", "/me/", "member"),
    Page("API /me (token)", "/api/me/", API),
    Page("Projects (public list)", "/projects/", ANYONE),
    Page("Opportunities (public list)", "/opportunities/", ANYONE),
    Page("Your meetings (member)", "/meetings/", "member"),
    Page("Your payments (member)", "/me/payments/", "member"),
    Page("Projects to manage (officer)", "/manage/projects/", "officer"),
    Page("Opportunities to manage (officer)", "/manage/opportunities/", "officer"),
    Page("Meetings to organise (officer)", "/manage/meetings/", "officer"),
    Page("Claims (finance)", "/manage/payments/claims/", "finance_approver"),
    Page("Payments dashboard (finance)", "/manage/payments/", "finance_approver"),
    Page("API claims (token)", "/api/payments/claims/", API),
    Page("API meetings (token)", "/api/meetings/", API),
    Page("Champions register (officer)", "/manage/network/register/", "officer"),
    Page("Champions' activity (officer)", "/manage/network/activity/", "officer"),
    Page("Programme page (officer)", "/manage/programme/", "officer"),
    Page("Board challenges (officer)", "/manage/board/challenges/", "officer"),
    Page("Evaluation dashboard (evaluator)", "/manage/evaluation/", "evaluator"),
    Page("Diversity against the census (evaluator)", "/manage/evaluation/diversity/", "evaluator"),
    Page("Diversity of everyone involved", "/manage/evaluation/diversity/involved/", "evaluator"),
    Page("Survey results by course (evaluator)", "/manage/evaluation/surveys/?by=course", "evaluator"),
    Page("Annual report (public)", f"/reports/{published_report_year()}/", ANYONE),
    Page("Training courses (public list)", "/training/", ANYONE),
    Page("A training session (officer)", "/manage/training/sessions/1/", "officer"),
    Page("Training report (officer)", "/manage/training/report/", "officer"),
    Page("Search: a common word (officer)", "/search/?q=meeting", "officer"),
    Page("Search: a common word (member)", "/search/?q=meeting", "member"),
    Page("Search: two words (signed out)", "/search/?q=paying+people", ANYONE),
    Page("Handbook page (signed out)", "/handbook/pages/paying-people-on-benefits/", ANYONE),
)


def bench_environment(var_dir: Path) -> dict[str, str]:
    """The product as the benchmark runs it: DEBUG off, benchmark settings (adding the bare view)."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-any-real-site",
        # A fixed, published key: the bench database holds only the demo's fictional bank details.
        "COPRODUCE_FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktZm9yLWRlbW8tYmFuay1kZXQ=",
        "COPRODUCE_AUDIT_KEY": "bench-only-audit-chain-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "false",
        "COPRODUCE_SECURE_COOKIES": "false",
        "COPRODUCE_ALLOW_PLAIN_HTTP": "true",  # gunicorn on loopback, no TLS: production settings otherwise
        "COPRODUCE_LOG_LEVEL": "WARNING",
        "COPRODUCE_VAR_DIR": str(var_dir),
        # As production queues background work (docs/deploy.md): counts a worker makes are read, not made.
        "COPRODUCE_TASKS_BACKEND": "database",
    }


def setup_in_process(var_dir: Path, sqlite: str = "") -> None:
    """Django set up in this process as the benchmark runs it, on `sqlite` when given (test client)."""
    import os

    os.environ.update(bench_environment(var_dir))
    if sqlite:
        os.environ["COPRODUCE_SQLITE_PATH"] = str(Path(sqlite).resolve())
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()


def in_process_clients(client_class) -> dict:
    """A Django test client per role, signed in as the demo account with two-factor verified (no HTTP)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from coproduce.accounts.models import User
    from demo.logins import DEMO_LOGINS

    clients = {ANYONE: client_class()}
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        client = client_class()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        clients[str(login.role)] = client
    from knox.models import AuthToken

    from coproduce.api.models import ApiToken

    officer = User.objects.get(email=next(x.email for x in DEMO_LOGINS if x.role == "officer"))
    instance, token = AuthToken.objects.create(user=officer)
    # A staff token works only while the authenticator it was made with stands (api.authentication).
    device = TOTPDevice.objects.filter(user=officer, confirmed=True).first()
    ApiToken.objects.create(auth_token=instance, name="bench", second_factor=device.persistent_id)
    # Removed on exit: the officer may hold only so many tokens, and run.py makes one through the page.
    atexit.register(instance.delete)
    clients[API] = client_class(headers={"Authorization": f"Token {token}"})
    return clients
