"""Meetings' part of a person's data: their replies with adjustments, attendance and the actions they own
(registered from MeetingsConfig.ready())."""

from django.db.models import Count, DateTimeField, IntegerField, Q, Subquery, Sum
from django.utils import timezone

from coproduce.core.links import link
from coproduce.core.prepared import PreparedRows, Slot, adapt_datetime
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.people import personal_data
from coproduce.people.choices import AccessNeed, Format

from . import choices
from .models import Action, Attendance, CalendarFeed, Registration

# What a person told us about their needs for one meeting; blanked on erasure. The reply itself stays so
# a meeting's numbers do not change.
ERASED_REGISTRATION_TEXT = ("adjustments_detail", "companion_name", "dietary_needs", "other_language")
ERASED_REGISTRATION_LISTS = ("access_needs", "formats")
# How many upcoming meetings the profile lists; the rest are on the person's meetings page.
UPCOMING_SHOWN = 5


def _iso(value):
    return value.isoformat() if value else None


def _labels(values: list[str], choices_) -> list[str]:
    names = dict(choices_)
    return [names.get(value, value) for value in values]


def _registration_rows(person) -> list[dict]:
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("meeting", "on_behalf_by")
        .order_by("meeting__starts_at", "id")
    )
    return [
        {
            "meeting": registration.meeting.title,
            "starts_at": _iso(registration.meeting.starts_at),
            "status": registration.get_status_display(),
            "access_needs": _labels(registration.access_needs, AccessNeed.choices),
            "formats": _labels(registration.formats, Format.choices),
            "other_language": registration.other_language,
            "adjustments_detail": registration.adjustments_detail,
            "companion_name": registration.companion_name,
            "dietary_needs": registration.dietary_needs,
            # Who typed the reply in when the person phoned or wrote (empty: they replied themselves).
            "reply_taken_by": registration.on_behalf_by.full_name if registration.on_behalf_by else "",
        }
        for registration in registrations
    ]


def _attendance_rows(person) -> list[dict]:
    attendance = (
        Attendance.objects.filter(person=person)
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )
    return [
        {
            "meeting": row.meeting.title,
            "starts_at": _iso(row.meeting.starts_at),
            "status": row.get_status_display(),
            "hours": str(row.hours),
        }
        for row in attendance
    ]


def _action_rows(person) -> list[dict]:
    actions = Action.objects.filter(owner=person).select_related("meeting").order_by("created_at", "id")
    return [
        {
            "meeting": action.meeting.title,
            "action": action.description,
            "due_date": _iso(action.due_date),
            "status": action.get_status_display(),
            "notes": action.notes,
            "completed_at": _iso(action.completed_at),
        }
        for action in actions
    ]


def download(person) -> dict[str, list[dict]]:
    parts = {
        "meeting_registrations": _registration_rows(person),
        "meeting_attendance": _attendance_rows(person),
        "meeting_actions": _action_rows(person),
    }
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    Registration.objects.filter(person=person).update(
        **dict.fromkeys(ERASED_REGISTRATION_TEXT, ""), **{name: [] for name in ERASED_REGISTRATION_LISTS}
    )
    # The feed address must stop working at once, whatever else happens to the person's row.
    CalendarFeed.objects.filter(person=person).delete()
    fields = (*ERASED_REGISTRATION_TEXT, *ERASED_REGISTRATION_LISTS)
    return [*(f"meeting_registrations.{name}" for name in fields), "calendar_feed"]


def _upcoming_with_totals():
    present = Attendance.objects.filter(person_id=Slot("person"), status=choices.AttendanceStatus.PRESENT)
    # The attendance totals ride on the upcoming rows as two subqueries the database reads once (both are
    # uncorrelated): one query where two were made; with nothing coming up they are asked on their own.
    attended_count = present.order_by().values("person_id").annotate(n=Count("id")).values("n")
    attended_hours = present.order_by().values("person_id").annotate(n=Sum("hours")).values("n")
    return (
        Registration.objects.filter(
            person_id=Slot("person"),
            meeting__ends_at__gte=Slot("now", output_field=DateTimeField()),
            meeting__cancelled_at__isnull=True,
            status__in=[choices.RegistrationStatus.REGISTERED, choices.RegistrationStatus.WAITING],
        )
        .annotate(
            attended_count=Subquery(attended_count, output_field=IntegerField()),
            attended_hours=Subquery(attended_hours, output_field=Attendance._meta.get_field("hours")),
        )
        .order_by("meeting__starts_at", "id")
        .values_list(
            "meeting_id", "meeting__title", "meeting__starts_at", "status", "attended_count", "attended_hours"
        )[:UPCOMING_SHOWN]
    )


# Compiled once per process (core.prepared): the profile page gathers seven apps' parts (decision 0011).
UPCOMING_WITH_TOTALS = PreparedRows(_upcoming_with_totals)


def involvement(person):
    registrations = UPCOMING_WITH_TOTALS.rows(person=person.pk, now=adapt_datetime(timezone.now()))
    rows = list(registrations)
    upcoming = []
    for meeting_id, title, starts_at, status, _, _ in rows:
        local = timezone.localtime(starts_at)
        upcoming.append(
            {
                "url": link("meetings:detail", args=(meeting_id,)),
                "title": title,
                "day": format_date(local, "j F Y"),
                "time": format_date(local, "H:i"),
                "waiting": status == choices.RegistrationStatus.WAITING,
            }
        )
    if rows:
        count, hours = rows[0][4:]
    else:
        totals = Attendance.objects.filter(person=person).aggregate(
            count=Count("id", filter=Q(status=choices.AttendanceStatus.PRESENT)),
            hours=Sum("hours", filter=Q(status=choices.AttendanceStatus.PRESENT)),
        )
        count, hours = totals["count"], totals["hours"]
    count = count or 0  # no row present: the subquery is empty (NULL) where COUNT would say 0
    if not upcoming and not count:
        return None
    context = {"upcoming": upcoming, "attended_count": count, "attended_hours": hours}
    return personal_data.Involvement("meetings/member/_involvement.html", context)


def register():
    personal_data.register("meetings", download=download, erase=erase, involvement=involvement)
