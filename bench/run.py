"""Page latency and throughput under gunicorn, beside a bare Django view (`make bench`; see bench/README.md).

Builds a fresh database (SQLite under bench/results/, or DATABASE_URL when set), loads the demo programme at a
large scale, serves it with gunicorn on a free loopback port, signs in as the demo officer and administrator
(password and two-factor code, like a person would), then sends a bounded number of requests to each key page
from a few threads and prints a Markdown table (also written to bench/results/latest.md).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import API, PAGES, bench_environment  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
HOST = "127.0.0.1"


# --- A small HTTP client: keep-alive connection, cookies, forms -------------------------------------------


class FormParser(HTMLParser):
    """Collects each <form> on a page with its inputs (name, type, value)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "inputs": [],
                }
            )
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["inputs"].append(
                {
                    "name": attrs["name"],
                    "type": (attrs.get("type") or "text").lower(),
                    "value": attrs.get("value") or "",
                }
            )


@dataclass
class Response:
    status: int
    headers: dict
    body: str

    def forms(self) -> list[dict]:
        parser = FormParser()
        parser.feed(self.body)
        return parser.forms


@dataclass
class Browser:
    port: int
    cookies: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)

    def __post_init__(self):
        self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> Response:
        headers = {"Host": f"{HOST}:{self.port}", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # gunicorn closes keep-alive connections left idle for a few seconds (while other threads
            # waited on a slow page); that is not the page failing, so reconnect once and ask again.
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        payload = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, payload)

    def get(self, path: str, *, follow: bool = True) -> tuple[Response, str]:
        response = self.request("GET", path)
        for _ in range(10):
            if not (follow and response.status in (301, 302, 303) and "location" in response.headers):
                break
            path = (
                urlsplit(urljoin(path, response.headers["location"]))._replace(scheme="", netloc="").geturl()
            )
            response = self.request("GET", path)
        return response, path

    def submit(self, page: Response, page_path: str, form: dict, values: dict) -> tuple[Response, str]:
        data = {i["name"]: i["value"] for i in form["inputs"] if i["type"] in ("hidden", "text", "email")}
        data.update(values)
        action = urljoin(page_path, form["action"] or page_path)
        response = self.request("POST", action, data)
        if response.status in (301, 302, 303):
            return self.get(urljoin(action, response.headers["location"]))
        return response, action


def find_form(page: Response, predicate) -> dict | None:
    return next((form for form in page.forms() if form["method"] == "post" and predicate(form)), None)


def input_named(form: dict, *names: str) -> str | None:
    return next((i["name"] for i in form["inputs"] if i["name"] in names), None)


# --- Signing in as a demo account ---------------------------------------------------------------------------


def current_code(key: bytes, *, not_at: int | None = None) -> tuple[str, int]:
    from django_otp.oath import TOTP

    totp = TOTP(key)
    if not_at is not None:
        # Each code works once per device: wait for the next 30-second step.
        while totp.t() == not_at:
            time.sleep(0.5)
            totp = TOTP(key)
    return f"{totp.token():06d}", totp.t()


def sign_in(port: int, email: str, password: str, totp_key: bytes, *, back_office: bool = True) -> Browser:
    browser = Browser(port)
    page, path = browser.get("/account/sign-in/")
    form = find_form(page, lambda f: any(i["type"] == "password" for i in f["inputs"]))
    if form is None:
        raise SystemExit(f"No sign-in form at {path} (status {page.status}).")
    email_field = input_named(form, "email", "username")
    password_field = next(i["name"] for i in form["inputs"] if i["type"] == "password")
    page, path = browser.submit(page, path, form, {email_field: email, password_field: password})
    used_step = None
    for _attempt in range(2):
        form = find_form(page, lambda f: input_named(f, "code", "otp_token", "token") is not None)
        if form is None:
            break
        code, used_step = current_code(totp_key, not_at=used_step)
        page, path = browser.submit(page, path, form, {input_named(form, "code", "otp_token", "token"): code})
    if not back_office:
        return browser
    manage, manage_path = browser.get("/manage/")
    if manage.status != 200 or not manage_path.startswith("/manage/"):
        raise SystemExit(
            f"Signing in as {email} did not reach /manage/ (ended at {manage_path}, {manage.status})."
        )
    return browser


