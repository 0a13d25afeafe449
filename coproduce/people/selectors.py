"""Reads for the officers' people pages and the people API: each page's queries come from here.

Search compares the normalised *_search columns by prefix (an index range on SQLite and PostgreSQL alike),
never `icontains`; a surname is found by a prefix range over PersonNameWord (the name from each word on).
Filters on the JSON lists (formats, access needs, days) read PersonListValue, one indexed row per value
carrying the person's name_search, so the directory's first pages in name order stop after their rows.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from html import escape  # Django's escape is this plus a lazy-string wrapper and a SafeString per call
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from coproduce.accounts.models import Role, User
from coproduce.audit.services import record
from coproduce.core.prepared import PreparedRows, Slot

from . import census, choices, personal_data
from .choices import NoteKind
from .models import (
    CONTACT_COLUMNS,
    PERSONAL_DETAILS,
    Consent,
    EqualityRecord,
    Interest,
    LivedExperienceArea,
    Person,
    PersonListValue,
    PersonNameWord,
    PersonNote,
    list_entry,
    normalise_phone,
    normalise_postcode,
    normalise_text,
)
from .rules import may_view_safeguarding_notes

# Last-involvement filter values: months back, or "never" / "over12".
INVOLVEMENT_MONTHS = {"3": 3, "6": 6, "12": 12}

SORTS = {
    "name": ("name_search",),
    "last_involved": ("last_involved_at",),
    "registered": ("registered_at",),
}

# What a directory row shows (and sorts by): nothing else is read.
DIRECTORY_COLUMNS = (
    *CONTACT_COLUMNS,
    "consents_to_contact",
    "last_involved_at",
    "registered_at",
    "name_search",
)

POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{0,2})?$")


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    area: int | None = None
    interest: int | None = None
    format: str = ""
    access_need: str = ""
    day: str = ""
    mode: str = ""  # "online" | "in_person"
    contact: str = ""  # "yes" | "no"
    involved: str = ""  # "3" | "6" | "12" | "over12" | "never"
    sort: str = "name"
    direction: str = "asc"


def months_ago(months: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, min(today.day, 28))


def json_list_has(field: str, value: str) -> Q:
    """People whose JSON list `field` holds `value`."""
    if connection.features.supports_json_field_contains:
        return Q(**{f"{field}__contains": [value]})
    # SQLite stores the list as JSON text: the quoted value is a unique token inside it.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def _name_word_ids(name: str) -> QuerySet:
    """The ids of the people with a name word starting with `name` (a person may be listed once a word)."""
    return PersonNameWord.objects.filter(text__gte=name, text__lt=name + "\uffff").values("person_id")


def name_q(name: str) -> Q:
    """People whose normalised name, or any later word of it, starts with `name`: a prefix range over the
    PersonNameWord index (the name from each word on), read for the matches only."""
    return Q(id__in=_name_word_ids(name))


def _search_parts(query: str) -> tuple[str, list[Q]]:
    """The ways search_q finds someone, each an index range of its own: the normalised name to read from
    the name words ("" when the query is no name), and ranges over Person's own columns."""
    if "@" in query:
        email = query.lower()
        return "", [Q(email_search__gte=email, email_search__lt=email + "\uffff")]
    if not re.search(r"[A-Za-z]", query):
        phone = normalise_phone(query)
        return "", [Q(phone_search__gte=phone, phone_search__lt=phone + "\uffff")] if phone else []
    name = normalise_text(query)
    ranges = []
    if " " not in name:
        # The start of an email address ("sam.smith") finds it too.
        ranges.append(Q(email_search__gte=name, email_search__lt=name + "\uffff"))
    postcode = normalise_postcode(query)
    if POSTCODE_LIKE.match(postcode):
        ranges.append(Q(postcode_search__gte=postcode, postcode_search__lt=postcode + "\uffff"))
    return name, ranges


def search_q(query: str) -> Q:
    """Name (start of the full name, or of any later word such as the surname), email, phone or postcode."""
    query = query.strip()
    if not query:
        return Q()
    name, ranges = _search_parts(query)
    if not ranges:
        return name_q(name) if name else Q(pk__in=[])
    if not name and len(ranges) == 1:
        return ranges[0]
    # One `id IN (name words UNION email UNION postcode)`, not `id IN (words) OR email range`: PostgreSQL
    # guesses half the register for the OR and walks the whole name index testing each person (hundreds
    # of ms for a word that matches no name); the union it reads as a few ids and sorts them.
    return Q(id__in=_union_of(name, ranges))


