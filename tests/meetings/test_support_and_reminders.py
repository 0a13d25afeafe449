"""The support summary counts what registered people need; reminders go once, through the queue."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors, services
from coproduce.meetings.models import Registration
from tests.conftest import sign_in

from . import factories


def test_the_support_summary_counts_and_names_who_needs_what(client, db, officer):
    meeting = factories.meeting(venue=factories.venue(hearing_loop=False, step_free=True))
    needs = [
        {"access_needs": ["bsl_interpreter", "hearing_loop"]},
        {"formats": ["bsl", "easy_read"], "access_needs": ["transport"]},
        {"access_needs": ["step_free", "companion"], "companion_name": "Kit"},
        {"formats": ["easy_read"]},
    ]
    people = []
    for n, adjustments in enumerate(needs):
        person = factories.person(full_name=f"Needs {n}")
        factories.register(meeting, person, **adjustments)
        people.append(person)
    declined = factories.person(full_name="Not coming")
    factories.register(meeting, declined, access_needs=["bsl_interpreter"])
    services.withdraw(meeting, declined, actor=None)

    summary = selectors.support_summary(meeting)
    lines = {line.key: line for line in summary["lines"]}
    assert summary["registered"] == 4
    assert len(lines["bsl"].people) == 2
    assert len(lines["hearing_loop"].people) == 1 and lines["hearing_loop"].venue_lacks_it
    assert len(lines["step_free"].people) == 1 and not lines["step_free"].venue_lacks_it
    assert len(lines["easy_read"].people) == 2
    assert [r.person for r in lines["companion"].people] == [people[2]]
    assert [r.person for r in lines["taxi"].people] == [people[1]]

    sign_in(client, officer)
    page = client.get(f"/manage/meetings/{meeting.pk}/support/").content.decode()
    assert "Needs 0" in page and "Not coming" not in page
    assert "The venue does not have this" in page
    assert "</time>. 4 registered." in page, "no space before the full stop after the time"


def test_the_support_summary_is_for_organisers_only(client, db):
    meeting = factories.meeting()
    user, person = factories.member_with_profile("project_lead")
    factories.join_team(meeting.project, person, role="member")
    sign_in(client, user)
    assert client.get(f"/manage/meetings/{meeting.pk}/support/").status_code == 404
    factories.join_team(factories.project(), person, role="staff_lead")
    assert client.get(f"/manage/meetings/{meeting.pk}/support/").status_code == 404


def test_a_staff_lead_organises_their_own_projects_meetings(client, db):
    meeting = factories.meeting()
    user, person = factories.member_with_profile("project_lead")
    factories.join_team(meeting.project, person, role="staff_lead")
    sign_in(client, user)
    assert client.get(f"/manage/meetings/{meeting.pk}/support/").status_code == 200


def test_board_co_chairs_organise_board_meetings_only(client, db):
    # The co-chairs hold the board member role and co-chair the board; it lets them run board meetings,
    # not projects' ones.
    user, cochair = factories.member_with_profile("board_member")
    factories.join_body(factories.board(), cochair, role="co_chair")
    board_meeting = factories.meeting(body=factories.board())
    training_meeting = factories.meeting(body=factories.Body.objects.get(slug="training"))
    project_meeting = factories.meeting()
    sign_in(client, user)
    assert client.get(f"/manage/meetings/{board_meeting.pk}/").status_code == 200
    assert client.get(f"/manage/meetings/{training_meeting.pk}/").status_code == 404
    assert client.get(f"/manage/meetings/{project_meeting.pk}/").status_code == 404
    member, _ = factories.member_with_profile()
    client.force_login(member)
    assert client.get(f"/meetings/{board_meeting.pk}/").status_code == 404


def test_ordinary_board_members_do_not_organise_board_meetings(client, db):
    """Every board member holds the board member role; only the co-chairs (and officers) organise."""
    board = factories.board()
    user, person = factories.member_with_profile("board_member")
    factories.join_body(board, person)  # an ordinary member
    board_meeting = factories.meeting(body=board)
    no_profile_role_holder = factories.UserFactory(roles=["board_member"])
    former_cochair, former = factories.member_with_profile("board_member")
    membership = factories.join_body(board, former, role="co_chair")
    membership.left_at = membership.joined_at
    membership.save()
    for who in (user, no_profile_role_holder, former_cochair):
        sign_in(client, who)
        assert client.get(f"/manage/meetings/{board_meeting.pk}/").status_code == 404
        assert client.get("/manage/meetings/new/").status_code == 404, "no board to create meetings for"
    # A co-chair without the board member role cannot open the organisers' pages at all.
    member_cochair, person = factories.member_with_profile()
    factories.join_body(board, person, role="co_chair")
    sign_in(client, member_cochair)
    assert client.get(f"/manage/meetings/{board_meeting.pk}/").status_code == 403


def _soon(days=1):
    return datetime.timedelta(days=days)


@override_settings(
    COPRODUCE={**__import__("django.conf").conf.settings.COPRODUCE, "MEETING_REMINDER_DAYS": 2}
)
def test_reminders_go_once_to_registered_people_for_meetings_within_the_window(db):
    soon = factories.meeting(title="Soon", starts_in=_soon(1))
    later = factories.meeting(title="Later", starts_in=_soon(5))
    coming, waiting_list, declined = factories.person(), factories.person(), factories.person()
    factories.register(soon, coming)
    Registration.objects.create(meeting=soon, person=waiting_list, status="waiting")
    Registration.objects.create(meeting=soon, person=declined, status="declined")
    factories.register(later, coming)

    call_command("send_meeting_reminders", stdout=__import__("io").StringIO())
    assert [(m.to, m.subject) for m in mail.outbox] == [([coming.email], "Reminder: Soon")]
    assert "If you can no longer come" in mail.outbox[0].body

    call_command("send_meeting_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1, "never the same reminder twice"
    assert AuditEvent.objects.filter(verb="meetings.reminder_sent").count() == 1

    # Three days on, the later meeting is within the window.
    assert services.send_due_reminders(now=timezone.now() + _soon(3)) == 1
    assert mail.outbox[-1].subject == "Reminder: Later"


def test_moving_a_meeting_means_a_new_reminder(db, officer):
    meeting = factories.meeting(starts_in=_soon(1))
    factories.register(meeting, factories.person())
    assert services.send_due_reminders() == 1
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    services.save_meeting(meeting, actor=officer, changed_fields=["starts_at", "ends_at"])
    assert services.send_due_reminders() == 1


def test_the_reminder_task_sends_the_same_way(db):
    from coproduce.meetings.tasks import send_meeting_reminders

    meeting = factories.meeting(starts_in=_soon(1))
    factories.register(meeting, factories.person())
    assert send_meeting_reminders.call() == 1
    assert send_meeting_reminders.call() == 0
