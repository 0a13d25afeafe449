"""The champions network's part of a person's data (registered from NetworkConfig.ready())."""

from coproduce.core import search, work
from coproduce.people import personal_data

from .choices import ChampionStatus
from .models import (
    Activity,
    Champion,
    EventBooking,
    NewsletterDelivery,
    NewsletterOptOut,
    Recommendation,
    Recruit,
)


def _iso(value):
    return value.isoformat() if value else None


def download(person) -> dict[str, list[dict]]:
    parts: dict[str, list[dict]] = {}
    champion = (
        Champion.objects.select_related("area", "organisation", "pledge")
        .prefetch_related("communities", "topics", "inductions")
        .filter(person=person)
        .first()
    )
    if champion is not None:
        parts["champion"] = [
            {
                "status": champion.get_status_display(),
                "how": champion.get_route_display(),
                "describes_you": champion.get_kind_display(),
                "area": champion.area.name,
                "organisation": champion.organisation.name if champion.organisation else "",
                "team": champion.team,
                "communities": [c.name for c in champion.communities.all()],
                "topics": [t.name for t in champion.topics.all()],
                "why": champion.why,
                "pledge_version": champion.pledge.version if champion.pledge else None,
                "pledge_agreed_at": _iso(champion.pledge_agreed_at),
                "started_on": _iso(champion.started_on),
                "stepped_down_on": _iso(champion.stepped_down_on),
                "inductions": [_iso(i.held_on) for i in champion.inductions.all()],
            }
        ]
        parts["champion_activity"] = [
            {
                "what": a.get_kind_display(),
                "on": _iso(a.happened_on),
                "where": a.where,
                "with_whom": a.with_whom,
                "reached": a.reached,
                "description": a.description,
            }
            for a in Activity.objects.filter(champion=champion).order_by("happened_on", "id")
        ]
        parts["champion_recommendations"] = [
            {
                "title": r.title,
                "text": r.text,
                "raised_at": _iso(r.raised_at),
                "status": r.get_status_display(),
                "response": r.response,
                "outcome": r.get_outcome_display() if r.outcome else "",
            }
            for r in Recommendation.objects.filter(champion=champion).order_by("raised_at", "id")
        ]
    recruit = Recruit.objects.filter(person=person).first()
    if recruit is not None:
        parts["joined_through_a_champion"] = [
            {"joined_at": _iso(recruit.joined_at), "champion_may_see_your_name": recruit.named_to_champion}
        ]
    bookings = EventBooking.objects.filter(person=person).select_related("meeting").order_by("booked_at")
    if bookings:
        parts["public_event_bookings"] = [
            {
                "event": b.meeting.title,
                "booked_at": _iso(b.booked_at),
                "access_needs": b.access_needs,
                "access_detail": b.access_detail,
            }
            for b in bookings
        ]
    if NewsletterOptOut.objects.filter(person=person).exists():
        parts["newsletter"] = [{"unsubscribed": True}]
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    Champion.objects.filter(
        person=person, status__in=[ChampionStatus.ACTIVE, ChampionStatus.APPLIED, ChampionStatus.NOMINATED]
    ).update(status=ChampionStatus.STEPPED_DOWN)
    work.forget_following(Champion)
    Champion.objects.filter(person=person).update(why="", team="", decision_note="")
    from .selectors import forget_register

    forget_register()
    search.refresh(Champion, Champion.objects.filter(person=person).values_list("pk", flat=True))
    Activity.objects.filter(champion__person=person).update(description="", with_whom="")
    Recruit.objects.filter(person=person).update(named_to_champion=False)
    EventBooking.objects.filter(person=person).update(
        name="", email="", phone="", access_needs=[], access_detail=""
    )
    NewsletterDelivery.objects.filter(person=person).delete()
    NewsletterOptOut.objects.filter(person=person).delete()
    return [
        "champion.status",
        "champion.why",
        "champion_activity.description",
        "champion_activity.with_whom",
        "recruit.named_to_champion",
        "event_bookings",
        "newsletter",
    ]


def involvement(person):
    champion = Champion.objects.select_related("area").filter(person=person).first()
    if champion is None:
        return None
    return personal_data.Involvement("network/member/_involvement.html", {"champion": champion})


def register():
    personal_data.register(
        "network",
        download=download,
        erase=erase,
        involvement=involvement,
        kept=(
            "The champions network keeps how many activities you logged and how many people they "
            "reached, and the recommendations you passed on, without your name."
        ),
    )
