"""Import, export and retention in the browser: an officer uploads a spreadsheet with problems, reads the
report, uploads a good one and imports it, and reviews records past the retention period. axe runs on
every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.people.models import Person
from tests.people.transfer_support import contact, csv_text, make_person

from .support import screenshot, sign_in, submit, visit

pytestmark = pytest.mark.browser


def choose_file(page, text: str, name: str = "contacts.csv") -> None:
    page.locator("main").get_by_label("Upload a CSV file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )


def test_an_officer_imports_a_spreadsheet_after_checking_it(page, person):
    officer, device = person(Role.OFFICER)
    make_person(email="imported3@example.test")
    sign_in(page, officer, device=device)
    visit(page, reverse("people_manage:import"))
    main = page.locator("main")

    submit(page, main.get_by_role("button", name="Upload and check"))
    assert page.title().startswith("Error: ")
    assert "Select a CSV file" in main.inner_text()

    rows = [contact(1), contact(2, Email="not-an-email", **{"Lived experience": "Astrology"}), contact(3)]
    choose_file(page, csv_text(rows))
    submit(page, main.get_by_role("button", name="Upload and check"))
    text = main.inner_text()
    assert "Check the import" in text
    assert "Email is not a valid address" in text
    assert "Unknown lived-experience area ‘Astrology’" in text
    assert "Already in the directory (same email address)" in text
    assert main.get_by_role("button", name="Import").count() == 0
    screenshot(page, "people-import-preview-problems")

    submit(page, main.get_by_role("link", name="Upload a different file"))
    choose_file(page, csv_text([contact(1), contact(2)]))
    submit(page, main.get_by_role("button", name="Upload and check"))
    submit(page, main.get_by_role("button", name="Import 2 people"))
    assert "2 people imported." in page.locator("body").inner_text()
    assert Person.objects.filter(registered_by=officer).count() == 2


def test_an_officer_reviews_records_past_the_retention_period(page, person):
    officer, device = person(Role.OFFICER)
    long_ago = timezone.localdate() - datetime.timedelta(days=4 * 365)
    quiet = make_person(full_name="Quinn Quiet", last_involved_at=long_ago)
    kept = make_person(full_name="Kim Kept", last_involved_at=long_ago)
    sign_in(page, officer, device=device)
    visit(page, reverse("people_manage:retention"))
    main = page.locator("main")
    assert "Quinn Quiet" in main.inner_text()
    screenshot(page, "people-retention-list")

    submit(page, main.get_by_role("button", name="Confirm deletion of selected"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Select Quinn Quiet").check()
    submit(page, main.get_by_role("button", name="Confirm deletion of selected"))
    assert "Waiting to be erased (1)" in main.inner_text()
    quiet.refresh_from_db()
    assert quiet.marked_for_erasure_at is not None

    submit(page, main.get_by_role("link", name="Review Kim Kept"))
    main.get_by_label("Keep it: they are still in touch").check()
    main.get_by_label("Note (optional)").fill("Met them at the carers' café")
    submit(page, main.get_by_role("button", name="Save decision"))
    kept.refresh_from_db()
    assert kept.retention_reviewed_at is not None
    assert "No records are due for review." in main.inner_text()