def search_ids(query: str) -> QuerySet | None:
    """The ids of the people search_q(query) finds, as a union of its index ranges (None when nothing can
    match), to be read with `id__in` (without a union, a person whose name has two matching words is listed
    twice). For a few people in name order (site search): written as one OR, PostgreSQL guessed half the
    people matched and walked the name index testing each, to the end for a word that is no one's name
    (60 ms for "meeting" at scale 25); the union is estimated by its ranges and read for the matches alone.
    The name words are read as the ids they hold, not joined back to people inside the union: the outer
    query reads each person once anyway (about 1 ms less for "ash" on both databases, decision 0011)."""
    query = query.strip()
    return _union_of(*_search_parts(query)) if query else None


def _union_of(name: str, ranges: list[Q]) -> QuerySet | None:
    """The ids in the name words starting with `name` (when given) and in each range over Person."""
    sets = [Person.objects.filter(part).order_by().values("pk") for part in ranges]
    if name:
        sets.insert(0, _name_word_ids(name))
    if not sets:
        return None
    first, *rest = sets
    return first.union(*rest) if rest else first


# The directory's filters on JSON lists: filter name -> the list it reads.
LIST_FILTERS = {"format": "formats", "access_need": "access_needs", "day": "available_days"}


def _list_filters(filters: DirectoryFilters) -> list[tuple[str, str]]:
    return [(name, getattr(filters, key)) for key, name in LIST_FILTERS.items() if getattr(filters, key)]


def _conditions(
    filters: DirectoryFilters, *, person: str = "", skip_list: tuple[str, str] | None = None
) -> Q:
    """The filters as conditions on a current person, reached by `person` ("" on Person, "person__" from a
    row pointing at one); `skip_list` is a list filter the query's own table already answers."""
    pk = OuterRef(f"{person}pk" if person else "pk")
    found = Q(**{f"{person}erased_at__isnull": True})
    if filters.q:
        found &= _prefixed(search_q(filters.q), person)
    if filters.area:
        through = Person.lived_experience.through.objects
        found &= Q(Exists(through.filter(person=pk, livedexperiencearea=filters.area)))
    if filters.interest:
        found &= Q(Exists(Person.interests.through.objects.filter(person=pk, interest=filters.interest)))
    for name, value in _list_filters(filters):
        if (name, value) != skip_list:
            found &= Q(Exists(PersonListValue.objects.filter(person=pk, entry=list_entry(name, value))))
    if filters.mode == "online":
        found &= Q(**{f"{person}online": True})
    elif filters.mode == "in_person":
        found &= Q(**{f"{person}in_person": True})
    if filters.contact:
        found &= Q(**{f"{person}consents_to_contact": filters.contact == "yes"})
    if filters.involved in INVOLVEMENT_MONTHS:
        found &= Q(**{f"{person}last_involved_at__gte": months_ago(INVOLVEMENT_MONTHS[filters.involved])})
    elif filters.involved == "over12":
        found &= Q(**{f"{person}last_involved_at__lt": months_ago(12)})
    elif filters.involved == "never":
        found &= Q(**{f"{person}last_involved_at__isnull": True})
    return found


def _prefixed(condition: Q, person: str) -> Q:
    """`condition` (on Person's own columns) as seen from a row reaching the person by `person`."""
    if not person:
        return condition
    copy = condition.copy()
    copy.children = [
        _prefixed(child, person) if isinstance(child, Q) else (f"{person}{child[0]}", child[1])
        for child in condition.children
    ]
    return copy


def directory(filters: DirectoryFilters) -> QuerySet[Person]:
    """Current people matching the filters, in the chosen order, with their lived experience prefetched."""
    people = Person.objects.only(*DIRECTORY_COLUMNS).filter(_conditions(filters))
    return people.order_by(*ordering(filters.sort, filters.direction)).prefetch_related(
        Prefetch("lived_experience", queryset=LivedExperienceArea.objects.only("id", "name"))
    )


