"""The board's challenges and the concordat in site search (coproduce.core.search). A challenge is found by
those who may open it (board members and the team, or the lead it was sent to: views_manage._challenge_for);
every version of the concordat is public."""

from django.utils.dateformat import format as format_date

from coproduce.core import search
from coproduce.core.links import link

from .models import Challenge, ConcordatVersion
from .rules import CHALLENGE_PAGES, CHALLENGERS


def _challenge(challenge: Challenge) -> search.Document:
    return search.Document(
        title=f"{challenge.get_kind_display()} to {challenge.project.title}",
        text=f"{challenge.text}\n{challenge.response}\n{challenge.outcome_note}",
        summary=f"{challenge.get_status_display()}: {challenge.text[:180]}",
    )


def _challenges_visible(user):
    if CHALLENGERS.allows(user):
        return search.EVERYTHING
    return search.Few(Challenge.objects.filter(lead=user).values("pk"))  # the challenges they lead


def _concordat(version: ConcordatVersion) -> search.Document:
    return search.Document(
        title=f"{version.title} (version {version.number})",
        text=f"{version.text}\n{version.what_changed}",
        summary=f"Approved {format_date(version.approved_on, 'j F Y')}",
        key=str(version.number),
    )


search.register(
    search.Kind(
        key="challenge",
        label="Board challenges",
        model=Challenge,
        document=_challenge,
        rows=lambda: Challenge.objects.select_related("project"),
        visible=_challenges_visible,
        url=lambda user, hit: link("programme_manage:challenge", args=[hit.object_id]),
        policy=CHALLENGE_PAGES,
        order=35,
    ),
    search.Kind(
        key="concordat",
        label="The concordat",
        model=ConcordatVersion,
        document=_concordat,
        rows=lambda: ConcordatVersion.objects.all(),
        url=lambda user, hit: link("programme:concordat_version", args=[int(hit.key)]),
        order=36,
    ),
)
