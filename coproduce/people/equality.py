"""Equality monitoring: a member's optional answers (special-category data), the audited reads of one
person's answers, and group profiles with small numbers suppressed, compared with the Census 2021 baseline.

Answers are kept only while the person consents to KEEP_EQUALITY_DATA; withdrawing that consent calls
`forget_equality_answers`. Audit events name fields, never answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from coproduce.audit.services import record

from . import census, choices
from .models import Consent, EqualityRecord, Person

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


class EqualityConsentRequired(Exception):
    """Answers can be kept only while the person consents to KEEP_EQUALITY_DATA."""


# --- One person's answers ----------------------------------------------------------------------------------


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


def save_equality_answers(person: Person, answers: dict[str, str], *, actor, request=None) -> EqualityRecord:
    """Create or change the person's equality record from `answers` (EqualityRecord field -> choice value).

    Refuses (EqualityConsentRequired) without KEEP_EQUALITY_DATA consent. Audited as
    "people.equality_answered" naming the fields that changed.
    """
    unknown = set(answers) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not equality fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if not has_equality_consent(person):
            raise EqualityConsentRequired("The person has not agreed that equality answers are kept.")
        equality_record = EqualityRecord.objects.select_for_update().filter(person=person).first()
        created = equality_record is None
        if created:
            equality_record = EqualityRecord(person=person)
        changed = []
        for field, value in answers.items():
            if created or getattr(equality_record, field) != value:
                setattr(equality_record, field, value)
                changed.append(field)
        if changed or created:
            equality_record.updated_at = timezone.now()
            equality_record.full_clean(exclude=["person"])
            equality_record.save()
            record(
                "people.equality_answered",
                actor=actor,
                obj=person,
                changed_fields=changed,
                request=request,
            )
    return equality_record


def forget_equality_answers(person: Person, *, actor, request=None) -> bool:
    """Delete the person's equality answers (asked by them, or because they withdrew consent).

    Audited as "people.equality_deleted". Returns whether there were answers to delete."""
    with transaction.atomic():
        equality_record = EqualityRecord.objects.filter(person=person).first()
        if equality_record is None:
            return False
        record(
            "people.equality_deleted",
            actor=actor,
            obj=person,
            changed_fields=FIELDS,
            request=request,
        )
        equality_record.delete()
    return True


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


# --- Group profiles ----------------------------------------------------------------------------------------


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


def network_equality_profile() -> tuple[list[TopicProfile], datetime]:
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
    """The suppressed profile (see equality_profile) of counts from group_counts, against census.baseline()."""
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