TOKEN_NAME = "Benchmark"


def revoke_earlier_tokens(email: str) -> None:
    """Revoke the tokens earlier runs made for `email` (through the service, audited): a database kept
    between runs would otherwise reach the limit of tokens per account and the next run could not sign in."""
    from coproduce.api.models import ApiToken
    from coproduce.api.services import revoke_token

    earlier = ApiToken.objects.filter(name=TOKEN_NAME, auth_token__user__email=email)
    for token in earlier.select_related("auth_token__user"):
        revoke_token(token, actor=token.auth_token.user)


def create_api_token(browser: Browser) -> str:
    page, path = browser.get("/account/api-tokens/")
    form = find_form(page, lambda f: f["action"].endswith("/create/"))
    if form is None:
        raise SystemExit("No create-token form on /account/api-tokens/.")
    result, _ = browser.submit(page, path, form, {"name": TOKEN_NAME})
    match = re.search(r'id="api-token">([^<]+)<', result.body)
    if not match:
        raise SystemExit(f"No token on the token result page (status {result.status}).")
    return match.group(1)


# --- Load ---------------------------------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    path: str
    cookies: dict
    headers: dict


@dataclass
class Result:
    label: str
    path: str
    latencies: list[float]
    errors: int
    seconds: float

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def hammer(
    port: int, target: Target, *, requests: int, concurrency: int, max_seconds: float, warmup: int
) -> Result:
    """Send up to `requests` GETs from `concurrency` threads (one keep-alive connection each), for at most
    `max_seconds`, after `warmup` unmeasured requests."""
    browsers = [
        Browser(port, cookies=dict(target.cookies), headers=dict(target.headers)) for _ in range(concurrency)
    ]
    for index in range(max(warmup, concurrency)):
        browsers[index % concurrency].request("GET", target.path)
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + max_seconds

    def worker(browser: Browser):
        nonlocal issued, errors
        while True:
            with lock:
                if issued >= requests or time.monotonic() > deadline:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                ok = browser.request("GET", target.path).status == 200
            except (OSError, http.client.HTTPException):
                browser.connection.close()
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += not ok

    threads = [threading.Thread(target=worker, args=(browser,)) for browser in browsers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(target.label, target.path, latencies, errors, time.monotonic() - started)


# --- Server ------------------------------------------------------------------------------------------------


# Away from the ports people run servers on by hand (8000, 8100-8199), so a benchmark and a development
# server on one machine do not meet.
PORT_RANGE = (8300, 8400)


def free_port() -> int:
    for port in range(*PORT_RANGE):
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port between {PORT_RANGE[0]} and {PORT_RANGE[1] - 1}.")


def run(command: list[str], env: dict, **kwargs) -> None:
    print("$", " ".join(command[1:] if command[0] == sys.executable else command), flush=True)
    subprocess.run(command, env=env, cwd=BASE_DIR, check=True, **kwargs)


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"gunicorn exited early (code {process.returncode}); see bench/results/gunicorn.log"
            )
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/health/", headers={"Host": f"{HOST}:{port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /health/ in time; see bench/results/gunicorn.log")


def markdown(results: list[Result], baseline: Result, context: str) -> str:
    base_p50 = baseline.percentile(50)
    lines = [
        context,
        "",
        "| Page | Path | Requests | Errors | p50 ms | p95 ms | req/s | p50 ÷ bare p50 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        p50, count = result.percentile(50), len(result.latencies)
        lines.append(
            f"| {result.label} | `{result.path}` | {count} | {result.errors} | {p50:.1f} | "
            f"{result.percentile(95):.1f} | {count / result.seconds:.0f} | {p50 / base_p50:.1f}× |"
        )
    return "\n".join(lines) + "\n"


def markdown_of_rounds(rounds: list[list[Result]], context: str) -> str:
    """Each page's median p50, p95 and requests a second over the rounds, and the median of its p95 over the
    bare view's p95 in the same round: one slow moment of the machine moves one round, not the figure."""
    lines = [
        context,
        "",
        "| Page | Path | Requests | Errors | p50 ms | p95 ms | req/s | p95 ÷ bare p95 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for first in rounds[0]:
        # (this page's result, the bare view's p95) of each round that measured it
        same = [
            (result, results[0].percentile(95))
            for results in rounds
            for result in results
            if (result.label, result.path) == (first.label, first.path)
        ]
        count = sum(len(result.latencies) for result, _ in same)
        errors = sum(result.errors for result, _ in same)
        p50 = statistics.median(result.percentile(50) for result, _ in same)
        p95 = statistics.median(result.percentile(95) for result, _ in same)
        rate = statistics.median(len(result.latencies) / result.seconds for result, _ in same)
        ratio = statistics.median(result.percentile(95) / bare for result, bare in same)
        lines.append(
            f"| {first.label} | `{first.path}` | {count} | {errors} | {p50:.1f} | {p95:.1f} | {rate:.0f} | "
            f"{ratio:.1f}× |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=100, help="demo programme scale (default 100: ~36,000 accounts)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        help="years of history the demo loads (default 1; 10 for the ten-year table)",
    )
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page (default 400)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--max-seconds", type=float, default=60, help="time limit per page (default 60)")
    parser.add_argument(
        "--warmup", type=int, default=10, help="unmeasured requests per page first (default 10)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the whole list this many times and report each page's medians (default 1)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the bench database from the last run")
    parser.add_argument(
        "--sqlite", default="", help="use (and keep) this SQLite file instead of bench/results/bench.sqlite3"
    )
    parser.add_argument(
        "--reuse-static", action="store_true", help="keep the static files collected by the last run"
    )
    parser.add_argument(
        "--only", default="", help="only pages whose path or label contains this (the bare view always)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) when a page is skipped, not only when one errs"
    )
    parser.add_argument(
        "--port", type=int, default=0, help=f"gunicorn's port (default: the first free from {PORT_RANGE[0]})"
    )
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **bench_environment(RESULTS / "var")}
    database = env.get("DATABASE_URL", "")
    if database:
        where = "PostgreSQL (DATABASE_URL)" if database.startswith("postgres") else "DATABASE_URL"
    else:
        db_path = Path(args.sqlite).resolve() if args.sqlite else RESULTS / "bench.sqlite3"
        if not (args.reuse_db or args.sqlite):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        env["COPRODUCE_SQLITE_PATH"] = str(db_path)
        where = f"SQLite ({db_path.relative_to(BASE_DIR) if db_path.is_relative_to(BASE_DIR) else db_path})"
    os.environ.update(env)

    import django

    django.setup()
    from coproduce.accounts.models import Role
    from demo.logins import DEMO_LOGIN_BY_ROLE, DEMO_PASSWORD, DEMO_TOTP_KEY

    python = sys.executable
    run([python, "manage.py", "migrate", "--no-input", "-v0"], env)
    started = time.monotonic()
    run(
        [
            python,
            "manage.py",
            "load_demo",
            "--if-empty",
            "--not-production",
            "--scale",
            f"{args.scale:g}",
            "--seed",
            str(args.seed),
            "--years",
            str(args.years),
        ],
        env,
    )
    load_seconds = time.monotonic() - started
    revoke_earlier_tokens(DEMO_LOGIN_BY_ROLE[Role.OFFICER].email)
    if not (args.reuse_static and (BASE_DIR / "bench" / "results" / "static" / "staticfiles.json").exists()):
        run([python, "manage.py", "collectstatic", "--no-input", "-v0"], env)

    port = args.port or free_port()
    log = open(RESULTS / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    gunicorn = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "coproduce.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "30",
            "--no-control-socket",  # several benchmarks (or a real server) may run on one machine
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, gunicorn)
        print(f"gunicorn on {HOST}:{port}, {args.workers} workers × {args.threads} threads", flush=True)
        officer = sign_in(port, DEMO_LOGIN_BY_ROLE[Role.OFFICER].email, DEMO_PASSWORD, DEMO_TOTP_KEY)
        admin = sign_in(port, DEMO_LOGIN_BY_ROLE[Role.ADMINISTRATOR].email, DEMO_PASSWORD, DEMO_TOTP_KEY)
        finance = sign_in(port, DEMO_LOGIN_BY_ROLE[Role.FINANCE_APPROVER].email, DEMO_PASSWORD, DEMO_TOTP_KEY)
        member = sign_in(
            port, DEMO_LOGIN_BY_ROLE[Role.MEMBER].email, DEMO_PASSWORD, DEMO_TOTP_KEY, back_office=False
        )
        evaluator = sign_in(port, DEMO_LOGIN_BY_ROLE[Role.EVALUATOR].email, DEMO_PASSWORD, DEMO_TOTP_KEY)
        token = create_api_token(officer)

        cookies = {"officer": officer.cookies, "administrator": admin.cookies}
        cookies |= {"finance_approver": finance.cookies, "member": member.cookies}
        cookies |= {"evaluator": evaluator.cookies}
        api_headers = {"Authorization": f"Token {token}"}
        targets = [
            Target(page.label, page.path, cookies.get(page.who, {}), api_headers if page.who == API else {})
            for page in PAGES
            if not args.only
            or page.path == "/bench/bare/"
            or args.only in page.path
            or args.only in page.label
        ]
        rounds: list[list[Result]] = []
        skipped: list[str] = []
        for number in range(args.rounds):
            results: list[Result] = []
            for target in targets:
                probe = Browser(port, cookies=dict(target.cookies), headers=dict(target.headers))
                status = probe.request("GET", target.path).status
                if status != 200:
                    if number == 0:
                        skipped.append(f"{target.label} `{target.path}` answered {status}: skipped")
                    continue
                print(f"… {target.label}" + (f" (round {number + 1})" if args.rounds > 1 else ""), flush=True)
                results.append(
                    hammer(
                        port,
                        target,
                        requests=args.requests,
                        concurrency=args.concurrency,
                        max_seconds=args.max_seconds,
                        warmup=args.warmup,
                    )
                )
            rounds.append(results)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()
        log.close()

    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.count()
    context = "\n".join(
        [
            f"# Benchmark {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            "",
            # load_demo --if-empty leaves a database already holding a demo as it was (scale unknown here).
            f"- Data: demo programme at scale {args.scale:g} (seed {args.seed}), unless the database already "
            f"held one: {accounts:,} accounts, load_demo took {load_seconds:.0f}s",
            f"- Database: {where}",
            f"- Server: gunicorn, {args.workers} workers × {args.threads} threads, DEBUG off, on loopback",
            f"- Client: {args.concurrency} threads with keep-alive, up to {args.requests} requests per page "
            f"(limit {args.max_seconds:g}s) after {args.warmup} warm-up requests; "
            f"Python {sys.version.split()[0]}",
            *(f"- {line}" for line in skipped),
        ]
    )
    if args.rounds > 1:
        context += (
            f"\n- Rounds: the whole list measured {args.rounds} times one after the other; each figure is "
            "the median of its rounds (the ratio: each round's p95 over that round's bare p95, then the "
            "median)"
        )
        table = markdown_of_rounds(rounds, context)
    else:
        table = markdown(rounds[0], rounds[0][0], context)
    (RESULTS / "latest.md").write_text(table)
    print()
    print(table)
    print(f"Written to {(RESULTS / 'latest.md').relative_to(BASE_DIR)}")
    if args.strict and skipped:
        print("Pages skipped with --strict:", *skipped, sep="\n  ")
        return 1
    return 1 if any(result.errors for results in rounds for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
