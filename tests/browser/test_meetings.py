"""Meetings in a browser: a member replies with adjustments and uses their meetings page; an organiser uses
the support summary, attendance and the action tracker. axe runs on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings import services
from coproduce.meetings.models import Attendance, Registration
from tests.meetings import factories

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_member_replies_with_adjustments_and_sees_their_meetings(page, person):
    user, _ = person(Role.MEMBER, full_name="Rhian Member")
    member = factories.person(
        user=user, full_name="Rhian Member", access_needs=["step_free"], formats=["easy_read"]
    )
    meeting = factories.meeting(
        title="Day services working group", mode="hybrid", online_link="https://meet.example.test/room-42"
    )
    factories.join_team(meeting.project, member)
    officer = factories.UserFactory(roles=[Role.OFFICER])
    services.invite_members(meeting, actor=officer)
    past = factories.meeting(
        project_=meeting.project, title="Last month's meeting", starts_in=-datetime.timedelta(days=30)
    )
    services.record_attendance(past, member, status="present", actor=officer)
    action = services.add_action(
        past,
        actor=officer,
        description="Read the draft leaflet",
        owner=member,
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )

    sign_in(page, user)
    visit(page, reverse("meetings:my_meetings"))
    main = page.locator("main")
    assert "Last month's meeting" in main.inner_text() and "Overdue" in main.inner_text()
    submit(page, main.get_by_role("link", name="Day services working group"))
    assert "Shown here once you have registered" in main.inner_text()
    submit(page, main.get_by_role("link", name="Reply and tell us what support you need"))

    # The adjustments start from the profile; an error keeps what was typed.
    assert main.get_by_label("Step-free access").is_checked()
    assert main.get_by_label("Easy read").is_checked()
    main.get_by_label("Someone to come with me").check()
    main.get_by_label("Name of the person coming with you, if anyone").fill("Dai")
    submit(page, main.get_by_role("button", name="Send reply"))
    assert page.title().startswith("Error: ")
    assert main.get_by_label("Name of the person coming with you, if anyone").input_value() == "Dai"
    main.get_by_label("Yes, I will come").check()
    submit(page, main.get_by_role("button", name="Send reply"))
    assert "https://meet.example.test/room-42" in main.inner_text()
    registration = Registration.objects.get(meeting=meeting, person=member)
    assert registration.status == "registered" and "companion" in registration.access_needs

    visit(page, reverse("meetings:update_action", args=[action.pk]))
    main.get_by_label("Done").check()
    main.get_by_label("Notes").fill("Read and commented")
    submit(page, main.get_by_role("button", name="Save"))
    assert "You have no open actions" in main.inner_text()

    visit(page, reverse("meetings:project_actions", args=[meeting.project_id]))
    visit(page, reverse("meetings:project_decisions", args=[meeting.project_id]))
    visit(page, reverse("meetings:feed_settings"))
    submit(page, main.get_by_role("button", name="Make a feed address"))
    assert "/meetings/calendar-feed/" in main.inner_text()


def test_an_organiser_checks_support_and_records_attendance(page, person):
    user, device = person(Role.OFFICER, full_name="Olu Organiser")
    board = factories.Body.objects.get(slug="board")
    meeting = factories.meeting(
        body=board, title="Board, autumn", organiser=user, starts_in=-datetime.timedelta(hours=3), hours=2
    )
    for name, needs, formats in (
        ("Anwen Hughes", ["bsl_interpreter"], []),
        ("Bryn Tudor", ["hearing_loop", "transport"], ["large_print"]),
        ("Cerys Lloyd", [], ["easy_read"]),
    ):
        registration = factories.registered(meeting, factories.person(full_name=name))
        registration.access_needs, registration.formats = needs, formats
        registration.save()
    services.add_action(
        meeting,
        actor=user,
        description="Book the interpreter",
        owner=registration.person,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )

    sign_in(page, user, device=device)
    visit(page, reverse("meetings_manage:list") + "?when=past")
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Board, autumn"))
    submit(page, main.get_by_role("link", name="Support summary"))
    assert "Anwen Hughes" in main.locator("#support-bsl").inner_text()
    visit(page, reverse("meetings_manage:overview", args=[meeting.pk]))
    submit(page, main.get_by_role("link", name="Record attendance"))
    main.get_by_role("group", name="Anwen Hughes").get_by_label("Present").check()
    main.get_by_role("group", name="Bryn Tudor").get_by_label("Present").check()
    main.get_by_label("Hours Bryn Tudor took part").fill("1.5")
    main.get_by_role("group", name="Cerys Lloyd").get_by_label("Sent apologies").check()
    submit(page, main.get_by_role("button", name="Save attendance"))
    assert dict(Attendance.objects.values_list("person__full_name", "hours")) == {
        "Anwen Hughes": meeting.duration_hours,
        "Bryn Tudor": __import__("decimal").Decimal("1.50"),
        "Cerys Lloyd": 0,
    }
    visit(page, reverse("meetings:body_actions", args=["board"]))
    assert "Overdue" in main.inner_text()
    visit(page, reverse("meetings:detail", args=[meeting.pk]))
    assert "You organise this meeting" in main.inner_text()
    visit(page, reverse("meetings_manage:create"))
    visit(page, reverse("meetings_manage:paper_add", args=[meeting.pk]))
    visit(page, reverse("meetings_manage:venues"))
    visit(page, reverse("meetings_manage:body_members", args=["board"]) + "?q=anwen")
    assert "Anwen Hughes" in main.inner_text(), main.inner_text()
    submit(page, main.locator("button", has_text="Add as co-chair"))
    assert "Anwen Hughes is now on the Co-production Board" in main.inner_text()


def test_an_organiser_reorders_the_agenda_and_edits_an_action_without_javascript(page, person):
    user, device = person(Role.OFFICER, full_name="Olu Organiser")
    meeting = factories.meeting(title="Steering group", organiser=user)
    for title in ("Welcome", "Budget", "Any other business"):
        services.add_agenda_item(meeting, actor=user, title=title)
    owner = factories.person(full_name="Dewi Owner")
    new_owner = factories.person(full_name="Eleri Newowner")
    for member in (owner, new_owner):
        factories.join_team(meeting.project, member)
    action = services.add_action(meeting, actor=user, description="Book the hall", owner=owner)

    sign_in(page, user, device=device)
    visit(page, reverse("meetings_manage:overview", args=[meeting.pk]))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Change the agenda"))
    submit(page, main.get_by_role("button", name="Move up Any other business"))
    assert main.locator("tbody tr td:nth-child(2)").all_inner_texts() == [
        "Welcome",
        "Any other business",
        "Budget",
    ]
    submit(page, main.get_by_role("button", name="Move down Welcome"))
    assert [item.title for item in meeting.agenda_items.all()] == ["Any other business", "Welcome", "Budget"]
    submit(page, main.get_by_role("link", name="Change Budget"))
    main.get_by_label("Title").fill("")
    main.get_by_label("Minutes allowed").fill("10")
    submit(page, main.get_by_role("button", name="Save item"))
    assert page.title().startswith("Error: ")
    assert main.get_by_label("Minutes allowed").input_value() == "10"
    main.get_by_label("Title").fill("Budget for next year")
    submit(page, main.get_by_role("button", name="Save item"))
    assert "10 minutes" in main.inner_text()

    visit(page, reverse("meetings_manage:overview", args=[meeting.pk]))
    submit(page, main.get_by_role("link", name="Change action: Book the hall"))
    main.get_by_label("What needs doing").fill("Book the hall with a hearing loop")
    main.get_by_label("Who will do it").select_option(label="Eleri Newowner")
    main.get_by_label("Day").fill("32")
    submit(page, main.get_by_role("button", name="Save action"))
    assert page.title().startswith("Error: ")
    assert main.get_by_label("What needs doing").input_value() == "Book the hall with a hearing loop"
    main.get_by_label("Day").fill("")
    submit(page, main.get_by_role("button", name="Save action"))
    action.refresh_from_db()
    assert action.owner == new_owner and action.description == "Book the hall with a hearing loop"

    caller = factories.person(full_name="Ffion Caller", access_needs=["step_free"])
    factories.join_team(meeting.project, caller)
    visit(page, reverse("meetings_manage:overview", args=[meeting.pk]))
    submit(page, main.get_by_role("link", name="Reply for someone who phoned or wrote in"))
    submit(page, main.get_by_role("link", name="Reply for Ffion Caller"))
    assert main.get_by_label("Step-free access").is_checked()
    main.get_by_label("Yes, they will come").check()
    submit(page, main.get_by_role("button", name="Save their reply"))
    assert "Reply taken by Olu Organiser on their behalf" in main.inner_text()


def test_a_member_uses_their_meetings_and_the_tracker_on_a_375px_phone(new_context, person):
    """Long meeting titles, dates, statuses and hours in the tables must not push the page sideways."""
    user, _ = person(Role.MEMBER, full_name="Rhian Member")
    member = factories.person(user=user, full_name="Rhian Member")
    officer = factories.UserFactory(roles=[Role.OFFICER])
    project = factories.project(title="Hospital discharge and carers")
    factories.join_team(project, member)
    for weeks in (1, 2, 3):
        past = factories.meeting(
            project_=project,
            title="Discharge from inpatient wards: working group",
            starts_in=-datetime.timedelta(weeks=weeks),
        )
        services.record_attendance(past, member, status="present", actor=officer)
        services.add_action(
            past,
            actor=officer,
            description="Draft an easy read summary of the discharge plan",
            owner=member,
            due_date=timezone.localdate() - datetime.timedelta(days=weeks),
        )
    page = new_context(viewport={"width": 375, "height": 812}).new_page()
    sign_in(page, user)
    for url in (
        reverse("meetings:my_meetings"),
        reverse("meetings:project_actions", args=[project.pk]) + "?show=all",
    ):
        visit(page, url)
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), url
    assert "Owner: Rhian Member" in page.locator("main").inner_text()
