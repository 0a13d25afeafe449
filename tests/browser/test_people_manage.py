"""The officers' people pages in the browser: the directory with filters and sorting, a person's record with
notes, registering someone (errors first, then success) and editing a section. axe runs on every page."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.people.models import LivedExperienceArea, Person
from tests.people.manage_support import make_many, make_person

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_an_officer_searches_filters_and_sorts_the_directory(page, person):
    user, device = person(Role.OFFICER)
    # Made here, not taken from the data migration: live-server tests empty the database after each test.
    area, _ = LivedExperienceArea.objects.get_or_create(name="Autism")
    make_person(
        full_name="Ffion Filter", formats=["easy_read"], lived_experience=[area], consents_to_contact=True
    )
    make_many(60)
    sign_in(page, user, device=device)
    visit(page, reverse("core:home"))
    submit(page, page.locator(".govuk-service-navigation__link", has_text="People"))
    main = page.locator("main")
    assert main.locator("table caption").inner_text().startswith("Everyone in the network (61)")
    assert main.locator("tbody tr").count() == 50

    main.get_by_label("Lived experience").select_option(label="Autism")
    main.get_by_label("Format they need").select_option("easy_read")
    main.get_by_label("Agreed to be contacted").select_option("yes")
    submit(page, main.get_by_role("button", name="Apply filters"))
    assert "area=" in page.url and "format=easy_read" in page.url
    assert main.get_by_label("Format they need").input_value() == "easy_read"
    assert "Ffion Filter" in main.locator("tbody").inner_text()

    submit(page, main.get_by_role("link", name="Clear filters"))
    main.get_by_label("Search").fill("ffi")
    submit(page, main.get_by_role("button", name="Apply filters"))
    assert main.locator("tbody tr").count() == 1

    visit(page, reverse("people_manage:directory"))
    submit(page, main.locator("th").get_by_role("link", name="Name"))
    assert main.locator("th[aria-sort=descending]").inner_text() == "Name"
    submit(page, main.get_by_role("link", name="Next"))
    assert "page=2" in page.url


def test_an_officer_reads_a_record_adds_a_note_and_changes_a_section(page, person):
    user, device = person(Role.OFFICER, full_name="Nia Noter")
    someone = make_person(
        full_name="Rhys Record", access_needs=["step_free"], support_person_name="Sam Carer"
    )
    sign_in(page, user, device=device)
    visit(page, reverse("people_manage:record", args=[someone.pk]))
    main = page.locator("main")
    assert "Step-free access" in main.inner_text() and "Sam Carer" in main.inner_text()

    submit(page, main.get_by_role("link", name="Add a note"))
    submit(page, main.get_by_role("button", name="Add note"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Note").fill("Rang to confirm Tuesday's session.")
    submit(page, main.get_by_role("button", name="Add note"))
    assert "Rang to confirm Tuesday's session." in main.inner_text()
    assert "by Nia Noter" in main.inner_text()

    submit(page, main.get_by_role("link", name="Change contact details"))
    main.get_by_label("Phone number (optional)").fill("01632 960123")
    submit(page, main.get_by_role("button", name="Save changes"))
    assert "01632 960123" in main.inner_text()


def test_an_officer_registers_someone_after_correcting_errors(page, person):
    user, device = person(Role.OFFICER)
    sign_in(page, user, device=device)
    visit(page, reverse("people_manage:register"))
    main = page.locator("main")
    main.get_by_label("Postal address (optional)").fill("4 Quarry Way\nSloeby")
    submit(page, main.get_by_role("button", name="Register"))
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter their full name" in summary.inner_text()
    assert main.get_by_label("Postal address (optional)").input_value() == "4 Quarry Way\nSloeby"

    main.get_by_label("Full name").fill("Paper Person")
    main.get_by_label("Post", exact=True).check()
    main.get_by_label("Postcode (optional)").fill("WY3 4AB")
    main.get_by_label("Easy read").check()
    main.get_by_label("On a paper form").check()
    for group in main.locator("fieldset", has_text="do they agree?").all():
        group.get_by_label("Yes, they agree").check()
    submit(page, main.get_by_role("button", name="Register"))
    assert "Paper Person is registered." in page.locator("body").inner_text()
    created = Person.objects.get(full_name="Paper Person")
    assert created.user is None and created.registered_by == user and created.formats == ["easy_read"]
    assert set(created.consents.values_list("method", flat=True)) == {"paper"}
