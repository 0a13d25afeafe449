"""Debian's Chromium, driven by plain Playwright (never a downloaded browser), against the live server."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from tests.conftest import restore_data_from_migrations
from tests.factories import UserFactory

from .support import start_live_server

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from the tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A fixed secret, so a failing sign-in can be replayed by hand with any authenticator.
TOTP_KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (installs Debian's chromium package).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server (same name, so its per-test database handling still applies), serving the
    static files with a lifetime (support.StaticFilesTheBrowserKeeps)."""
    server = start_live_server()
    yield server
    server.stop()


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[CALL_FAILED] = True
    return report


@pytest.fixture
def site_url(live_server):
    """The address of the site the browser opens: pytest-django's live server, on a database emptied after
    each test. A module that shares one load of data between its tests gives its own (test_reflow.py)."""
    return live_server.url


@pytest.fixture
def new_context(request, browser, site_url):
    """Make browser contexts on the site. Every page loaded in them must be checked with axe
    (support.check_accessibility) before the next page loads; the test fails otherwise."""
    contexts = []
    unchecked = []
    policy_violations = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=site_url, **options)
        # Long enough for a loaded CI machine (a 15 s wait once ran out on a page opened at load average 19);
        # a test that passes never waits for it, and a real hang still fails.
        context.set_default_timeout(30_000)
        context.javascript = options.get("java_script_enabled", True)

        def watch(page):
            page.pending_check = None

            def loaded(_):
                if page.pending_check:
                    unchecked.append(page.pending_check)
                page.pending_check = page.url

            page.on("load", loaded)
            page.on(
                "console",
                lambda message: (
                    "Content Security Policy" in message.text
                    and policy_violations.append(f"{page.url}: {message.text}")
                ),
            )
            page.on("close", lambda _: page.pending_check and unchecked.append(page.pending_check))

        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if not request.node.stash.get(CALL_FAILED, False):  # a failed test already says what went wrong
        assert not unchecked, f"pages loaded without an accessibility check: {unchecked}"
        assert not policy_violations, "Content-Security-Policy violations:\n" + "\n".join(policy_violations)


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def person():
    """Make a user with these roles and, when their roles require it, a confirmed authenticator device."""

    def make(*roles, **kwargs):
        user = UserFactory(roles=list(roles), **kwargs)
        device = None
        if user.requires_two_factor:
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator app", key=TOTP_KEY, confirmed=True
            )
        return user, device

    return make


@pytest.fixture(autouse=True)
def _data_from_migrations(transactional_db):
    """Live-server tests empty the database after each test, taking with it what data migrations loaded:
    put it back before each test."""
    restore_data_from_migrations()
