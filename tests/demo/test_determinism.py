"""The same seed makes the same demo programme, in every app, and another seed makes another.

One test loads the demo three times and compares what each app's generator made: loading the demo is the
dearest thing the suite does, so the apps share these loads instead of making their own."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from coproduce.accounts.models import RoleGrant, User
from coproduce.meetings.models import Attendance, Meeting, Registration
from coproduce.network.models import Activity
from coproduce.opportunities.models import ExpressionOfInterest, Opportunity
from coproduce.people.models import Consent, EqualityRecord, Person
from coproduce.projects.models import Project, TeamMember
from tests.demo.support import delete_demo_rows

pytestmark = pytest.mark.django_db


def accounts():
    fields = ("email", "full_name", "preferred_name", "date_joined", "email_confirmed_at")
    return sorted(User.objects.values_list(*fields)), sorted(
        RoleGrant.objects.values_list("user__email", "role")
    )


def people():
    fields = (
        "full_name",
        "email",
        "phone",
        "postcode",
        "formats",
        "access_needs",
        "available_days",
        "recognition",
        "benefits_limit",
        "last_involved_at",
        "registered_at",
        "consents_to_contact",
    )
    return (
        sorted(tuple(str(v) for v in row) for row in Person.objects.values_list(*fields)),
        Counter(Person.lived_experience.through.objects.values_list("livedexperiencearea__name", flat=True)),
        Counter(Consent.objects.values_list("purpose", "given", "method")),
        Counter(EqualityRecord.objects.values_list("age_band", "ethnic_group")),
    )


def projects():
    fields = ("title", "stage", "target_rung", "achieved_rung", "is_published", "requested_at")
    return sorted(Project.objects.values_list(*fields)), Counter(
        TeamMember.objects.values_list("role", flat=True)
    )


def meetings():
    return (
        sorted(
            (m.title, m.starts_at.isoformat(), m.mode, str(m.venue))
            for m in Meeting.objects.select_related("venue")
        ),
        sorted(
            (
                r.meeting.title,
                r.meeting.starts_at.isoformat(),
                r.person.full_name,
                r.status,
                str(r.access_needs),
            )
            for r in Registration.objects.select_related("meeting", "person")
        ),
        sorted(Attendance.objects.values_list("person__full_name", "status", "hours")),
    )


def network():
    return sorted(
        Activity.objects.values_list("champion__person__full_name", "kind", "happened_on", "reached")
    )


def opportunities():
    fields = (
        "title",
        "status",
        "closes_on",
        "reward_amount",
        "places",
        "project__title",
        "days",
        "times_of_day",
    )
    return (
        sorted(Opportunity.objects.values_list(*fields)),
        sorted(
            ExpressionOfInterest.objects.values_list(
                "opportunity__title", "person__full_name", "status", "came_in"
            )
        ),
    )


SNAPSHOTS = {
    "accounts": accounts,
    "people": people,
    "projects": projects,
    "meetings": meetings,
    "network": network,
    "opportunities": opportunities,
}


def load_and_snapshot(seed: str) -> dict:
    call_command("load_demo", "--seed", seed, "--scale", "0.2", stdout=StringIO())
    taken = {app: snapshot() for app, snapshot in SNAPSHOTS.items()}
    delete_demo_rows()
    return taken


def test_the_same_seed_makes_the_same_programme_and_another_seed_does_not():
    first = load_and_snapshot("4")
    assert all(part for snapshot in first.values() for part in snapshot), "an app's generator made nothing"
    again = load_and_snapshot("4")
    for app in SNAPSHOTS:
        assert again[app] == first[app], f"the same seed made different {app}"
    other = load_and_snapshot("5")
    for app in ("accounts", "people", "meetings", "opportunities"):
        assert other[app] != first[app], f"another seed made the same {app}"
