"""The network in site search (coproduce.core.search): public events for anyone (the /events/ pages), and
the champions register for the co-production officers who keep it."""

from django.utils import timezone
from django.utils.dateformat import format as format_date

from coproduce.core import search
from coproduce.core.links import link
from coproduce.meetings.models import Meeting

from .models import Champion
from .rules import OFFICERS


def _event(meeting: Meeting) -> search.Document | None:
    if not meeting.is_public or meeting.cancelled_at is not None:
        return None
    when = format_date(timezone.localtime(meeting.starts_at), "j F Y")
    return search.Document(
        title=meeting.title,
        text=meeting.purpose,
        summary=f"{when}: {meeting.purpose[:160]}",
    )


def _champion(champion: Champion) -> search.Document | None:
    person = champion.person
    if person.erased_at is not None:
        return None
    where = ", ".join(
        part for part in (champion.area.name, champion.organisation and champion.organisation.name) if part
    )
    return search.Document(
        title=person.full_name,
        text=f"{where}\n{champion.team}",
        summary=f"{champion.get_status_display()}, {where}" + (f", {champion.team}" if champion.team else ""),
    )


search.register(
    search.Kind(
        key="public_event",
        label="Public events",
        model=Meeting,
        document=_event,
        rows=lambda: Meeting.objects.filter(is_public=True, cancelled_at__isnull=True),
        url=lambda user, hit: link("network:event", args=[hit.object_id]),
        order=33,
    ),
    search.Kind(
        key="champion",
        label="Champions",
        model=Champion,
        document=_champion,
        rows=lambda: Champion.objects.select_related("person", "area", "organisation"),
        url=lambda user, hit: link("network_manage:champion", args=[hit.object_id]),
        policy=OFFICERS,
        order=71,
    ),
)
