"""Projects in the browser: a staff lead requests support (errors first), an officer triages it, moves its
stage, builds its team and publishes it; the public list and page; a member's team page. axe on every page."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.projects import services
from coproduce.projects.models import Organisation, Project, Update
from tests.projects.factories import accepted, member_on, service_area
from tests.projects.factories import person as make_person

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_staff_lead_requests_support(page, person):
    user, device = person(Role.PROJECT_LEAD, full_name="Lio Lead")
    Organisation.objects.create(name="Wyvernshire County Council – Adult Social Care")
    sign_in(page, user, device=device)
    visit(page, reverse("core:home"))
    submit(page, page.locator(".govuk-service-navigation__link", has_text="Request support"))
    main = page.locator("main")
    main.get_by_label("Project name").fill("Carers' breaks review")
    main.get_by_label("Budget for involvement, in pounds (optional)").fill("lots")
    submit(page, main.get_by_role("button", name="Send request"))
    assert page.title().startswith("Error: ")
    assert "Enter the budget as an amount of money" in main.inner_text()
    assert main.get_by_label("Project name").input_value() == "Carers' breaks review"

    main.get_by_label("What service or decision is it about?").fill("How short breaks are offered.")
    main.get_by_label("Who does it affect?").fill("Unpaid carers.")
    main.get_by_label("What can change because of what people say?").fill("How breaks are booked.")
    main.get_by_label("Budget for involvement, in pounds (optional)").fill("1500.50")
    main.get_by_label("Co-producing").check()
    main.get_by_label("Service area").select_option(label="Carers")
    main.get_by_label("Your organisation or department").select_option(
        label="Wyvernshire County Council – Adult Social Care"
    )
    submit(page, main.get_by_role("button", name="Send request"))
    assert "Your request has been sent" in page.locator("body").inner_text()
    assert "Waiting for the co-production team" in main.inner_text()
    assert str(Project.objects.get().involvement_budget) == "1500.50"


def test_an_officer_triages_moves_builds_the_team_and_publishes(page, person):
    user, device = person(Role.OFFICER, full_name="Olwen Officer")
    project = services.create_request(
        {
            "title": "Dial-a-ride booking",
            "summary": "Booking community transport.",
            "affects": "People who cannot use buses.",
            "can_change": "How bookings are made.",
            "hoped_rung": 7,
            "service_area": service_area("Transport"),
            "organisation": Organisation.objects.create(name="Highways and Transport"),
        },
        actor=person(Role.PROJECT_LEAD)[0],
    )
    make_person("Gwen Griffiths")
    sign_in(page, user, device=device)
    visit(page, reverse("projects_manage:list"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Dial-a-ride booking"))
    main.get_by_label("Accept it").check()
    main.get_by_label("Target rung on the ladder of participation").select_option("4")
    submit(page, main.get_by_role("button", name="Record decision"))
    text = main.inner_text()
    assert "This target is consultation, not co-production." in text and "Write a note on equality" in text
    main.get_by_label("Why is this the right target?").fill("A first conversation with riders.")
    main.get_by_label("Why take it on although the target is below co-designing?").fill("Builds trust first.")
    for label in ("Equality", "Diversity", "Accessibility", "Reciprocity"):
        main.get_by_label(label, exact=True).fill(f"{label} note")
    submit(page, main.get_by_role("button", name="Record decision"))
    assert "Consultation, not co-production" in main.inner_text()

    submit(page, main.get_by_role("link", name="Change stage"))
    main.get_by_label("Move on to designing").check()
    submit(page, main.get_by_role("button", name="Change stage"))
    assert "Scoping to designing" in main.inner_text()

    submit(page, main.get_by_role("link", name="Manage the team"))
    main.get_by_label("Find a person by name").fill("grif")
    submit(page, main.get_by_role("button", name="Search"))
    main.get_by_label("Role for Gwen Griffiths").select_option("staff_lead")
    submit(page, main.get_by_role("button", name="Add Gwen Griffiths to the team"))
    assert "Staff outnumber people with lived experience" in main.inner_text()

    visit(page, reverse("projects_manage:publishing", args=[project.pk]))
    main.get_by_label("Yes").check()
    main.get_by_label("What it is about").check()
    submit(page, main.get_by_role("button", name="Save"))
    submit(page, main.get_by_role("link", name="See the public page"))
    assert "Booking community transport." in main.inner_text()


def test_the_public_list_and_a_public_page(page):
    for n in range(22):
        project = accepted(title=f"Published project {n:02d}")
        services.set_publishing(
            project, is_published=True, sections=["about", "team", "updates"], actor=project.requested_by
        )
    member_on(project, "co_lead", name="Nia Named", named=True)
    member_on(project, "member", name="Hidden Person", named=False)
    visit(page, reverse("core:home"))
    submit(page, page.locator(".govuk-service-navigation__link", has_text="Projects"))
    main = page.locator("main")
    assert "All projects (22)" in main.inner_text()
    main.get_by_label("Stage").select_option("scoping")
    submit(page, main.get_by_role("button", name="Show projects"))
    submit(page, main.get_by_role("link", name="Next"))
    submit(page, main.get_by_role("link", name="Published project 21"))
    text = main.inner_text()
    assert "Nia Named" in text and "Hidden Person" not in text and "Member: 1" in text


def test_a_member_opens_their_project_and_changes_the_group_agreement(page):
    project = accepted(title="Falls prevention classes")
    user, _ = member_on(project, "member", name="Morgan Member")
    sign_in(page, user)
    visit(page, reverse("core:home"))
    submit(page, page.locator(".govuk-service-navigation__link", has_text="Your projects"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Falls prevention classes"))
    submit(page, main.get_by_role("link", name="Change the group agreement"))
    main.get_by_label("Group agreement").fill("We listen\nWe start on time")
    submit(page, main.get_by_role("button", name="Save the agreement"))
    assert "We start on time" in main.inner_text()
    submit(page, main.get_by_role("link", name="Change the jargon buster"))
    main.get_by_label("Word or abbreviation").fill("ICB")
    main.get_by_label("What it means, in plain English").fill("The NHS body that plans services.")
    submit(page, main.get_by_role("button", name="Add to the jargon buster"))
    assert "The NHS body that plans services." in main.inner_text()


def test_a_co_lead_changes_then_deletes_an_update_and_the_public_page_follows(page):
    project = accepted(title="Library opening hours")
    Update.objects.create(
        project=project, you_said="Open later on Thursdays", we_did="Trying 8pm closing", date="2026-01-05"
    )
    services.set_publishing(project, is_published=True, sections=["updates"], actor=project.requested_by)
    user, _ = member_on(project, "co_lead", name="Cai Colead")
    sign_in(page, user)
    visit(page, reverse("projects:team_project", args=[project.pk]))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Change the update of 5 January 2026"))
    main.get_by_label("We did").fill("Thursdays now close at 8pm")
    submit(page, main.get_by_role("button", name="Save"))
    visit(page, reverse("projects:public_detail", args=[project.slug]))
    assert "Thursdays now close at 8pm" in main.inner_text()
    visit(page, reverse("projects:team_project", args=[project.pk]))
    submit(page, main.get_by_role("link", name="Delete the update of 5 January 2026"))
    assert "This cannot be undone" in main.inner_text()
    submit(page, main.get_by_role("button", name="Delete update"))
    assert "Update deleted." in page.locator("body").inner_text()
    assert not Update.objects.exists()
    visit(page, reverse("projects:public_detail", args=[project.slug]))
    assert "Thursdays now close at 8pm" not in main.inner_text()


def test_a_member_reads_their_projects_history_on_a_phone_without_scrolling_sideways(new_context):
    project = accepted(title="Short breaks for carers")
    officer = project.triaged_by
    services.move_stage(project, "designing", expected="scoping", actor=officer)
    services.move_stage(
        project,
        "scoping",
        expected="designing",
        reason="The group asked to look again at the brief",
        actor=officer,
    )
    user, _ = member_on(project, "member", name="Pia Phone")
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    sign_in(page, user)
    visit(page, reverse("projects:team_project", args=[project.pk]))
    history = page.locator("main table", has_text="Designing to scoping")
    assert "Reason: The group asked to look again at the brief" in history.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
