"""What every browser test does on every page: check the response was not a server error and run axe-core."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

AXE_URL = "/static/vendor/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.2 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(
                f"    at {json.dumps(node['target'])}: {' '.join(node.get('failureSummary', '').split())}"
            )
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # From the site's own static files: the Content-Security-Policy refuses inline scripts.
        page.add_script_tag(url=AXE_URL)
    results = page.evaluate(
        "async (tags) => await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


SCRIPT_ELEMENT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


def run_axe_on_scriptless_copy(page: Page, markup: str) -> list[dict]:
    """axe needs timers, which a page without JavaScript does not have: check the same markup (its scripts
    removed, its stylesheets loaded) in a separate page where the injected axe can run."""
    html = SCRIPT_ELEMENT.sub("", markup)
    mirror_context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        mirror = mirror_context.new_page()
        mirror.route(page.url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        mirror.goto(page.url)
        return run_axe(mirror)
    finally:
        mirror_context.close()


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
# Pages axe has passed in this test process: (viewport width, JavaScript on, digest of the markup). The same
# markup at the same width gets the same answer from axe (the style sheet is one file for the whole site), so
# a page seen again exactly as it was (the sign-in page at the start of most tests) is not checked again.
PASSED: set[tuple[int, bool, str]] = set()


def check_accessibility(page: Page) -> None:
    """Run axe-core on the page as it is now and fail listing every WCAG 2.x A/AA violation."""
    javascript = getattr(page.context, "javascript", True)
    markup = CSRF_TOKEN.sub("", page.content())
    seen = (page.viewport_size["width"], javascript, hashlib.sha256(markup.encode()).hexdigest())
    page.pending_check = None  # see the `new_context` fixture
    if seen in PASSED:
        return
    violations = run_axe(page) if javascript else run_axe_on_scriptless_copy(page, markup)
    assert not violations, format_violations(path_of(page.url), violations)
    PASSED.add(seen)


def assert_not_server_error(response: Response | None, what: str) -> None:
    assert response is not None, f"no response for {what}"
    assert response.status < 500, f"{what} answered {response.status}"


def visit(page: Page, url: str, *, expect_status: int | None = 200) -> Response:
    """Open `url`, refuse a server error (and, by default, anything but 200 after redirects), run axe."""
    response = page.goto(url)
    assert_not_server_error(response, url)
    if expect_status is not None:
        assert response.status == expect_status, f"{path_of(url)} answered {response.status}"
    check_accessibility(page)
    return response


def submit(page: Page, button) -> Response:
    """Press a form's submit button, wait for the next page, refuse a server error and run axe on it."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    assert_not_server_error(response, f"submitting the form on {path_of(page.url)}")
    check_accessibility(page)
    return response


def current_code(device) -> str:
    """The six digits an authenticator app would show now for this TOTP device."""
    device.refresh_from_db()
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(token).zfill(device.digits)


TWO_FACTOR_VERIFY = "accounts:two_factor_verify"


def enter_two_factor_code(page: Page, device) -> None:
    main = page.locator("main")
    main.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    submit(page, main.locator("form button[type=submit], form input[type=submit]").first)
    assert not page.url.split("?")[0].endswith(reverse(TWO_FACTOR_VERIFY)), "the two-factor code was refused"


def sign_in(page: Page, user, *, device=None, password: str = PASSWORD) -> None:
    """Sign in through the real form; for roles that need two-factor, type the code on the verify step."""
    visit(page, reverse("accounts:sign_in"))
    main = page.locator("main")
    main.get_by_label("Email address").fill(user.email)
    main.get_by_label("Password", exact=True).fill(password)
    submit(page, main.get_by_role("button", name="Sign in"))
    assert path_of(page.url).split("?")[0] != reverse("accounts:sign_in"), "sign-in was refused"
    if device is None:
        return
    verify_path = reverse(TWO_FACTOR_VERIFY)
    if not path_of(page.url).startswith(verify_path):
        # Two-factor is asked for when the back office is first opened in this session.
        visit(page, reverse("core:manage"))
        assert path_of(page.url).startswith(verify_path), f"expected the two-factor step, got {page.url}"
    enter_two_factor_code(page, device)


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot when COPRODUCE_SCREENSHOT_DIR is set (for a person to look at)."""
    directory = os.environ.get("COPRODUCE_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def links(page: Page, selector: str) -> list[tuple[str, str]]:
    """(text, path) of the links matching `selector`, in page order."""
    found = page.locator(selector).evaluate_all(
        "els => els.map(a => [a.innerText.trim(), a.getAttribute('href')])"
    )
    return [(" ".join(text.split()), href) for text, href in found]


class StaticFilesTheBrowserKeeps(StaticFilesHandler):
    """The site's style sheet and scripts, which the browser may keep for the test's length: without a
    lifetime it asked for them again on every page it opened (three requests more per page, each through
    Django), a third of the time each page took to open."""

    def serve(self, request):
        response = super().serve(request)
        response["Cache-Control"] = "max-age=3600"
        return response


def start_live_server() -> LiveServer:
    """A live server as pytest-django starts one, serving the static files with StaticFilesTheBrowserKeeps."""
    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost", start=False)
    server.thread.static_handler = StaticFilesTheBrowserKeeps
    server.start()
    return server
