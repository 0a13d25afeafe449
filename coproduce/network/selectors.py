"""Reads for the champions network's pages and API, each resolved to lists in the views. Dashboard figures
that aggregate the activity log are worked out at most every 15 minutes and shared through the cache."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.signing import BadSignature, TimestampSigner
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from coproduce.core.selectors import CountedPage, CountedPaginator
from coproduce.meetings import selectors as meeting_selectors
from coproduce.meetings.choices import BodyKind
from coproduce.people.models import Person
from coproduce.people.selectors import SUPPRESSED, network_equality_profile

from . import choices
from .models import (
    Activity,
    Area,
    Champion,
    Community,
    EventBooking,
    Newsletter,
    NewsletterOptOut,
    Organisation,
    OutreachContact,
    OutreachPartner,
    Pledge,
    Recommendation,
    Recruit,
)
from .rules import person_of

DASHBOARD_SECONDS = 900
SUPPRESSION_THRESHOLD = 10


def shown_count(n: int) -> int | str:
    """Counts under 10 in reports read "fewer than 10"."""
    return n if n >= SUPPRESSION_THRESHOLD else SUPPRESSED


# --- For other apps -----------------------------------------------------------------------------------------


def current_champion_person_ids() -> list[int]:
    """The person ids of everyone currently a champion (for evaluation's diversity of the champions)."""
    return list(Champion.objects.active().order_by("person_id").values_list("person_id", flat=True))


def current_champions_people():
    """The same as a Person queryset (usable as a subquery, e.g. for people.equality.equality_profile)."""
    return Person.objects.filter(pk__in=Champion.objects.active().values("person_id"))


# --- The pledge and a champion ------------------------------------------------------------------------------


def current_pledge() -> Pledge | None:
    return Pledge.objects.order_by("-version").first()


def pledges() -> list[Pledge]:
    return list(Pledge.objects.select_related("published_by"))


CHAMPION_RELATED = ("person", "area", "organisation", "pledge")


def champion_of(user) -> Champion | None:
    person = person_of(user)
    if person is None:
        return None
    return Champion.objects.select_related(*CHAMPION_RELATED).filter(person=person).first()


def champion(pk) -> Champion:
    found = (
        Champion.objects.select_related(*CHAMPION_RELATED, "decided_by", "nominated_by")
        .prefetch_related("communities", "topics")
        .filter(pk=pk, person__erased_at__isnull=True)
        .first()
    )
    if found is None:
        raise Http404("No such champion")
    return found


def champion_by_code(code: str) -> Champion | None:
    return Champion.objects.active().select_related("person").filter(invitation_code=code).first()


def recruit_of(person) -> Recruit | None:
    if person is None:
        return None
    return Recruit.objects.select_related("champion__person").filter(person=person).first()


def recruit_counts(champion: Champion) -> dict:
    year_start = datetime.date(timezone.localdate().year, 1, 1)
    rows = champion.recruits.aggregate(
        total=Count("pk"), this_year=Count("pk", filter=Q(joined_at__date__gte=year_start))
    )
    return rows


def named_recruits(champion: Champion) -> list[Recruit]:
    """Only those who agreed to be named to the champion."""
    return list(
        champion.recruits.filter(named_to_champion=True, person__erased_at__isnull=True).select_related(
            "person"
        )
    )


def activities_of(champion: Champion):
    return champion.activities.select_related("area").order_by("-happened_on", "-id")


def recommendations_of(champion: Champion) -> list[Recommendation]:
    return list(champion.recommendations.order_by("-raised_at", "-id")[:20])


def inductions_of(champion: Champion) -> list:
    return list(champion.inductions.select_related("recorded_by", "session__course"))


def upcoming_network_meetings(limit: int = 5) -> list:
    return meeting_selectors.upcoming_body_meetings(meeting_selectors.body_of_kind(BodyKind.NETWORK), limit)


def news(limit: int = 3) -> list[Newsletter]:
    return list(Newsletter.objects.filter(sent_at__isnull=False).order_by("-sent_at", "-id")[:limit])


def newsletter(pk) -> Newsletter:
    found = Newsletter.objects.select_related("written_by", "sent_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such newsletter")
    return found


def newsletters():
    return Newsletter.objects.select_related("written_by").order_by("-written_at", "-id")


def sent_newsletter(pk) -> Newsletter:
    found = Newsletter.objects.filter(pk=pk, sent_at__isnull=False).first()
    if found is None:
        raise Http404("No such newsletter")
    return found


# --- The register -------------------------------------------------------------------------------------------


REGISTER_GENERATION_KEY = "network:register-generation"
REGISTER_SECONDS = 900
REGISTER_ROW_COLUMNS = (
    "id",
    "team",
    "status",
    "area_id",
    "area__name",
    "organisation_id",
    "organisation__name",
    "person__full_name",
)


def forget_register(**kwargs):
    """A champion, an area or an organisation was saved or deleted (post_save / post_delete, and the
    erasure's bulk updates): the register's shared overview and totals are from before it."""
    try:
        cache.incr(REGISTER_GENERATION_KEY)
    except ValueError:
        cache.set(REGISTER_GENERATION_KEY, 2, None)


def _register_key(name: str) -> str:
    """A shared key for the register's figures, naming the generation of champions and of people (erasing a
    person takes them off the register) it was worked out from."""
    from coproduce.people.selectors import PEOPLE_GENERATION_KEY

    keys = (REGISTER_GENERATION_KEY, PEOPLE_GENERATION_KEY)
    generations = cache.get_many(keys)  # one round trip; a missing generation starts at 1 (add: no race)
    for key in keys:
        if key not in generations:
            cache.add(key, 1, None)
            generations[key] = cache.get(key, 1)
    network, people = (generations[key] for key in keys)
    return f"network:register:{network}:{people}:{name}"


def register(*, area: int | None = None, organisation: int | None = None, status: str = "active"):
    """Champions ordered by area, then organisation, then name: a page of it regroups into the grouped
    list."""
    found = Champion.objects.select_related("person", "area", "organisation").filter(
        person__erased_at__isnull=True
    )
    if status == "pending":
        found = found.pending()
    elif status == "active":
        found = found.filter(status=choices.ChampionStatus.ACTIVE)
    if area:
        found = found.filter(area_id=area)
    if organisation:
        found = found.filter(organisation_id=organisation)
    return found.order_by("area__order", "area__name", "organisation__name", "person__name_search", "id")


def register_page(
    number, per_page: int, *, area: int | None = None, organisation: int | None = None, status: str = "active"
):
    """A page of the register (dicts of REGISTER_ROW_COLUMNS, cut as CountedPaginator.get_page cuts it) and
    its total, shared through the cache until the next champion, area, organisation or person is saved
    (`forget_register`, people's generation): each page sorts every champion listed, so it is read once a
    generation, not per view."""
    prefix = _register_key("")
    criteria = f"{status}:{area or ''}:{organisation or ''}"
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    count_key, page_key = f"{prefix}count:{criteria}", f"{prefix}page:{per_page}:{criteria}:{wanted}"
    found = cache.get_many([count_key, page_key])
    if count_key in found and page_key in found:
        rows, more = found[page_key]
        return CountedPage(rows, wanted, CountedPaginator([], per_page, count=found[count_key]), more=more)
    listed = register(area=area, organisation=organisation, status=status)
    count = found.get(count_key)
    if count is None:
        count = listed.order_by().count()
        cache.set(count_key, count, REGISTER_SECONDS)
    page = CountedPaginator(listed.values(*REGISTER_ROW_COLUMNS), per_page, count=count).get_page(number)
    if page.number == wanted:  # a page past the end is not kept (any number could be asked)
        cache.set(page_key, (page.object_list, page.more), REGISTER_SECONDS)
    return page


def register_shared(name: str, compute):
    """`compute()`'s value, shared through the cache until the next champion, area, organisation or person
    is saved, like the register's figures."""
    key = _register_key(name)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, REGISTER_SECONDS)
    return found


