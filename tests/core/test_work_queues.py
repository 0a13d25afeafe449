"""The back-office home lists what waits for each person, with counts that match the pages they link to."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.services import record_attendance
from coproduce.payments import services
from coproduce.payments.choices import ClaimStatus
from coproduce.projects.choices import TriageState
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.meetings import factories as meeting_factories
from tests.payments import support
from tests.projects import factories as project_factories

pytestmark = pytest.mark.django_db


def queue_text(response, key: str) -> str:
    """The words of one queue's line on the page, whitespace collapsed ('' if the queue is not shown)."""
    html = response.content.decode()
    match = re.search(rf'<li[^>]*id="queue-{key}"[^>]*>(.*?)</li>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def manage_home(client, user):
    return sign_in(client, user).get(reverse("core:manage"))


def test_officer_sees_requests_waiting_for_triage_and_the_count_follows_them(client, officer):
    first = manage_home(client, officer)
    assert "none waiting" in queue_text(first, "projectstriage")
    assert queue_text(first, "projectsmore_information") == ""  # officers are not waiting on themselves
    project_factories.requested()
    second = project_factories.requested()
    text = queue_text(client.get(reverse("core:manage")), "projectstriage")
    assert "Requests for support waiting to be triaged" in text and "2 waiting" in text

    second.triage_state = TriageState.MORE_INFORMATION
    second.save(update_fields=["triage_state"])
    assert "1 waiting" in queue_text(client.get(reverse("core:manage")), "projectstriage")


def test_a_project_lead_sees_their_own_requests_that_need_more_information(client):
    lead = project_factories.project_lead()
    mine = project_factories.requested(actor=lead)
    project_factories.requested()  # someone else's
    mine.triage_state = TriageState.MORE_INFORMATION
    mine.save(update_fields=["triage_state"])

    response = manage_home(client, lead)
    assert "1 waiting" in queue_text(response, "projectsmore_information")
    assert queue_text(response, "projectstriage") == ""  # not theirs to triage


def test_past_meetings_without_attendance_are_chased_until_it_is_recorded(client):
    organiser = UserFactory(roles=[Role.OFFICER])
    past = meeting_factories.meeting(organiser=organiser, starts_in=-datetime.timedelta(days=5))
    meeting_factories.meeting(organiser=organiser, starts_in=-datetime.timedelta(days=200))  # too old
    person = meeting_factories.person()

    response = manage_home(client, organiser)
    text = queue_text(response, "meetingsattendance")
    assert "1 waiting" in text
    listed = client.get(reverse("meetings_manage:list") + "?when=unrecorded").content.decode()
    assert past.title in listed and "no attendance recorded (1)" in listed

    record_attendance(past, person, status=AttendanceStatus.PRESENT, actor=organiser)
    assert "none waiting" in queue_text(client.get(reverse("core:manage")), "meetingsattendance")
    listed = client.get(reverse("meetings_manage:list") + "?when=unrecorded").content.decode()
    assert "no attendance recorded (0)" in listed


def test_finance_sees_approval_and_batch_queues_but_not_the_organisers_check(client, finance_approver):
    response = manage_home(client, finance_approver)
    assert "Claims waiting for finance approval" in queue_text(response, "paymentsapprove")
    assert "Approved claims not yet in a payment batch" in queue_text(response, "paymentsbatch")
    assert queue_text(response, "paymentscheck") == ""


def test_claim_queues_count_what_the_claims_page_lists(client, finance_approver):
    support.rate_card()
    user, person = support.member()
    claim = support.checked(support.attend(support.meeting(), person), user)

    response = manage_home(client, finance_approver)
    assert "1 waiting" in queue_text(response, "paymentsapprove")
    listed = client.get(reverse("payments_manage:claims") + f"?status={ClaimStatus.CHECKED}").content.decode()
    assert claim.reference in listed

    services.approve_claim(claim, actor=finance_approver)
    response = client.get(reverse("core:manage"))
    assert "none waiting" in queue_text(response, "paymentsapprove")
    assert "1 waiting" in queue_text(response, "paymentsbatch")


def test_counts_that_are_the_same_for_every_officer_are_counted_once_and_shared(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project_factories.requested()
    with CaptureQueriesContext(connection) as first:
        manage_home(client, officer)
    other = UserFactory(roles=[Role.OFFICER])
    client.logout()
    sign_in(client, other)
    with CaptureQueriesContext(connection) as second:
        response = client.get(reverse("core:manage"))
    counts = [query["sql"] for query in second.captured_queries if "COUNT(" in query["sql"]]
    assert "1 waiting" in queue_text(response, "projectstriage")
    assert len(counts) < len([query for query in first.captured_queries if "COUNT(" in query["sql"]])
    assert not any("projects_project" in sql for sql in counts)


def test_a_shared_count_is_forgotten_by_a_save_and_by_a_bulk_write_that_says_so(client, officer):
    from coproduce.core import work
    from coproduce.projects.models import Project

    first = project_factories.requested()
    second = project_factories.requested()
    assert "2 waiting" in queue_text(manage_home(client, officer), "projectstriage")

    # A bulk update sends no signal: the shared figure stands until the writer forgets it.
    Project.objects.filter(pk=second.pk).update(triage_state=TriageState.MORE_INFORMATION)
    assert "2 waiting" in queue_text(client.get(reverse("core:manage")), "projectstriage")
    work.forget_following(Project)
    assert "1 waiting" in queue_text(client.get(reverse("core:manage")), "projectstriage")

    first.triage_state = TriageState.MORE_INFORMATION
    first.save(update_fields=["triage_state"])
    assert "none waiting" in queue_text(client.get(reverse("core:manage")), "projectstriage")


@pytest.fixture
def deferring_task_queue(settings):
    """A task queue that can defer work, as production's database queue can (django-tasks' dummy backend
    keeps what is enqueued, so the test runs it by hand, as a worker would)."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_a_count_made_by_a_worker_is_read_not_counted_and_a_change_queues_one_recount(
    client, officer, deferring_task_queue, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.core import work
    from coproduce.core.models import SharedCount
    from coproduce.payments.work import UNCLAIMED
    from tests.payments.test_attendance_and_claims import _unclaimed_on_home, legacy_attendance

    support.rate_card()
    meeting = support.meeting()
    _, person = support.member()
    sign_in(client, officer)
    # The very first reader counts, and keeps the figure for the other app servers.
    assert _unclaimed_on_home(client) == "none waiting"
    assert SharedCount.objects.get(key=UNCLAIMED).count == 0

    with django_capture_on_commit_callbacks(execute=True):
        legacy_attendance(meeting, person)
        legacy_attendance(support.meeting(), support.member()[1])
    queued = [result for result in deferring_task_queue.results if result.args == [UNCLAIMED]]
    assert len(queued) == 1, "a burst of changes queues one recount"
    assert queued[0].task.run_after > timezone.now()

    # Until the worker has counted, app servers show its last figure and never read all attendance.
    cache.clear()
    with CaptureQueriesContext(connection) as reading:
        assert _unclaimed_on_home(client) == "none waiting"
    counting_attendance = 'SELECT COUNT(*) AS "__count" FROM "meetings_attendance"'
    assert not any(query["sql"].startswith(counting_attendance) for query in reading.captured_queries)

    assert work.recount(UNCLAIMED) == 2  # what the queued task does in the worker
    cache.clear()  # another app server's cache
    assert _unclaimed_on_home(client) == "2 waiting"
