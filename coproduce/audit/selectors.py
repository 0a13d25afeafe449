"""Reads of the audit trail, shaped to stay fast on millions of rows.

Pages are keyset-paginated on id (newest first): each page reads the 51 index entries it needs, and never
counts the whole filtered trail. Because the trail is append-only, a page's "newer" and "older" links can be
worked out from the cursor alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape  # Django's escape is this plus a lazy-string wrapper and a SafeString per call

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import mark_safe

from coproduce.accounts.models import User, normalise_email

from .models import GENESIS_HASH, AuditEvent

PAGE_SIZE = 50
CLOCK_SKEW_ALLOWANCE = datetime.timedelta(hours=1)
# Days at the ends of the calendar, where the allowance would overflow (and no event can be anyway).
_EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class AuditFilters:
    verb: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def applied(self) -> list[str]:
        """The names (never the values) of the filters in use."""
        return [name for name, value in vars(self).items() if value not in ("", None)]


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    newer_cursor: int | None
    older_cursor: int | None


def _distinct_values(column: str) -> list[str]:
    """Distinct values of an indexed column by skipping through its index (one lookup per value).

    A plain SELECT DISTINCT would read every row; the trail has few distinct verbs and object types.
    """
    table = AuditEvent._meta.db_table
    sql = (
        f"WITH RECURSIVE found(value) AS ("  # noqa: S608 - column and table names are ours, not input
        f" SELECT MIN({column}) FROM {table}"
        f" UNION ALL"
        f" SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value)"
        f" FROM found WHERE found.value IS NOT NULL"
        f") SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def known_verbs() -> list[str]:
    return _distinct_values("verb")


def known_object_types() -> list[str]:
    return [value for value in _distinct_values("object_type") if value]


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def _id_bounds(start: datetime.datetime | None, end: datetime.datetime | None) -> tuple[int, int | None]:
    """Ids outside which no event from `start` to before `end` can lie: (lowest possible, highest or None).

    Events are numbered in the order they are written, under the chain lock, so time and id rise together,
    give or take CLOCK_SKEW_ALLOWANCE for app servers whose clocks disagree. An event written before one
    stamped earlier than `start - allowance` cannot be from `start` on (and likewise at the end). Bounding
    the id as well as the time lets the database walk the primary key straight to the right place instead
    of past every newer event. Each bound is one index lookup.
    """
    events = AuditEvent.objects.order_by("occurred_at").values_list("id", flat=True)
    low, high = 0, None
    if start is not None and start > _EARLIEST:
        before_start = events.filter(occurred_at__lt=start - CLOCK_SKEW_ALLOWANCE).last()
        low = before_start + 1 if before_start is not None else 0
    if end is not None and end < _LATEST:
        after_end = events.filter(occurred_at__gte=end + CLOCK_SKEW_ALLOWANCE).first()
        high = after_end - 1 if after_end is not None else None
    return low, high


def filtered_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if filters.verb:
        events = events.filter(verb=filters.verb)
    if filters.actor:
        term = normalise_email(filters.actor)
        events = events.filter(actor__in=User.objects.filter(email__contains=term).values("id"))
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    # Days are London days: "from 1 June" starts at midnight in London, whatever the offset.
    start = _start_of_day(filters.date_from) if filters.date_from else None
    end = None
    if filters.date_to and filters.date_to < datetime.date.max:
        end = _start_of_day(filters.date_to + datetime.timedelta(days=1))
    if start is not None or end is not None:
        low, high = _id_bounds(start, end)
        if low:
            events = events.filter(id__gte=low)
        if high is not None:
            events = events.filter(id__lte=high)
    if start is not None:
        events = events.filter(occurred_at__gte=start)
    if end is not None:
        events = events.filter(occurred_at__lt=end)
    return events


def events_page(
    filters: AuditFilters, *, before: int | None = None, after: int | None = None, per_page: int = PAGE_SIZE
) -> EventPage:
    """One page of events, newest first: older than `before`, or (going back) newer than `after`."""
    events = filtered_events(filters).select_related("actor")
    if after is not None:
        rows = list(events.filter(id__gt=after).order_by("id")[: per_page + 1])
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        # The event `after` points at is older than this page and matched the same filters.
        return EventPage(rows, rows[0].id if rows and has_newer else None, rows[-1].id if rows else None)
    if before is not None:
        events = events.filter(id__lt=before)
    rows = list(events.order_by("-id")[: per_page + 1])
    has_older = len(rows) > per_page
    rows = rows[:per_page]
    newer = rows[0].id if rows and before is not None else None
    return EventPage(rows, newer, rows[-1].id if rows and has_older else None)


LONDON = timezone.get_default_timezone()


@dataclass(frozen=True)
class EventRow:
    """One event as the log's table shows it, worked out once in Python (dates in UK time, labels)."""

    iso: str
    when: str
    who: str
    email: str
    what: str
    record: str
    fields: str
    ip: str

    @property
    def html(self) -> str:
        """The row's table markup, written here rather than by the template: seven template variables and
        an `if` per row, fifty rows a page, were most of the page's rendering (as the people directory's
        rows, decision 0011)."""
        who = (
            f'{escape(self.who)}<br><span class="govuk-body-s">{escape(self.email)}</span>'
            if self.who
            else "Not signed in"
        )
        cell = '\n      <td class="govuk-table__cell">'
        return mark_safe(  # noqa: S308 - every value is escaped here
            '<tr class="govuk-table__row">'
            f'{cell}<time datetime="{escape(self.iso)}">{escape(self.when)}</time></td>'
            f"{cell}{who}</td>"
            f"{cell}{escape(self.what)}</td>"
            f"{cell}{escape(self.record)}</td>"
            f"{cell}{escape(self.fields)}</td>"
            f"{cell}{escape(self.ip)}</td>"
            "\n    </tr>"
        )


