"""Kill the app server in the middle of writes, again and again, and show that nothing acknowledged is lost.

`make durability` (or `DATABASE_URL=postgres://... make durability` for PostgreSQL). Each round starts
gunicorn on a loopback port, sends a bounded burst of writes through the API from four threads (attendance
recorded by the organiser, claims approved by finance, a payment batch made and marked paid), and SIGKILLs
every gunicorn process at a random moment of the burst. Then, with the server dead, it checks the database:

- every write the server acknowledged (a 2xx answer) is there: the attendance status last acknowledged for a
  person and meeting, every approval acknowledged;
- no claim was approved twice, and no claim was paid more than it was owed (the ledger's owed account never
  goes below zero for a claim), so a retried or half-done request cannot pay someone twice;
- the audit trail's keyed hash chain is intact (what verify_audit checks).

It exits non-zero on any problem and prints a line per round. Nothing here is timed: it is a check, not a
benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
RESULTS = BASE_DIR / "bench" / "results" / "durability"
HOST = "127.0.0.1"
WRITERS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coproduce.settings",
        "DJANGO_SECRET_KEY": "durability-only-secret-key-not-for-any-real-site",
        "COPRODUCE_FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktZm9yLWRlbW8tYmFuay1kZXQ=",
        "COPRODUCE_AUDIT_KEY": "durability-only-audit-chain-key",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_DEBUG": "false",
        "COPRODUCE_SECURE_COOKIES": "false",
        "COPRODUCE_ALLOW_PLAIN_HTTP": "true",
        "COPRODUCE_LOG_LEVEL": "WARNING",
        "COPRODUCE_VAR_DIR": str(RESULTS / "var"),
    }
    if not env.get("DATABASE_URL"):
        env["COPRODUCE_SQLITE_PATH"] = str(RESULTS / "durability.sqlite3")
    return env


def prepare(env: dict[str, str], scale: float) -> None:
    """A fresh database with a small demo programme."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    if env.get("COPRODUCE_SQLITE_PATH"):
        for suffix in ("", "-wal", "-shm"):
            Path(env["COPRODUCE_SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    else:
        from django.db import connection

        if "durability" not in connection.settings_dict["NAME"]:
            raise SystemExit("The durability check empties its database: use one whose name says durability.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    demo = [*manage, "load_demo", "--scale", str(scale), "--seed", "11", "--not-production"]
    subprocess.run(demo, env=env, check=True, stdout=subprocess.DEVNULL)


def tokens() -> dict[str, str]:
    """API tokens for the demo officer and finance approver (staff: tied to their demo authenticator)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from coproduce.accounts.models import User
    from coproduce.api.services import create_token
    from demo.logins import DEMO_LOGIN_BY_ROLE

    made = {}
    for role in ("officer", "finance_approver"):
        user = User.objects.get(email=DEMO_LOGIN_BY_ROLE[role].email)
        user.otp_device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        user.is_verified = lambda: True
        _, made[role] = create_token(user, name=f"durability {role}", expiry_days=1)
    return made


def work_items() -> tuple[list[tuple[int, int]], list[int]]:
    """(meeting, person) pairs to record attendance for, and claims waiting for finance approval."""
    from django.utils import timezone

    from coproduce.meetings.models import Registration
    from coproduce.payments.models import Claim

    registrations = (
        Registration.objects.filter(meeting__starts_at__lt=timezone.now(), meeting__cancelled_at__isnull=True)
        .order_by("-meeting__starts_at", "id")
        .values_list("meeting_id", "person_id")[:400]
    )
    claims = Claim.objects.filter(status="checked").order_by("id").values_list("id", flat=True)[:200]
    return list(registrations), list(claims)


class Burst:
    """Writes sent through the API; what the server acknowledged is kept for the checks."""

    def __init__(self, port: int, keys: dict[str, str], attendance: list, claims: list, rng: random.Random):
        self.refused: dict[str, int] = defaultdict(int)
        self.base = f"http://{HOST}:{port}"
        self.keys = keys
        self.attendance = attendance
        self.claims = claims
        self.rng = rng
        self.lock = threading.Lock()
        self.acknowledged_status: dict[tuple[int, int], str] = {}
        self.acknowledged_approvals: set[int] = set()
        self.acknowledged_batches: list[int] = []
        self.sent = 0
        self.stop = threading.Event()

    def post(self, path: str, role: str, body: dict | None = None) -> dict | None:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body or {}).encode(),
            headers={"Authorization": f"Token {self.keys[role]}", "Content-Type": "application/json"},
            method="POST",
        )
        with self.lock:
            self.sent += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
                return json.loads(response.read() or b"{}") if 200 <= response.status < 300 else None
        except urllib.error.HTTPError as error:  # a refusal (4xx): not acknowledged, and nothing to check
            with self.lock:
                self.refused[f"{error.code} {path.split('/')[2]}"] += 1
            return None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, json.JSONDecodeError):
            return None  # the server was killed mid-request: not acknowledged

    def writer(self, number: int) -> None:
        for step in itertools.count():
            if self.stop.is_set():
                return
            choice = (number + step) % 3
            if choice < 2 and self.attendance:
                meeting, person = self.rng.choice(self.attendance)
                status = self.rng.choice(["present", "absent"])
                if self.post(
                    f"/api/meetings/{meeting}/attendance/", "officer", {"person": person, "status": status}
                ):
                    with self.lock:
                        self.acknowledged_status[(meeting, person)] = status
            elif self.claims:
                with self.lock:
                    claim = self.claims.pop() if self.claims else None
                if claim is None:
                    continue
                if self.post(f"/api/payments/claims/{claim}/approve/", "finance_approver") is not None:
                    with self.lock:
                        self.acknowledged_approvals.add(claim)
                if step % 7 == 0:
                    batch = self.post("/api/payments/batches/", "finance_approver")
                    if batch and batch.get("id"):
                        paid = {"paid_on": time.strftime("%Y-%m-%d")}
                        if self.post(f"/api/payments/batches/{batch['id']}/paid/", "finance_approver", paid):
                            with self.lock:
                                self.acknowledged_batches.append(batch["id"])


def start_server(env: dict[str, str], port: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "coproduce.wsgi:application", "--bind", f"{HOST}:{port}",
        "--workers", "2", "--threads", "2", "--timeout", "30",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=log, stderr=log, start_new_session=True)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health/", timeout=2):  # noqa: S310 - loopback only
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {log.name}") from None
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer /health/; see {log.name}")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the master and every worker at once: no graceful shutdown, no chance to finish a request."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def overpaid_claims() -> set[int]:
    """Claims whose owed account is below zero: an overpayment a correction found (to be paid back)."""
    from django.db.models import Sum

    from coproduce.payments.models import LedgerEntry

    rows = (
        LedgerEntry.objects.filter(account="owed")
        .values("claim_id")
        .annotate(owed=Sum("credit") - Sum("debit"))
    )
    return {row["claim_id"] for row in rows if row["owed"] < 0}


def problems_after(burst: Burst, overpaid_before: set[int]) -> list[str]:
    from django.db import connection
    from django.db.models import Count

    from coproduce.audit.models import AuditEvent

    try:
        from coproduce.audit.selectors import verify_chain
    except ImportError:  # before reads moved out of the audit services
        from coproduce.audit.services import verify_chain
    from coproduce.meetings.models import Attendance
    from coproduce.payments.models import Claim

    connection.close()  # read what the killed server committed, not a cached view
    problems = []
    statuses = dict(
        ((m, p), s) for m, p, s in Attendance.objects.values_list("meeting_id", "person_id", "status")
    )
    # A later write to the same row may have been in flight when the server died, so the row must exist; its
    # status may be the acknowledged one or a later one.
    for key in burst.acknowledged_status:
        if statuses.get(key) is None:
            problems.append(f"attendance {key} was acknowledged but is not in the database")
    approved = set(
        Claim.objects.filter(pk__in=burst.acknowledged_approvals)
        .exclude(status__in=["checked", "submitted", "draft", "queried"])
        .values_list("pk", flat=True)
    )
    problems += [
        f"claim {c} approval was acknowledged but lost" for c in burst.acknowledged_approvals - approved
    ]
    twice = (
        AuditEvent.objects.filter(verb="payments.claim_approved")
        .values("object_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    problems += [f"claim {row['object_id']} was approved {row['n']} times" for row in twice]
    problems += [
        f"claim {claim} was paid more than it was owed" for claim in overpaid_claims() - overpaid_before
    ]
    problems += [f"audit trail: {problem}" for problem in verify_chain()]
    problems += [f"ledger totals: {problem}" for problem in ledger_totals_differ()]
    return problems


def ledger_totals_differ() -> list[str]:
    """The totals kept as money is posted (payments.LedgerTotal) against the entries' own sums: a posting cut
    off by the kill must have lost both or neither."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from coproduce.payments.models import LedgerEntry, LedgerTotal

    summed = {
        (row["account"], row["cost_centre"], row["year"]): (row["d"], row["c"])
        for row in LedgerEntry.objects.annotate(year=ExtractYear("posted_on"))
        .values("account", "cost_centre", "year")
        .order_by()
        .annotate(d=Sum("debit"), c=Sum("credit"))
    }
    kept = {
        (t.account, t.cost_centre, t.year): (t.debit_pence, t.credit_pence) for t in LedgerTotal.objects.all()
    }
    problems = []
    for key in summed.keys() | kept.keys():
        debit, credit = summed.get(key, (0, 0))
        expected = (round(debit * 100), round(credit * 100))
        if kept.get(key, (0, 0)) != expected:
            problems.append(f"{key} kept {kept.get(key)} but the entries sum to {expected} (pence)")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--scale", type=float, default=0.5, help="demo programme scale (default 0.5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    env = environment()
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    prepare(env, args.scale)
    keys = tokens()
    overpaid_before = overpaid_claims()  # corrections in the demo, before any kill
    rng = random.Random(args.seed)
    where = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"Durability on {where}: {args.rounds} rounds, SIGKILL during writes from {WRITERS} threads")
    failures = 0
    totals = defaultdict(int)
    with open(RESULTS / "gunicorn.log", "w") as log:
        for round_number in range(1, args.rounds + 1):
            attendance, claims = work_items()
            port = free_port()
            server = start_server(env, port, log)
            burst = Burst(port, keys, attendance, claims, rng)
            with ThreadPoolExecutor(WRITERS) as pool:
                for number in range(WRITERS):
                    pool.submit(burst.writer, number)
                time.sleep(rng.uniform(0.3, 1.5))
                kill(server)
                burst.stop.set()
            problems = problems_after(burst, overpaid_before)
            acknowledged = len(burst.acknowledged_status) + len(burst.acknowledged_approvals)
            totals["sent"] += burst.sent
            totals["acknowledged"] += acknowledged
            totals["batches"] += len(burst.acknowledged_batches)
            print(
                f"round {round_number:2}: {burst.sent:4} writes sent, {acknowledged:4} acknowledged "
                f"({len(burst.acknowledged_approvals)} approvals, "
                f"{len(burst.acknowledged_batches)} batches paid), "
                f"{'OK' if not problems else f'{len(problems)} PROBLEM(S)'}"
            )
            for problem in problems:
                print(f"    {problem}")
            if burst.refused:
                print(
                    "    refused (4xx, not acknowledged): "
                    + ", ".join(f"{k}: {n}" for k, n in burst.refused.items())
                )
            failures += bool(problems)
    print(
        f"{args.rounds} kills: {totals['sent']} writes sent, {totals['acknowledged']} acknowledged, "
        f"{totals['batches']} batches paid; rounds with problems: {failures}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
