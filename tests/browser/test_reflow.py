"""Every page of every role reflows at 320 CSS pixels (WCAG 2.2 1.4.10); text spacing hides nothing (1.4.12).

Each role of the demo programme signs in through the real form and follows every link it is offered, one page
of each kind (addresses that differ only by an id are one kind), at a 320 × 640 viewport: a page fails when
the document is wider than the screen. Each kind also gets axe once. A sample of pages is then drawn with the
text spacing WCAG 1.4.12 asks for, and no text may be cut off or overlap.

The crawls only read (signing in writes a session, nothing a later crawl looks at), so they share one load of
the demo and a live server of their own (`demo_site`), instead of pytest-django's, which empties the database
after every test. As a `TestOneLoadOf...` class they run one after another on one worker (tests/conftest.py).
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError

from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from tests.conftest import restore_data_from_migrations

from .support import check_accessibility, path_of, sign_in, start_live_server, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
PAGES_PER_ROLE = 120
# Links a crawler must not follow: they end the session, download a file, or are not pages.
NOT_PAGES = re.compile(
    r"sign-out|/export|download|\.csv|\.ics|\.pdf|\.txt|/document|/receipt|/file|/papers/\d+/|api/schema|"
    r"/api/docs/console|django-admin"
)
WIDER_THAN_SCREEN = "document.documentElement.scrollWidth"
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, td, th, label, legend, .govuk-body, .govuk-hint { margin-bottom: 2em !important; }
"""
# Text cut off by a box that hides what does not fit: its content is larger than the box.
CLIPPED_TEXT = """() => [...document.querySelectorAll('main *, header *, footer *')].filter(el => {
  const style = getComputedStyle(el);
  if (!/hidden|clip/.test(style.overflowX + style.overflowY)) return false;
  if (el.closest('.govuk-visually-hidden, [hidden]') || el.getClientRects().length === 0) return false;
  if (el.offsetWidth <= 1 || el.offsetHeight <= 1) return false;  // visually hidden by design
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ': ' + el.innerText.slice(0, 40))
"""
TEXT_SPACING_SAMPLE = 6


def kind_of(path: str) -> str:
    """/meetings/12/reply/?x=1 and /meetings/40/reply/ are one kind of page: /meetings/N/reply/."""
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"/[0-9a-f-]{20,}(?=/|$)", "/U", path.split("?")[0]))


def internal_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [
        h for h in hrefs if h and h.startswith("/") and not h.startswith("//") and not NOT_PAGES.search(h)
    ]


@pytest.fixture(scope="class")
def demo_site(django_db_setup, django_db_blocker):
    """The demo, loaded and committed once for the class and served by a live server of its own; emptied
    after the class (`site_url` opens the database to the server while each test runs)."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--scale", "0.2", "--seed", "5", verbosity=0)
    server = start_live_server()
    yield server.url
    server.stop()
    with django_db_blocker.unblock():
        call_command(
            "flush", interactive=False, verbosity=0
        )  # tests/conftest.py lets it past the audit guard
        restore_data_from_migrations()


@pytest.fixture
def site_url(demo_site):
    return demo_site


@pytest.fixture
def _data_from_migrations():
    """The demo site's database is loaded once for the class and emptied after it, not after each test."""


def sign_in_as(page, login):
    user = get_user_model().objects.get(email=login.email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if login.needs_two_factor else None
    sign_in(page, user, device=device, password=DEMO_PASSWORD)


def crawl(
    page, start: list[str], checked_kinds: set[str], limit: int = PAGES_PER_ROLE
) -> tuple[dict[str, int], list[str]]:
    """Open one page of each kind reachable from `start`: each kind's document width, and the paths opened."""
    widths: dict[str, int] = {}
    opened: list[str] = []
    queue = deque(start)
    while queue and len(widths) < limit:
        path = queue.popleft()
        kind = kind_of(path)
        if kind in widths:
            continue
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            widths[kind] = 0  # a file to download (a resource in another format), not a page
            page.pending_check = None
            continue
        assert response is not None and response.status < 500, f"{path} answered a server error"
        content_type = response.headers.get("content-type", "")
        if response.status >= 400 or "text/html" not in content_type:
            widths[kind] = 0
            page.pending_check = None
            continue
        widths[kind] = page.evaluate(WIDER_THAN_SCREEN)
        opened.append(path_of(page.url))
        if kind in checked_kinds:
            page.pending_check = None  # axe already passed on another page of this kind
        else:
            check_accessibility(page)
            checked_kinds.add(kind)
        queue.extend(link for link in internal_links(page) if kind_of(link) not in widths)
    return widths, opened


# Kinds of page axe has passed in this test process: each kind is checked once, whichever role reaches it
# first (the crawls all run in this one process: see the module docstring).
CHECKED_KINDS: set[str] = set()
# The same at the text spacing samples' desktop width.
CHECKED_KINDS_ON_A_DESKTOP: set[str] = set()
PHONE_START = ["/", "/manage/", "/me/", "/meetings/", "/opportunities/", "/projects/", "/account/"]


@pytest.mark.django_db  # each test in a transaction (its sign-ins are rolled back), the demo committed before
class TestOneLoadOfTheLiveDemo:
    """Every role's crawl, and the text spacing samples, on one load of the demo."""

    @pytest.mark.parametrize(
        "login", (None, *DEMO_LOGINS), ids=lambda login: login.role if login else "anonymous"
    )
    def test_every_page_of_every_role_fits_a_320_pixel_screen(self, new_context, login):
        context = new_context(viewport=PHONE)
        page = context.new_page()
        if login is not None:
            sign_in_as(page, login)
        widths, _ = crawl(page, PHONE_START, CHECKED_KINDS)
        role = login.role if login else "anonymous"
        seen = sum(1 for width in widths.values() if width)
        too_wide = [f"{role} {kind}: {width}px" for kind, width in widths.items() if width > PHONE["width"]]
        context.close()
        assert not too_wide, "pages wider than a 320px screen:\n" + "\n".join(too_wide)
        # The crawl really reached the back office and the member pages, not just the sign-in page.
        assert seen > {"officer": 40, "member": 15}.get(role, 0), (role, seen)
        if role == "member":
            assert "/api/docs/" in widths  # the API reference (footer) meets the same bar as every page

    @pytest.mark.parametrize("role", ["anonymous", "member", "officer"])
    def test_text_spacing_hides_and_overlaps_nothing(self, new_context, role):
        context = new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login = next((item for item in DEMO_LOGINS if item.role == role), None)
        if login is not None:
            sign_in_as(page, login)
        _, opened = crawl(
            page,
            ["/", "/meetings/", "/opportunities/", "/manage/", "/me/"],
            CHECKED_KINDS_ON_A_DESKTOP,
            limit=15,
        )
        assert len(opened) >= TEXT_SPACING_SAMPLE, opened
        problems = []
        for path in opened[:: max(1, len(opened) // TEXT_SPACING_SAMPLE)][:TEXT_SPACING_SAMPLE]:
            visit(page, path)
            # Through the CSS object model, as a reader's style sheet would be: the page's
            # Content-Security-Policy (rightly) refuses an inline <style> element.
            page.evaluate(
                "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
                " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }",
                TEXT_SPACING,
            )
            problems += [f"{path}: {clipped}" for clipped in page.evaluate(CLIPPED_TEXT)]
            if page.evaluate(WIDER_THAN_SCREEN) > 1280:
                problems.append(f"{path}: wider than the screen with text spacing")
        assert not problems, "text cut off with WCAG 1.4.12 text spacing:\n" + "\n".join(problems)
