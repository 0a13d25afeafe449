"""Calendar files (.ics) for meetings, written with the icalendar package (RFC 5545: CRLF line ends, lines
folded at 75 octets, TEXT values escaped). Times are written in UTC ("Z"), which every calendar converts to
the reader's zone, so clock changes need no VTIMEZONE block."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _vevent(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _utc(event.starts_at))
    vevent.add("dtend", _utc(event.ends_at))
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def calendar(events: list[Event], *, name: str, now: datetime.datetime) -> str:
    """A whole VCALENDAR document as text (encode as UTF-8 to serve it)."""
    document = icalendar.Calendar()
    document.add("version", "2.0")
    document.add("prodid", "-//Coproduce//Meetings//EN")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", name)
    stamp = _utc(now)
    for event in events:
        document.add_component(_vevent(event, stamp))
    return document.to_ical().decode("utf-8")
