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
