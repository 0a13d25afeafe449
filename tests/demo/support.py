"""Emptying the demo programme between two loads in one test. Rows that protect others go first."""

from django.apps import apps

# Each model's rows point (with PROTECT) at the models after it. A new app whose rows protect people,
# accounts or projects adds its model here, in front of what it points at.
DELETE_ORDER = (
    "meetings.Action",
    "meetings.Decision",
    "meetings.Attendance",
    "meetings.Registration",
    "meetings.Meeting",
    "meetings.Venue",
    "meetings.BodyMembership",
    "opportunities.Opportunity",
    "projects.Project",
    "people.Person",
    "accounts.User",
)


def delete_demo_rows(down_to: str = "accounts.User") -> None:
    """Delete every row of the models in DELETE_ORDER, in order, stopping after `down_to`."""
    for label in DELETE_ORDER[: DELETE_ORDER.index(down_to) + 1]:
        apps.get_model(label).objects.all().delete()