def register_filter_choices() -> dict[str, list[tuple[int, str]]]:
    """The register filter's areas and organisations (id, name), shared like the register's figures."""
    return register_shared(
        "choices",
        lambda: {
            "area": list(Area.objects.values_list("pk", "name")),
            "organisation": list(Organisation.objects.values_list("pk", "name")),
        },
    )


def register_groups(rows) -> list[dict]:
    """A page of `register_page` grouped by area, then organisation (they arrive in that order), each
    champion with its link and the status shown when not active."""
    labels = dict(choices.ChampionStatus.choices)
    link = reverse("network_manage:champion", args=[0]).replace("/0/", "/{}/")
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["area_id"] != row["area_id"]:
            groups.append({"area_id": row["area_id"], "name": row["area__name"], "organisations": []})
        organisations = groups[-1]["organisations"]
        if not organisations or organisations[-1]["id"] != row["organisation_id"]:
            organisations.append(
                {
                    "id": row["organisation_id"],
                    "name": row["organisation__name"] or RESIDENTS,
                    "champions": [],
                }
            )
        organisations[-1]["champions"].append(
            {
                "link": link.format(row["id"]),
                "name": row["person__full_name"],
                "team": row["team"],
                "status": ""
                if row["status"] == choices.ChampionStatus.ACTIVE
                else labels.get(row["status"], ""),
            }
        )
    return groups


