"""Projects' part of a person's data: the teams they are or were on (registered from
ProjectsConfig.ready())."""

from coproduce.people import personal_data

from .models import TeamMember


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


def involvement(person):
    current = list(
        TeamMember.objects.current()
        .filter(person=person)
        .select_related("project")
        .order_by("project__title", "id")
    )
    if not current:
        return None
    return personal_data.Involvement("projects/member/_involvement.html", {"memberships": current})


def register():
    # No eraser: team membership is a record of taking part, with no free text about the person, and stays
    # with the tombstone.
    personal_data.register("projects", download=download, involvement=involvement)
