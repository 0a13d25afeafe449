"""Projects' part of a person's data: the teams they are or were on (registered from
ProjectsConfig.ready())."""

from coproduce.core.links import link
from coproduce.core.prepared import PreparedRows, Slot
from coproduce.people import personal_data

from .choices import TeamRole
from .models import TeamMember
from .rules import remember_on_any_team

ROLE_LABELS = dict(TeamRole.choices)


def _iso(value):
    return value.isoformat() if value else None


def download(person) -> dict[str, list[dict]]:
    memberships = (
        TeamMember.objects.filter(person=person).select_related("project").order_by("joined_at", "id")
    )
    rows = [
        {
            "project": member.project.title,
            "role": member.get_role_display(),
            "joined_at": _iso(member.joined_at),
            "left_at": _iso(member.left_at),
        }
        for member in memberships
    ]
    return {"project_teams": rows} if rows else {}


def _current_teams():
    return (
        TeamMember.objects.current()
        .filter(person_id=Slot("person"))
        .order_by("project__title", "id")
        .values_list("project_id", "project__title", "role")
    )


# Compiled once per process (core.prepared): the profile page gathers seven apps' parts (decision 0011).
CURRENT_TEAMS = PreparedRows(_current_teams)


def involvement(person):
    # The columns the list shows, prepared here: the profile page gathers seven apps' parts (decision 0011).
    current = [
        {
            "url": link("projects:team_project", args=(project_id,)),
            "title": title,
            "role": ROLE_LABELS.get(role, role).lower(),
        }
        for project_id, title, role in CURRENT_TEAMS.rows(person=person.pk)
    ]
    remember_on_any_team(person, bool(current))
    if not current:
        return None
    return personal_data.Involvement("projects/member/_involvement.html", {"memberships": current})


def register():
    # No eraser: team membership is a record of taking part, with no free text about the person, and stays
    # with the tombstone.
    personal_data.register("projects", download=download, involvement=involvement)