def directory_ids(filters: DirectoryFilters) -> QuerySet:
    """The ids of `directory(filters)` in its order, as the directory's pages are cut.

    Sorted by name with a list filter, they are read from that list's PersonListValue rows, which are
    indexed in name order: the page stops after its rows instead of walking every person in name order
    and testing each one's lists."""
    lists = _list_filters(filters)
    if not lists or filters.sort not in ("", "name"):
        # directory(filters)'s conditions and order, without its columns and prefetch (built, then dropped).
        people = Person.objects.filter(_conditions(filters))
        return people.order_by(*ordering(filters.sort, filters.direction)).values_list("pk", flat=True)
    name, value = lists[0]
    descending = filters.direction == "desc"
    return (
        PersonListValue.objects.filter(_conditions(filters, person="person__", skip_list=lists[0]))
        .filter(entry=list_entry(name, value))
        .order_by(*(("-name_search", "-person_id") if descending else ("name_search", "person_id")))
        .values_list("person_id", flat=True)
    )


def directory_filter_options() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The active lived-experience areas and interests as (id, name), each in its list's order: the
    directory's two filter lists in one query, where each ModelChoiceField read its own (decision 0011)."""
    lists = [
        model.objects.filter(active=True)
        .order_by()
        .annotate(kind=Value(kind, IntegerField()))
        .values_list("pk", "name", "order", "kind")
        for kind, model in enumerate((LivedExperienceArea, Interest))
    ]
    areas: list[tuple[int, str]] = []
    interests: list[tuple[int, str]] = []
    for pk, name, _order, kind in lists[0].union(lists[1], all=True).order_by("kind", "order", "name"):
        (interests if kind else areas).append((pk, name))
    return areas, interests


class Day(NamedTuple):
    """A date as a table cell shows it (named, so a template reads `.iso`, not a failed lookup of `.0`)."""

    iso: str  # 2026-03-03
    text: str  # 3 Mar 2026


@dataclass(frozen=True)
class DirectoryRow:
    """One person as the directory shows them, formatted once in Python (decision 0011: no `{% url %}`,
    date filter or related-list loop per cell of a 50-row table)."""

    url: str
    full_name: str
    preferred_name: str
    contact: tuple[str, ...]
    lived_experience: str
    agreed_to_contact: str
    last_involved: Day | None
    registered: Day

    @property
    def html(self) -> str:
        """The row's table markup, written here rather than by the template: eleven template variables per
        row and their escaping were most of the page's rendering."""
        preferred = (
            f'<br><span class="govuk-body-s">Likes to be called {escape(self.preferred_name)}</span>'
            if self.preferred_name
            else ""
        )
        last = self.last_involved
        last_cell = f'<time datetime="{last.iso}">{last.text}</time>' if last else "Never"
        cell = '\n      <td class="govuk-table__cell">'
        return mark_safe(  # noqa: S308 - every value is escaped above or here
            '<tr class="govuk-table__row">'
            f'{cell}<a class="govuk-link" href="{escape(self.url)}">'
            f"{escape(self.full_name)}</a>{preferred}</td>"
            f"{cell}{'<br>'.join(escape(value) for value in self.contact)}</td>"
            f"{cell}{escape(self.lived_experience)}</td>"
            f"{cell}{escape(self.agreed_to_contact)}</td>"
            f"{cell}{last_cell}</td>"
            f'{cell}<time datetime="{self.registered.iso}">{self.registered.text}</time></td>'
            "\n    </tr>"
        )


def _day(value: datetime.date) -> Day:
    return Day(value.isoformat(), f"{value.day} {value:%b %Y}")


ROW_COLUMNS = ("id", "full_name", "preferred_name", "email", "phone", "postcode")