RESIDENTS = "Residents, carers and people who use services"


@dataclass
class AreaOverview:
    area: Area
    champions: int
    organisations: list  # (organisation id or None, name, current champions), largest first


def register_overview() -> tuple[list[AreaOverview], list[Organisation]]:
    """The register as a grouped list: every active area with its current champions by organisation (an area
    with none shows 0), and the active organisations with no current champion. Worked out in three queries
    whatever the size of the register (the champions are counted in one grouped query); the register page
    shares what it renders from it (`register_shared`)."""
    counts = (
        Champion.objects.active()
        .values("area_id", "organisation_id", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    by_area: dict[int, list] = {}
    covered = set()
    for row in counts:
        covered.add(row["organisation_id"])
        by_area.setdefault(row["area_id"], []).append(
            (row["organisation_id"], row["organisation__name"] or RESIDENTS, row["n"])
        )
    overview = [
        AreaOverview(area, sum(n for _, _, n in by_area.get(area.pk, [])), by_area.get(area.pk, []))
        for area in Area.objects.filter(active=True).order_by("order", "name")
    ]
    uncovered = [org for org in Organisation.objects.filter(active=True) if org.pk not in covered]
    return overview, uncovered


def areas() -> list[Area]:
    return list(Area.objects.filter(active=True))


def organisations() -> list[Organisation]:
    return list(Organisation.objects.filter(active=True))


def communities() -> list[Community]:
    return list(Community.objects.all())


def pending_count() -> int:
    return Champion.objects.pending().count()


def areas_without_champion() -> list[Area]:
    covered = Champion.objects.active().filter(area=OuterRef("pk"))
    return list(Area.objects.filter(active=True).exclude(Exists(covered)))


def organisations_without_champion() -> list[Organisation]:
    covered = Champion.objects.active().filter(organisation=OuterRef("pk"))
    return list(Organisation.objects.filter(active=True).exclude(Exists(covered)))


def active_champion_choices() -> list[tuple[str, str]]:
    rows = Champion.objects.active().select_related("person", "area").order_by("person__name_search", "id")
    return [(str(c.pk), f"{c.person.full_name} ({c.area.name})") for c in rows]


def people_to_nominate(query: str = ""):
    from coproduce.people.models import normalise_text

    people = Person.objects.current().exclude(
        champion__status__in=[choices.ChampionStatus.ACTIVE, *choices.PENDING]
    )
    words = normalise_text(query).split()[:4]
    for word in words:
        people = people.filter(name_search__contains=word)
    return people.order_by("name_search", "id")


# --- The team's dashboard (cached) --------------------------------------------------------------------------


def _months_back(today: datetime.date, months: int) -> datetime.date:
    year, month = today.year, today.month - months + 1
    while month <= 0:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def _dashboard() -> dict:
    today = timezone.localdate()
    since = _months_back(today, 24)
    active = Champion.objects.active()
    activity = Activity.objects.filter(happened_on__gte=since, happened_on__lte=today)
    by_month = {
        row["month"]: row
        for row in activity.annotate(month=TruncMonth("happened_on"))
        .values("month")
        .annotate(n=Count("pk"), reach=Sum("reached"))
        .order_by("month")
    }
    months = []
    for back in range(23, -1, -1):
        first = _months_back(today, back + 1)
        row = by_month.get(first) or by_month.get(datetime.datetime.combine(first, datetime.time()).date())
        months.append(
            {"month": first, "activities": row["n"] if row else 0, "reach": (row["reach"] or 0) if row else 0}
        )
    peak = max((m["activities"] for m in months), default=0) or 1
    for m in months:
        m["width"] = round(100 * m["activities"] / peak)
    totals = activity.aggregate(n=Count("pk"), reach=Sum("reached"))
    by_kind = list(
        activity.values("kind").annotate(n=Count("pk"), reach=Sum("reached")).order_by("-n", "kind")
    )
    kind_labels = dict(choices.ActivityKind.choices)
    for row in by_kind:
        row["label"] = kind_labels.get(row["kind"], row["kind"])
    recruits_by_champion = list(
        active.annotate(n=Count("recruits"))
        .filter(n__gt=0)
        .select_related("person", "area")
        .order_by("-n", "person__name_search")[:10]
    )
    recruits_by_area = list(
        Recruit.objects.values("champion__area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "champion__area__name")
    )
    champions_by_area = list(
        active.values("area__name").annotate(n=Count("pk")).order_by("area__order", "area__name")
    )
    return {
        "worked_out_at": timezone.now(),
        "months": months,
        "activities": totals["n"] or 0,
        "reach": totals["reach"] or 0,
        "by_kind": by_kind,
        "champions": active.count(),
        "pending": pending_count(),
        "recruits": Recruit.objects.count(),
        "recruits_by_champion": [(c.person.full_name, c.area.name, c.n) for c in recruits_by_champion],
        "recruits_by_area": [(row["champion__area__name"], row["n"]) for row in recruits_by_area],
        "champions_by_area": [(row["area__name"], row["n"]) for row in champions_by_area],
        "areas_without": [a.name for a in areas_without_champion()],
        "organisations_without": [o.name for o in organisations_without_champion()],
        "open_recommendations": Recommendation.objects.exclude(
            status=choices.RecommendationStatus.CLOSED
        ).count(),
    }


def dashboard() -> dict:
    cached = cache.get("network:dashboard")
    if cached is None:
        cached = _dashboard()
        cache.set("network:dashboard", cached, DASHBOARD_SECONDS)
    return cached


def activity_log(*, area: int | None = None, kind: str = ""):
    found = Activity.objects.select_related("champion__person", "area", "recorded_by")
    if area:
        found = found.filter(area_id=area)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-happened_on", "-id")


ACTIVITY_GENERATION_KEY = "network:activity-generation"
ACTIVITY_ROW_COLUMNS = (
    "id",
    "happened_on",
    "champion_id",
    "champion__person__full_name",
    "on_behalf",
    "recorded_by__full_name",
    "kind",
    "where",
    "with_whom",
    "area__name",
    "reached",
)


def forget_activity_count(**kwargs):
    """An activity was saved or deleted (post_save / post_delete): the log's shared totals are from before."""
    try:
        cache.incr(ACTIVITY_GENERATION_KEY)
    except ValueError:
        cache.set(ACTIVITY_GENERATION_KEY, 2, None)


def activity_count(*, area: int | None = None, kind: str = "") -> int:
    """How many activities `activity_log(...)` lists, shared until the next activity is saved."""
    generation = cache.get_or_set(ACTIVITY_GENERATION_KEY, 1, None)
    key = f"network:activity-count:{generation}:{area or ''}:{kind}"
    count = cache.get(key)
    if count is None:
        count = activity_log(area=area, kind=kind).order_by().count()
        cache.set(key, count, REGISTER_SECONDS)
    return count


def activity_page_rows(*, area: int | None = None, kind: str = ""):
    """The log's rows as plain dicts of the columns the page shows (a page of it is cut by the view)."""
    return activity_log(area=area, kind=kind).values(*ACTIVITY_ROW_COLUMNS)


def activity_rows(rows) -> list[dict]:
    """A page of `activity_page_rows` with each cell's text and link prepared once."""
    from django.utils.dateformat import format as format_date

    kinds = dict(choices.ActivityKind.choices)
    link = reverse("network_manage:champion", args=[0]).replace("/0/", "/{}/")
    return [
        {
            "when": format_date(row["happened_on"], "j M Y"),
            "link": link.format(row["champion_id"]),
            "champion": row["champion__person__full_name"],
            "recorded_by": row["recorded_by__full_name"] if row["on_behalf"] else "",
            "kind": kinds.get(row["kind"], row["kind"]),
            "where": f"{row['where']}; {row['with_whom']}" if row["with_whom"] else row["where"],
            "area": row["area__name"],
            "reached": row["reached"],
        }
        for row in rows
    ]


def recommendations(status: str = ""):
    found = Recommendation.objects.select_related("champion__person")
    if status:
        found = found.filter(status=status)
    return found.order_by("status", "-raised_at", "-id")


def recommendation(pk) -> Recommendation:
    found = Recommendation.objects.select_related("champion__person", "answered_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such recommendation")
    return found


# --- Gaps to outreach ---------------------------------------------------------------------------------------


@dataclass
class Gap:
    topic: str
    label: str
    network: str  # the network's share, or "fewer than N%" when the count is suppressed
    census: object
    partners: list


def _gap_rows():
    """Census categories where the network's make-up falls short of the local population: its share is under
    two thirds of the census share (where the count is suppressed, only when even 9 people would be)."""
    profile, worked_out_at = network_equality_profile()
    for topic in profile:
        if topic.answered == SUPPRESSED or not topic.answered:
            continue
        for row in topic.rows:
            census = row.oxfordshire if row.oxfordshire is not None else row.england
            if census is None or row.value == "prefer_not" or census < 2:
                continue
            threshold = float(census) * 2 / 3
            if row.suppressed:
                ceiling = 100 * (SUPPRESSION_THRESHOLD - 1) / topic.answered
                if ceiling < threshold:
                    yield topic, row, census, f"under {ceiling:.1f}%"
            elif row.percent is not None and float(row.percent) < threshold:
                yield topic, row, census, f"{row.percent}%"


def outreach_gaps() -> tuple[list[Gap], object]:
    """Each gap with the outreach partners who reach that community (through Community's census link)."""
    gaps = list(_gap_rows())
    wanted = {(topic.field, row.value) for topic, row, _, _ in gaps}
    partners_by_key: dict = {}
    if wanted:
        linked = Community.objects.filter(equality_field__in={f for f, _ in wanted}).prefetch_related(
            Prefetch("partners", queryset=OutreachPartner.objects.filter(active=True).order_by("name"))
        )
        for community in linked:
            key = (community.equality_field, community.equality_value)
            partners_by_key.setdefault(key, []).extend(community.partners.all())
    result = [
        Gap(topic.heading, row.label, shown, census, partners_by_key.get((topic.field, row.value), []))
        for topic, row, census, shown in gaps
    ]
    return result, network_equality_profile()[1]


# --- Outreach partners --------------------------------------------------------------------------------------


def partners(community: int | None = None):
    found = OutreachPartner.objects.select_related("area").prefetch_related("communities")
    if community:
        found = found.filter(communities=community)
    return found.order_by("-active", "name")


def partner(pk) -> OutreachPartner:
    found = (
        OutreachPartner.objects.select_related("area").prefetch_related("communities").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("No such partner")
    return found


def partner_log(partner: OutreachPartner) -> list[OutreachContact]:
    return list(partner.contacts.select_related("recorded_by")[:50])


# --- Public events ------------------------------------------------------------------------------------------


def bookings(meeting) -> list[EventBooking]:
    return list(meeting.public_bookings.filter(cancelled_at__isnull=True).select_related("person"))


def booking(meeting, pk) -> EventBooking:
    found = meeting.public_bookings.filter(pk=pk).first()
    if found is None:
        raise Http404("No such booking")
    return found


def booking_counts(meeting_ids: list[int]) -> dict[int, int]:
    return dict(
        EventBooking.objects.filter(meeting_id__in=meeting_ids, cancelled_at__isnull=True)
        .values_list("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )


@dataclass(frozen=True)
class Booker:
    full_name: str


@dataclass(frozen=True)
class BookedPlace:
    """A public booking as the meetings support summary reads a registration (meetings.selectors
    .add_support_source), so a public event's summary counts the public's access needs too."""

    person: Booker
    access_needs: list
    adjustments_detail: str
    formats: tuple = ()
    companion_name: str = ""
    dietary_needs: str = ""
    other_language: str = ""


def booked_places(meeting) -> list[BookedPlace]:
    if not meeting.is_public:
        return []
    return [
        BookedPlace(Booker(f"{row.name} (booked)"), list(row.access_needs or []), row.access_detail)
        for row in meeting.public_bookings.filter(cancelled_at__isnull=True).only(
            "name", "access_needs", "access_detail"
        )
    ]


# --- Newsletters --------------------------------------------------------------------------------------------


def newsletter_recipient_ids(audience: str) -> list[int]:
    """Champions (and, for everyone, members who agreed to be contacted) with an address of some kind (it goes
    by the way each chose to be contacted), leaving out anyone who unsubscribed."""
    people = Person.objects.current().filter(~Q(email="") | ~Q(phone="") | ~Q(address=""))
    who = Q(pk__in=Champion.objects.active().values("person_id"))
    if audience == choices.Audience.EVERYONE:
        who |= Q(consents_to_contact=True)
    people = people.filter(who).exclude(pk__in=NewsletterOptOut.objects.values("person_id"))
    return list(people.order_by("pk").values_list("pk", flat=True))


UNSUBSCRIBE_SALT = "network.unsubscribe"


def unsubscribe_token(person_id: int) -> str:
    return TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(person_id))


def person_for_unsubscribe(token: str) -> Person:
    try:
        pk = int(TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (BadSignature, ValueError):
        raise Http404("This unsubscribe link is not valid") from None
    person = Person.objects.current().filter(pk=pk).first()
    if person is None:
        raise Http404("This unsubscribe link is not valid")
    return person


def is_unsubscribed(person) -> bool:
    return NewsletterOptOut.objects.filter(person=person).exists()


# --- New voices ---------------------------------------------------------------------------------------------


def new_voices_report() -> dict:
    """Of the people involved this year (attended a meeting), how many are new to the programme."""
    cached = cache.get("network:new_voices")
    if cached is None:
        today = timezone.localdate()
        since = datetime.date(today.year, 1, 1)
        counts = meeting_selectors.involvement_since(since)
        last_year = meeting_selectors.involvement_since(datetime.date(today.year - 1, 1, 1))
        share = round(100 * counts["new"] / counts["involved"]) if counts["involved"] else None
        cached = {
            "year": today.year,
            "involved": shown_count(counts["involved"]),
            "new": shown_count(counts["new"]),
            "share": share if counts["new"] >= SUPPRESSION_THRESHOLD and counts["involved"] else None,
            "worked_out_at": timezone.now(),
            "since_last_year": shown_count(last_year["involved"]),
        }
        cache.set("network:new_voices", cached, DASHBOARD_SECONDS)
    return cached


def champions_serving_on(day: datetime.date) -> int:
    """How many people were champions on `day` (started by then, not yet stepped down): evaluation's
    "champions" indicator, also for past days."""
    return (
        Champion.objects.filter(
            status__in=[choices.ChampionStatus.ACTIVE, choices.ChampionStatus.STEPPED_DOWN],
            started_on__lte=day,
            person__erased_at__isnull=True,
        )
        .filter(Q(stepped_down_on__isnull=True) | Q(stepped_down_on__gt=day))
        .count()
    )