def event_rows(events: list[AuditEvent]) -> list[EventRow]:
    """A page of events as the log's table shows them, worked out here once (dates in UK time, labels), so
    the template only places each row's markup: fifty rows through filters and a timezone block per row cost
    more than the rest of the page."""
    rows = []
    # A page holds a few record types: each is looked up in the app registry once, not twice a row.
    record_types: dict[str, str] = {}
    for event in events:
        when = timezone.localtime(event.occurred_at, LONDON)
        actor = event.actor
        if event.object_type and event.object_type not in record_types:
            label = event.object_label
            record_types[event.object_type] = f"{label[:1].upper()}{label[1:]}"
        rows.append(
            EventRow(
                iso=when.isoformat(),
                when=f"{when.day} {when:%b %Y, %H:%M:%S}",
                who=actor.display_name if actor else "",
                email=actor.email if actor else "",
                what=event.verb_label,
                record=(
                    record_types[event.object_type] + (f" {event.object_id}" if event.object_id else "")
                    if event.object_type
                    else "–"
                ),
                fields=", ".join(event.changed_fields) or "–",
                ip=event.ip_address or "–",
            )
        )
    return rows


def events_for_export(filters: AuditFilters, *, batch_size: int = 2000) -> Iterator[AuditEvent]:
    """Every event matching `filters`, newest first, read in keyset batches (no long-held cursor)."""
    events = filtered_events(filters).select_related("actor").order_by("-id")
    last_id = None
    while True:
        batch = events if last_id is None else events.filter(id__lt=last_id)
        rows = list(batch[:batch_size])
        yield from rows
        if len(rows) < batch_size:
            return
        last_id = rows[-1].id


def verify_chain(batch_size: int = 2000) -> list[str]:
    """Return the problems found in the chain (empty when intact), reading it in id order."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return problems
        for event in batch:
            if event.prev_hash != expected_prev:
                problems.append(f"event {event.id}: does not follow the event before it (a row is missing)")
            if event.compute_hash() != event.hash:
                problems.append(f"event {event.id}: contents do not match its hash (the row was changed)")
            expected_prev = event.hash
            last_id = event.id