def directory_rows(ids: list[int]) -> list[DirectoryRow]:
    """The rows of one page of the directory, in the order of `ids` (the page cut as ids: a search matching
    hundreds of people read and sorted every column of every match), read as plain values: two queries and
    no model instances."""
    record_url = reverse("people_manage:record", args=[0]).removesuffix("0/")
    found = {
        values[0]: values
        for values in Person.objects.filter(pk__in=ids).values_list(
            *ROW_COLUMNS, "consents_to_contact", "last_involved_at", "registered_at"
        )
    }
    areas: dict[int, list[str]] = {}
    links = (
        Person.lived_experience.through.objects.filter(person_id__in=ids)
        .order_by("livedexperiencearea__order", "livedexperiencearea__name")
        .values_list("person_id", "livedexperiencearea__name")
    )
    for person_id, area in links:
        areas.setdefault(person_id, []).append(area)
    rows = []
    # The zone read once, and each date written once: fifty rows share a few hundred dates at most, and
    # timezone.localdate looked the zone up through a thread-local per row.
    zone = timezone.get_current_timezone()
    days: dict[datetime.date, Day] = {}

    def day(value: datetime.date) -> Day:
        if value not in days:
            days[value] = _day(value)
        return days[value]

    for pk in ids:
        if pk not in found:
            continue
        _, full_name, preferred_name, email, phone, postcode, agreed, last_involved, registered = found[pk]
        rows.append(
            DirectoryRow(
                url=f"{record_url}{pk}/",
                full_name=full_name,
                preferred_name=preferred_name,
                contact=tuple(value for value in (email, phone, postcode) if value),
                lived_experience=", ".join(areas.get(pk, ())) or "–",
                agreed_to_contact="Yes" if agreed else "No",
                last_involved=day(last_involved) if last_involved else None,
                registered=day(registered.astimezone(zone).date()),
            )
        )
    return rows


# Sort columns that may be empty: they go last. The others are sorted plainly, because `NULLS LAST` stops
# SQLite walking the column's index (the first page of the directory sorted all 50,000 people: 46 ms).
NULLABLE_SORTS = {"last_involved_at"}


