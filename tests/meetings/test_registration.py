"""Invitations, replies with adjustments, capacity and the waiting list, and who sees what of a meeting."""

import pytest
from django.core import mail

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings import services
from coproduce.meetings.choices import Mode, RegistrationStatus
from coproduce.meetings.models import Registration
from tests.conftest import sign_in

from . import factories


@pytest.fixture
def team_meeting(db):
    meeting = factories.meeting(
        capacity=2, mode=Mode.HYBRID, online_link="https://meet.example.test/secret-room"
    )
    return meeting


def _team_member(meeting, **profile):
    user, person = factories.member_with_profile(**profile)
    factories.join_team(meeting.project, person)
    return user, person


def test_invitations_go_to_the_current_team_once_with_adjustments_from_their_profiles(team_meeting, officer):
    _, first = _team_member(team_meeting, access_needs=["step_free"], formats=["easy_read"])
    _, second = _team_member(team_meeting)
    left = factories.person()
    membership = factories.join_team(team_meeting.project, left)
    membership.left_at = membership.joined_at
    membership.save()

    assert services.invite_members(team_meeting, actor=officer) == 2
    assert services.invite_members(team_meeting, actor=officer) == 0
    invited = Registration.objects.get(meeting=team_meeting, person=first)
    assert invited.status == RegistrationStatus.INVITED
    assert invited.access_needs == ["step_free"] and invited.formats == ["easy_read"]
    assert not Registration.objects.filter(person=left).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_the_reply_form_starts_from_the_profile_and_saves_edits_for_this_meeting_only(client, team_meeting):
    user, person = _team_member(
        team_meeting,
        access_needs=["hearing_loop", "transport"],
        formats=["large_print"],
        access_needs_detail="Aisle seat",
    )
    sign_in(client, user)
    page = client.get(f"/meetings/{team_meeting.pk}/reply/")
    form = page.context["form"]
    assert form.initial["access_needs"] == ["hearing_loop", "transport"]
    assert form.initial["formats"] == ["large_print"]
    assert form.initial["adjustments_detail"] == "Aisle seat"

    response = client.post(
        f"/meetings/{team_meeting.pk}/reply/",
        {
            "attending": "yes",
            "access_needs": ["hearing_loop", "companion"],
            "companion_name": "Sam",
            "formats": [],
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=team_meeting, person=person)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.access_needs == ["hearing_loop", "companion"]
    assert registration.companion_name == "Sam"
    person.refresh_from_db()
    assert person.access_needs == ["hearing_loop", "transport"], "the profile itself is unchanged"
    # Coming back shows what they said for this meeting, not the profile.
    assert client.get(f"/meetings/{team_meeting.pk}/reply/").context["form"].initial["access_needs"] == [
        "hearing_loop",
        "companion",
    ]
    event = AuditEvent.objects.filter(verb="meetings.registered").latest("id")
    assert "Sam" not in str(event.changed_fields)


def test_a_reply_without_an_answer_or_with_bad_choices_shows_errors_and_saves_nothing(client, team_meeting):
    user, person = _team_member(team_meeting)
    sign_in(client, user)
    response = client.post(
        f"/meetings/{team_meeting.pk}/reply/", {"access_needs": ["not-a-need"], "dietary_needs": "Vegan"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "attending" in form.errors and "access_needs" in form.errors
    assert 'value="Vegan"' in response.content.decode()
    assert not Registration.objects.filter(person=person).exists()


def test_when_full_people_join_the_waiting_list_and_the_first_gets_a_freed_place(team_meeting):
    people = [_team_member(team_meeting)[1] for _ in range(4)]
    statuses = [factories.register(team_meeting, p).status for p in people]
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    assert meetings_selectors.places_left(team_meeting) == 0

    mail.outbox.clear()
    services.withdraw(team_meeting, people[0], actor=None)
    assert Registration.objects.get(person=people[0]).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(person=people[2]).status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(person=people[3]).status == RegistrationStatus.WAITING
    assert [m.to[0] for m in mail.outbox] == [people[2].email]
    assert AuditEvent.objects.filter(verb="meetings.promoted_from_waiting_list").count() == 1


def test_leaving_the_waiting_list_frees_no_place(team_meeting):
    people = [_team_member(team_meeting)[1] for _ in range(4)]
    for p in people:
        factories.register(team_meeting, p)
    services.withdraw(team_meeting, people[2], actor=None)
    assert Registration.objects.get(person=people[3]).status == RegistrationStatus.WAITING


def test_declining_an_invitation_is_recorded_as_declined(team_meeting, officer):
    _, person = _team_member(team_meeting)
    services.invite_members(team_meeting, actor=officer)
    services.withdraw(team_meeting, person, actor=None)
    assert Registration.objects.get(person=person).status == RegistrationStatus.DECLINED


def test_a_cancelled_or_past_meeting_takes_no_registrations(team_meeting, officer):
    _, person = _team_member(team_meeting)
    services.cancel_meeting(team_meeting, actor=officer)
    with pytest.raises(services.MeetingError):
        factories.register(team_meeting, person)


def test_the_online_link_is_shown_only_to_registered_people(client, team_meeting):
    user, person = _team_member(team_meeting)
    sign_in(client, user)
    link = "https://meet.example.test/secret-room"
    assert link not in client.get(f"/meetings/{team_meeting.pk}/").content.decode()
    factories.register(team_meeting, person)
    assert link in client.get(f"/meetings/{team_meeting.pk}/").content.decode()
    services.withdraw(team_meeting, person, actor=None)
    assert link not in client.get(f"/meetings/{team_meeting.pk}/").content.decode()


def test_someone_on_the_waiting_list_does_not_see_the_link(client, team_meeting):
    for _ in range(2):
        factories.register(team_meeting, _team_member(team_meeting)[1])
    user, person = _team_member(team_meeting)
    assert factories.register(team_meeting, person).status == RegistrationStatus.WAITING
    sign_in(client, user)
    assert "secret-room" not in client.get(f"/meetings/{team_meeting.pk}/").content.decode()


def test_a_member_outside_the_team_cannot_open_the_meeting_by_its_id(client, team_meeting):
    user, _ = factories.member_with_profile()
    sign_in(client, user)
    for url in (
        f"/meetings/{team_meeting.pk}/",
        f"/meetings/{team_meeting.pk}/reply/",
        f"/meetings/{team_meeting.pk}/calendar.ics",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/meetings/{team_meeting.pk}/reply/", {"attending": "yes"}).status_code == 404
    assert not Registration.objects.exists()


def test_an_invited_person_outside_the_team_can_open_and_reply(client, team_meeting):
    user, person = factories.member_with_profile()
    Registration.objects.create(meeting=team_meeting, person=person)
    sign_in(client, user)
    assert client.get(f"/meetings/{team_meeting.pk}/").status_code == 200
    client.post(f"/meetings/{team_meeting.pk}/reply/", {"attending": "no"})
    assert Registration.objects.get(person=person).status == RegistrationStatus.DECLINED


def test_members_page_lists_upcoming_meetings_and_past_attendance(client, db, officer):
    user, person = factories.member_with_profile()
    upcoming = factories.meeting(title="Coming soon")
    factories.join_team(upcoming.project, person)
    factories.register(upcoming, person)
    past = factories.meeting(title="Last month", starts_in=-__import__("datetime").timedelta(days=30))
    services.record_attendance(past, person, status="present", actor=officer)
    other = factories.meeting(title="Someone else's")
    sign_in(client, user)
    page = client.get("/meetings/").content.decode()
    assert "Coming soon" in page and "Last month" in page and "2.00" in page
    assert other.title not in page


def test_more_places_go_to_the_waiting_list_in_order(team_meeting, officer):
    people = [_team_member(team_meeting)[1] for _ in range(4)]
    for p in people:
        factories.register(team_meeting, p)
    team_meeting.capacity = 3
    services.save_meeting(team_meeting, actor=officer, changed_fields=["capacity"])
    statuses = [Registration.objects.get(person=p).status for p in people]
    assert statuses == ["registered", "registered", "registered", "waiting"]


def test_the_members_page_links_their_groups_and_keeps_a_constant_query_count(client, db, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.core.query_counts import assert_page_queries

    user, person = factories.member_with_profile()
    factories.join_body(factories.board(), person)
    first = factories.meeting(title="First")
    factories.join_team(first.project, person)
    factories.register(first, person)
    sign_in(client, user)
    with CaptureQueriesContext(connection) as baseline:
        page = client.get("/meetings/").content.decode()
    assert "/meetings/groups/board/" in page and f"/meetings/project/{first.project_id}/" in page
    for n in range(3):
        meeting = factories.meeting(title=f"More {n}")
        factories.join_team(meeting.project, person)
        factories.register(meeting, person)
        past = factories.meeting(
            project_=meeting.project, starts_in=-__import__("datetime").timedelta(days=9)
        )
        services.record_attendance(past, person, status="present", actor=officer)
        services.add_action(past, actor=officer, description=f"Do {n}", owner=person)
    assert_page_queries(client, "/meetings/", len(baseline.captured_queries))


def test_members_page_asks_the_same_queries_however_many_meetings_they_attended(client, db, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, person = factories.member_with_profile()
    sign_in(client, user)

    def attend_and_count(title):
        past = factories.meeting(title=title, starts_in=-__import__("datetime").timedelta(days=30))
        services.record_attendance(past, person, status="present", actor=officer)
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/meetings/").content.decode()
        assert title in page
        return len(queries)

    first = attend_and_count("First past meeting")
    attend_and_count("Second past meeting")
    assert attend_and_count("Third past meeting") == first


def test_members_page_shows_each_upcoming_meetings_time_place_group_and_reply(client, db, officer):
    """The rows are prepared in Python (meetings.selectors.upcoming_rows): the same text as the includes."""
    import datetime

    from django.utils import timezone

    user, person = factories.member_with_profile()
    hall = factories.venue(name="Corn Exchange")
    starts_at = timezone.make_aware(datetime.datetime(2031, 7, 3, 18, 30))
    hybrid = factories.meeting(
        title="Hybrid one",
        mode=Mode.HYBRID,
        venue=hall,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    online = factories.meeting(title="Online one", mode=Mode.ONLINE, body=factories.board())
    cancelled = factories.meeting(title="Called off")
    Registration.objects.create(meeting=hybrid, person=person, status=RegistrationStatus.REGISTERED)
    Registration.objects.create(meeting=online, person=person, status=RegistrationStatus.INVITED)
    Registration.objects.create(meeting=cancelled, person=person, status=RegistrationStatus.WAITING)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    sign_in(client, user)
    page = " ".join(client.get("/meetings/").content.decode().split())

    assert (
        f'<a class="govuk-link" href="/meetings/{hybrid.pk}/">Hybrid one</a>' in page
        and '<time datetime="2031-07-03T18:30:00+01:00">Thursday 3 July 2031, 18:30</time> to '
        '<time datetime="2031-07-03T20:30:00+01:00">20:30</time> at Corn Exchange or online</p>'
        in page
    )
    assert f'{hybrid.project.title} · <strong class="govuk-tag govuk-tag--green">Registered</strong>' in page
    assert "</time> online</p>" in page
    assert f'{online.body.name} · <strong class="govuk-tag">Invited: please reply</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Cancelled</strong>' in page
    assert "Waiting list" not in page  # a cancelled meeting shows that, not the reply


def test_members_page_writes_attended_rows_and_open_actions_as_the_template_did(client, db, officer):
    """The attended rows are written in Python and the actions are rows of columns (decision 0011, session
    12): the same text, escaped, with the hours, the overdue tag and the update link."""
    import datetime
    from decimal import Decimal

    user, person = factories.member_with_profile()
    past = factories.meeting(title="Budget <review>", starts_in=-datetime.timedelta(days=30))
    services.record_attendance(past, person, status="present", hours=Decimal("2.50"), actor=officer)
    action = services.add_action(
        past,
        actor=officer,
        description="Write the one two three four five six seven eight nine ten",
        owner=person,
        due_date=datetime.date(2020, 1, 2),
    )
    sign_in(client, user)
    page = client.get("/meetings/").content.decode()
    assert "Budget &lt;review&gt;</a></td>" in page
    assert "<br>2.50 hours</td>" in page
    assert '2 January 2020 <strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert f'href="/meetings/actions/{action.pk}/' in page or f"/actions/{action.pk}/" in page
    assert "action: Write the one two three four five six …</span>" in page
    assert "From Budget &lt;review&gt;</span>" in page
