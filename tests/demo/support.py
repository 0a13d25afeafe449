"""Emptying the demo between two loads in one test: rows that point at people (protected) go first."""

from coproduce.accounts.models import User
from coproduce.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    BodyMembership,
    Decision,
    Meeting,
    Registration,
    Venue,
)
from coproduce.people.models import Person


def clear_people_and_accounts():
    for model in (Action, Decision, Attendance, Registration, AgendaItem, Meeting, Venue, BodyMembership):
        model.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