def ordering(sort: str, direction: str) -> list:
    fields = SORTS.get(sort, SORTS["name"])
    descending = direction == "desc"
    order = [
        (F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
        if name in NULLABLE_SORTS
        else (F(name).desc() if descending else F(name).asc())
        for name in fields
    ]
    return [*order, "-id" if descending else "id"]


# The directory's totals ("Everyone in the network (50,000)") are counted once per filter and shared
# through the cache for a minute; any saved or deleted person starts a new generation of them (people made
# in bulk may wait the minute). Only shown: the pages are cut without them (core CountedPaginator).
COUNT_SECONDS = 60
PEOPLE_GENERATION_KEY = "people:generation"


def directory_count(filters: DirectoryFilters, people: QuerySet) -> int:
    """How many people `people` (the directory's queryset for `filters`, or its ids) holds, from the shared
    cache when it was counted in the last minute with no person saved since."""
    generation = cache.get_or_set(PEOPLE_GENERATION_KEY, 1, None)
    criteria = replace(filters, sort="", direction="")
    key = "people:directory-count:" + hashlib.sha256(f"{generation}:{criteria!r}".encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = people.order_by().count()
        cache.set(key, count, COUNT_SECONDS)
    return count


def person_for_record(pk: int) -> Person:
    """One person (erased ones too: the page shows a tombstone) with everything the record page shows."""
    return (
        Person.objects.select_related("registered_by")
        .prefetch_related("lived_experience", "interests")
        .get(pk=pk)
    )


def consent_history(person: Person) -> list[Consent]:
    return list(person.consents.select_related("recorded_by").order_by("-recorded_at", "-id"))


def current_consents(history: list[Consent]) -> list[dict]:
    """The latest decision per purpose (or none yet), in the order the purposes are listed."""
    latest: dict[str, Consent] = {}
    for consent in history:
        latest.setdefault(consent.purpose, consent)
    return [
        {"purpose": purpose, "label": label, "consent": latest.get(purpose)}
        for purpose, label in choices.ConsentPurpose.choices
    ]


def notes_for(person: Person, *, include_safeguarding: bool) -> tuple[list[PersonNote], int]:
    """The notes this reader may see, newest first, and how many restricted notes they may not see."""
    notes = person.notes.select_related("written_by")
    if include_safeguarding:
        return list(notes), 0
    hidden = notes.aggregate(hidden=Count("id", filter=Q(kind=choices.NoteKind.SAFEGUARDING)))["hidden"]
    return list(notes.filter(kind=choices.NoteKind.GENERAL)), hidden


def may_handle(user, kind: str) -> bool:
    return kind == NoteKind.GENERAL or bool(may_view_safeguarding_notes(user))


def notes_for_reader(person: Person, *, reader, request=None) -> tuple[list[PersonNote], int]:
    """The notes `reader` may see (newest first) and how many restricted ones are hidden from them.

    Reading safeguarding notes is a read of special-category data: it is audited once per reading.
    """
    allowed = bool(may_view_safeguarding_notes(reader))
    notes, hidden = notes_for(person, include_safeguarding=allowed)
    if allowed and any(note.kind == NoteKind.SAFEGUARDING for note in notes):
        record("people.safeguarding_viewed", actor=reader, obj=person, request=request)
    return notes, hidden


SPECIAL_PERMISSIONS = ("view_equality_answers", "view_safeguarding_notes")


# The permissions only work on top of one of these roles (see people/rules.py), so only they can hold one.
ELIGIBLE_ROLES = (Role.OFFICER, Role.ADMINISTRATOR, Role.EVALUATOR)


def eligible_accounts():
    """Active back-office accounts that may hold a restricted permission, with what they hold (2 queries)."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=ELIGIBLE_ROLES)
        .distinct()
        .order_by("full_name", "id")
        .prefetch_related("user_permissions__content_type")
    )


def special_permissions_of(user: User) -> list[str]:
    held = {
        permission.codename
        for permission in user.user_permissions.all()
        if permission.content_type.app_label == "people"
    }
    return [codename for codename in SPECIAL_PERMISSIONS if codename in held]


def retention_months() -> int:
    return settings.COPRODUCE_RETENTION_MONTHS


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(today: datetime.date | None = None) -> tuple[datetime.date, datetime.datetime]:
    """The date (and the moment it began, UK time) before which activity counts as too long ago."""
    day = months_before(today or timezone.localdate(), retention_months())
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return day, moment


def due_for_review(today: datetime.date | None = None) -> QuerySet[Person]:
    """Current people not involved (or registered, if never involved) since the cutoff, not reviewed since,
    and not already marked for erasure; longest-quiet first."""
    day, moment = cutoff(today)
    quiet = Q(last_involved_at__lt=day) | Q(last_involved_at__isnull=True, registered_at__lt=moment)
    not_reviewed = Q(retention_reviewed_at__isnull=True) | Q(retention_reviewed_at__lt=moment)
    return (
        Person.objects.current()
        .filter(quiet, not_reviewed, marked_for_erasure_at__isnull=True)
        .only("id", "full_name", "preferred_name", "email", "phone", "registered_at", "last_involved_at")
        .order_by(F("last_involved_at").asc(nulls_first=True), "registered_at", "id")
    )


def marked_for_erasure() -> QuerySet[Person]:
    return (
        Person.objects.current()
        .filter(marked_for_erasure_at__isnull=False)
        .only("id", "full_name", "preferred_name", "marked_for_erasure_at")
        .order_by("marked_for_erasure_at", "id")
    )


def _due(ids: Iterable[int]) -> list[Person]:
    return list(due_for_review().filter(pk__in=list(ids)).select_for_update(of=("self",)))


SUPPRESSION_THRESHOLD = 10


SUPPRESSED = "fewer than 10"


@dataclass(frozen=True)
class Topic:
    field: str
    heading: str
    choices: list[tuple[str, str]]


TOPICS = (
    Topic("age_band", "Age", choices.AGE_BANDS),
    Topic("sex", "Sex", choices.SEX),
    Topic("gender_identity", "Gender identity", choices.GENDER_IDENTITY),
    Topic("ethnic_group", "Ethnic group", choices.ETHNIC_GROUP),
    Topic("religion", "Religion", choices.RELIGION),
    Topic("sexual_orientation", "Sexual orientation", choices.SEXUAL_ORIENTATION),
    Topic("disability", "Disability", choices.DISABILITY),
    Topic("unpaid_care", "Unpaid care", choices.UNPAID_CARE),
)


FIELDS = tuple(topic.field for topic in TOPICS)


def has_equality_consent(person: Person) -> bool:
    """Whether the person's latest decision about keeping equality data is "given"."""
    latest = (
        Consent.objects.filter(person=person, purpose=choices.ConsentPurpose.KEEP_EQUALITY_DATA)
        .order_by("-recorded_at", "-id")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


def own_equality_record(person: Person) -> EqualityRecord | None:
    """The person's own answers, for their own pages (not audited: it is their data)."""
    return EqualityRecord.objects.filter(person=person).first()


def read_equality_answers(person: Person, *, actor, request=None) -> EqualityRecord | None:
    """One person's answers for someone with the equality-data permission. Every call is audited as
    "people.equality_viewed" (also when the person has not answered: the look itself is recorded)."""
    with transaction.atomic():
        equality_record = EqualityRecord.objects.filter(person=person).first()
        record("people.equality_viewed", actor=actor, obj=person, changed_fields=FIELDS, request=request)
    return equality_record


def answer_rows(equality_record: EqualityRecord | None) -> list[tuple[str, str]]:
    """(topic heading, answer label) for each topic, for a summary list."""
    rows = []
    for topic in TOPICS:
        value = getattr(equality_record, topic.field, "") if equality_record else ""
        rows.append((topic.heading, dict(topic.choices).get(value, "Not answered")))
    return rows


class ProfileRow(NamedTuple):
    """One answer in a topic. `count` is an int, or SUPPRESSED ("fewer than 10"); `percent` is the share of
    the people who answered this question (None when the count is suppressed); `oxfordshire` and `england`
    are Census 2021 percentages (residents aged 16 and over), None where the census has no comparable row."""

    label: str
    count: int | str
    percent: Decimal | None
    oxfordshire: Decimal | None
    england: Decimal | None
    value: str

    @property
    def suppressed(self) -> bool:
        return self.count == SUPPRESSED


@dataclass(frozen=True)
class TopicProfile:
    field: str
    heading: str
    answered: int | str  # people who answered this question (SUPPRESSED when under 10)
    rows: list[ProfileRow]


def _percent(count: int, total: int) -> Decimal:
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _suppressed_values(counts: dict[str, int]) -> set[str]:
    """Answers whose counts must not be shown: every count under 10 (including 0), and, when that leaves
    exactly one hidden, the next-smallest count too, so the hidden one cannot be found by subtracting the
    shown counts from the shown total."""
    hidden = {value for value, count in counts.items() if count < SUPPRESSION_THRESHOLD}
    if len(hidden) == 1:
        order = list(counts)
        shown = [value for value in order if value not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda value: (counts[value], order.index(value))))
    return hidden


NETWORK_PROFILE_SECONDS = 900


def network_equality_profile() -> tuple[list[TopicProfile], datetime.datetime]:
    """The whole network's profile and when it was worked out.

    It reads every equality record, so working it out on each page view would grow with the network: it is
    computed at most every 15 minutes and shared through the cache (the page says how recent it is)."""
    cached = cache.get("people:network_equality_profile")
    if cached is None:
        cached = (equality_profile(Person.objects.current()), timezone.now())
        cache.set("people:network_equality_profile", cached, NETWORK_PROFILE_SECONDS)
    return cached


def equality_profile(people_queryset: QuerySet[Person]) -> list[TopicProfile]:
    """The equality make-up of a group of people, safe to show to anyone who may see aggregates.

    Contract (for the directory, project group selection, evaluation and reports):
    - `people_queryset` is any queryset of Person (filter it first: erased people have no answers anyway).
      It is used as a subquery, never iterated, so the cost is one query (grouped by every topic's answer)
      plus one for the census baseline, whatever the group's size.
    - Returns one TopicProfile per topic in TOPICS order, each with one ProfileRow per answer choice in the
      questionnaire's order (including "Prefer not to say"; answers nobody gave appear with count 0, shown
      as suppressed).
    - Counts under 10 (including 0) are replaced by "fewer than 10" and their percent is None. If exactly
      one count in a topic is hidden, the next-smallest is hidden too (secondary suppression), so nothing
      can be derived from `answered`. `answered` itself is "fewer than 10" when under 10.
    - `percent` is the share of people in the group who answered that question (Prefer not to say counts
      as an answer), to 1 decimal place. People who skipped a question, or have no record, are left out.
    - Census percentages come from people.census.baseline(): residents aged 16 and over; "Prefer not to
      say" is set against the census "Not answered" row where the census question was voluntary.
    """
    return profile_from_counts(group_counts(people_queryset), census.baseline())


def group_counts(people_queryset: QuerySet[Person]) -> dict[str, dict[str, int]]:
    """Unsuppressed answer counts of a group: {field: {answer value: count}} with every choice present (0
    when nobody gave it), in one query grouped by every topic's answer at once (it returns one row per
    combination of answers found, never more rows than people). For aggregates worked out before suppression
    (the evaluation's representation score); never show these counts as they are: use profile_from_counts."""
    group = EqualityRecord.objects.filter(person__in=people_queryset.values("pk"))
    result = {topic.field: {value: 0 for value, _label in topic.choices} for topic in TOPICS}
    for *answers, n in group.values_list(*FIELDS).annotate(n=Count("pk")).order_by():
        for field, value in zip(FIELDS, answers, strict=True):
            if value in result[field]:
                result[field][value] += n
    return result


def profile_from_counts(all_counts: dict[str, dict[str, int]], baseline: dict) -> list[TopicProfile]:
    """The suppressed profile (see equality_profile) of counts from group_counts, against
    census.baseline()."""
    profiles = []
    for topic in TOPICS:
        counts = all_counts[topic.field]
        answered = sum(counts.values())
        hidden = _suppressed_values(counts)
        rows = []
        for value, label in topic.choices:
            comparison = baseline.get(topic.field, {}).get(value, {})
            shown = value not in hidden
            rows.append(
                ProfileRow(
                    label=label,
                    count=counts[value] if shown else SUPPRESSED,
                    percent=_percent(counts[value], answered) if shown and answered else None,
                    oxfordshire=comparison.get("Oxfordshire"),
                    england=comparison.get("England"),
                    value=value,
                )
            )
        profiles.append(
            TopicProfile(
                field=topic.field,
                heading=topic.heading,
                answered=answered if answered >= SUPPRESSION_THRESHOLD else SUPPRESSED,
                rows=rows,
            )
        )
    return profiles


def _active_lookups():
    areas = (
        LivedExperienceArea.objects.filter(people=Slot("person"), active=True)
        .annotate(which=Value(0, output_field=IntegerField()))
        .order_by()  # the union is sorted, its parts may not be
        .values_list("which", "order", "name")
    )
    interests = (
        Interest.objects.filter(people=Slot("person"), active=True)
        .annotate(which=Value(1, output_field=IntegerField()))
        .order_by()
        .values_list("which", "order", "name")
    )
    return areas.union(interests, all=True).order_by("which", "order", "name")


# Compiled once per process (core.prepared): the profile page gathers many small reads (decision 0011).
ACTIVE_LOOKUPS = PreparedRows(_active_lookups)
LOOKUP_LISTS = {0: "lived_experience", 1: "interests"}


def active_lookup_names(person: Person) -> dict[str, list[str]]:
    """The names of the person's active lived-experience areas and interests, each in its list's order
    (`order`, then name), keyed by the profile field: one query where the profile page made one per list
    (decision 0011, session 13). A retired row is no longer offered, so it is not shown."""
    names: dict[str, list[str]] = {field: [] for field in LOOKUP_LISTS.values()}
    for which, _, name in ACTIVE_LOOKUPS.rows(person=person.pk):
        names[LOOKUP_LISTS[which]].append(name)
    return names


def latest_consents(person: Person) -> dict[str, Consent]:
    """The latest decision per purpose (purposes never decided are absent)."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(person=person).order_by("-recorded_at", "-id"):
        latest.setdefault(consent.purpose, consent)
    return latest


def person_data(person: Person) -> dict[str, list[dict]]:
    """Everything held about `person` that a subject access request covers, except safeguarding notes
    (an officer reviews and releases those by hand)."""
    profile = {name: _json_value(getattr(person, name)) for name in PROFILE_FIELDS}
    profile["lived_experience"] = [area.name for area in person.lived_experience.all()]
    profile["interests"] = [interest.name for interest in person.interests.all()]
    profile["account_email"] = person.user.email if person.user_id else ""
    profile["registered_at"] = _json_value(person.registered_at)
    profile["last_involved_at"] = _json_value(person.last_involved_at)
    consents = [
        {
            "purpose": consent.purpose,
            "purpose_description": consent.get_purpose_display(),
            "given": consent.given,
            "method": consent.get_method_display(),
            "recorded_at": _json_value(consent.recorded_at),
            "recorded_by": "you" if consent.recorded_by_id == person.user_id else "a member of staff",
        }
        for consent in Consent.objects.filter(person=person).order_by("recorded_at", "id")
    ]
    data = {"profile": [profile], "consents": consents}
    record_ = EqualityRecord.objects.filter(person=person).first()
    if record_ is not None:
        data["equality"] = [
            {
                field.name: _json_value(getattr(record_, field.name))
                for field in EqualityRecord._meta.concrete_fields
                if field.name not in ("id", "person")
            }
        ]
    notes = (
        PersonNote.objects.filter(person=person)
        .exclude(kind=choices.NoteKind.SAFEGUARDING)
        .select_related("written_by")
        .order_by("written_at", "id")
    )
    data["notes"] = [
        {
            "written_at": _json_value(note.written_at),
            "kind": note.get_kind_display(),
            "written_by": note.written_by.display_name,
            "text": note.text,
        }
        for note in notes
    ]
    data.update(personal_data.downloaded_parts(person))
    return data


# Plain profile fields a member (or the journey) may set; many-to-many fields are handled apart.
PROFILE_FIELDS = (
    *PERSONAL_DETAILS,
    "preferred_contact",
    "formats",
    "other_language",
    "access_needs",
    "access_needs_detail",
    "support_person_name",
    "support_person_relationship",
    "support_person_contact",
    "support_person_may_be_contacted",
    "available_days",
    "available_times",
    "online",
    "in_person",
    "travel_miles",
    "recognition",
    "benefits_limit",
)


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --- Single records and lists other pages and apps read -----------------------------------------------------


def current_person(pk) -> Person | None:
    """Someone on the network (not erased), or None."""
    return Person.objects.current().filter(pk=pk).first()


def current_people():
    """Everyone not erased (for choosing someone, e.g. in an API field)."""
    return Person.objects.current()


def people_by_ids(ids) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=list(ids))


def people_named(query: str, limit: int = 20) -> list[Person]:
    """Current people whose name starts with `query` (for "find a person" boxes)."""
    return list(Person.objects.current().filter(name_search__startswith=query)[:limit]) if query else []


def active_areas() -> QuerySet[LivedExperienceArea]:
    return LivedExperienceArea.objects.filter(active=True)


def active_interests() -> QuerySet[Interest]:
    return Interest.objects.filter(active=True)


def has_safeguarding_notes(person: Person) -> bool:
    return PersonNote.objects.filter(person=person, kind=choices.NoteKind.SAFEGUARDING).exists()


def person_of_user(user) -> Person | None:
    """The signed-in account's own profile, if they have joined (and are not erased)."""
    return Person.objects.current().filter(user=user).first()


def people_matching(query: str, limit: int) -> list[Person]:
    """Current people whose name (any word of it) starts with `query`, at most `limit`."""
    name = normalise_text(query)
    if not name:
        return []
    people = Person.objects.current().filter(name_q(name)).only("id", "full_name", "preferred_name")
    return list(people[:limit])


def count_involved_since(day: datetime.date) -> int:
    """How many people (not erased) have taken part since `day` (an indexed range count)."""
    return Person.objects.current().filter(last_involved_at__gte=day).count()


def person_by_email(email: str) -> Person | None:
    """The current person with this email address (as the directory finds them), or None."""
    email = (email or "").strip().lower()
    return Person.objects.current().filter(email_search=email).order_by("id").first() if email else None


# --- For evaluation and reports -----------------------------------------------------------------------------


def latest_consent_given(purpose: str, person_ref: str = "person"):
    """An expression for annotating any row that points at a person: the person's latest decision for
    `purpose` (True, False, or None when they never decided). Used as a subquery, so a list costs one
    query."""
    latest = Consent.objects.filter(person=OuterRef(person_ref), purpose=purpose).order_by(
        "-recorded_at", "-id"
    )
    from django.db.models import Subquery

    return Subquery(latest.values("given")[:1])


def involved_since(day: datetime.date) -> QuerySet[Person]:
    """Current people last involved on or after `day` (indexed on last_involved_at)."""
    return Person.objects.current().filter(last_involved_at__gte=day)


def registered_between(starts: datetime.datetime, ends: datetime.datetime) -> int:
    return Person.objects.filter(registered_at__gte=starts, registered_at__lt=ends).count()


def consent_given(person: Person, purpose: str) -> bool:
    """Whether the person's latest decision for `purpose` is "given" (one query)."""
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-recorded_at", "-id")
    return bool(latest.values_list("given", flat=True).first())
