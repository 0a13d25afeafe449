"""Opportunities' part of a person's data: what they applied for and were invited to (registered from
OpportunitiesConfig.ready())."""

from coproduce.core.links import link
from coproduce.core.prepared import PreparedRows, Slot
from coproduce.people import personal_data

from .choices import InterestStatus
from .models import ExpressionOfInterest, Invitation

STATUS_LABELS = dict(InterestStatus.choices)

# Free text the person wrote (or an officer wrote to them) about themselves; blanked on erasure. The rows
# stay so an opportunity's numbers of applicants and selections do not change.
ERASED_TEXT = ("why", "brings", "access_needs_detail", "came_in_note", "outcome_message")


def _iso(value):
    return value.isoformat() if value else None


def _interest_rows(person) -> list[dict]:
    interests = (
        ExpressionOfInterest.objects.filter(person=person)
        .select_related("opportunity")
        .order_by("created_at", "id")
    )
    return [
        {
            "opportunity": interest.opportunity.title,
            "why": interest.why,
            "brings": interest.brings,
            "access_needs": interest.access_needs_labels,
            "access_needs_detail": interest.access_needs_detail,
            "contact_method": interest.contact_method_label,
            "status": interest.get_status_display(),
            "sent_at": _iso(interest.created_at),
            "withdrawn_at": _iso(interest.withdrawn_at),
            "decided_at": _iso(interest.decided_at),
            "outcome_message": interest.outcome_message,
        }
        for interest in interests
    ]


def _invitation_rows(person) -> list[dict]:
    invitations = (
        Invitation.objects.filter(person=person).select_related("opportunity").order_by("invited_at", "id")
    )
    return [
        {
            "opportunity": invitation.opportunity.title,
            "method": invitation.get_method_display(),
            "invited_at": _iso(invitation.invited_at),
        }
        for invitation in invitations
    ]


def download(person) -> dict[str, list[dict]]:
    parts = {"expressions_of_interest": _interest_rows(person), "invitations": _invitation_rows(person)}
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    ExpressionOfInterest.objects.filter(person=person).update(
        access_needs=[], **dict.fromkeys(ERASED_TEXT, "")
    )
    return [f"expressions_of_interest.{name}" for name in (*ERASED_TEXT, "access_needs")]


def _interests():
    return (
        ExpressionOfInterest.objects.filter(person_id=Slot("person"))
        .order_by("-created_at", "-id")
        .values_list("pk", "opportunity__title", "status")
    )


# Compiled once per process (core.prepared): the profile page gathers seven apps' parts (decision 0011).
INTERESTS = PreparedRows(_interests)


def involvement(person):
    interests = [
        {
            "url": link("opportunities:application", args=(pk,)),
            "title": title,
            "status": STATUS_LABELS.get(status, status).lower(),
        }
        for pk, title, status in INTERESTS.rows(person=person.pk)
    ]
    if not interests:
        return None
    return personal_data.Involvement("opportunities/member/_involvement.html", {"interests": interests})


def register():
    personal_data.register("opportunities", download=download, erase=erase, involvement=involvement)
