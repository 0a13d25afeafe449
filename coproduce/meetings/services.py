"""Writes for meetings: each verb runs in one transaction and records its audit event there (field names
only, never values: adjustments are personal, some special-category, data)."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.selectors import site_url
from coproduce.audit.services import record
from coproduce.core.errors import ServiceError
from coproduce.notifications.choices import Status
from coproduce.notifications.services import notify, notify_by_email
from coproduce.people.models import Person

from . import choices
from .choices import AttendanceStatus, RegistrationStatus
from .models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    Meeting,
    Paper,
    Registration,
)
from .selectors import (
    LONDON,
    adjustments_from_profile,
    decision_reference,
    default_hours,
    hash_token,
    is_late,
    places_left,
    scope_members,
)
from .signals import attendance_recorded, attendance_saved

# Adjustment fields copied from a person's profile onto their registration (and editable there).
ADJUSTMENT_FIELDS = ("access_needs", "formats", "other_language", "adjustments_detail")
# What a reply to an invitation says about the support needed (the adjustments and two more).
REPLY_FIELDS = (*ADJUSTMENT_FIELDS, "companion_name", "dietary_needs")
MEETING_FIELDS = (
    "title",
    "purpose",
    "starts_at",
    "ends_at",
    "mode",
    "venue",
    "room",
    "online_link",
    "capacity",
    "organiser",
    "is_public",
)


class MeetingError(ServiceError, ValueError):
    """A change the meeting's rules do not allow (shown to the user as a message)."""


def save_meeting(meeting: Meeting, *, actor, request=None, changed_fields=MEETING_FIELDS) -> Meeting:
    """Create or update a meeting (the form has already checked it)."""
    created = meeting.pk is None
    with transaction.atomic():
        if created:
            meeting.created_by = actor
            previous_organiser_id = None
        else:
            previous_organiser_id = Meeting.objects.values_list("organiser_id", flat=True).get(pk=meeting.pk)
        meeting.full_clean()
        meeting.save()
        if meeting.organiser_id != previous_organiser_id and meeting.organiser_id != getattr(
            actor, "pk", None
        ):
            _tell_new_organiser(meeting)
        record(
            "meetings.meeting_created" if created else "meetings.meeting_changed",
            actor=actor,
            obj=meeting,
            changed_fields=changed_fields,
            request=request,
        )
        if not created and "starts_at" in changed_fields:
            # A new time deserves a new reminder.
            meeting.registrations.update(reminder_sent_at=None)
        if not created and meeting.cancelled_at is None:
            _tell_people_coming_of_changes(meeting, changed_fields)
        if not created and "capacity" in changed_fields:
            promote_waiting(meeting, actor=actor, request=request)
    return meeting


# What someone coming must hear about when it changes: they may have booked transport, care or time off.
ARRANGEMENT_FIELDS = ("starts_at", "ends_at", "mode", "venue", "room", "online_link")


def _tell_people_coming_of_changes(meeting: Meeting, changed_fields) -> None:
    if not set(changed_fields) & set(ARRANGEMENT_FIELDS):
        return
    lines = [f"{meeting.title} has changed. It is now on {_when(meeting)}."]
    if meeting.is_in_person and meeting.venue_id:
        room = f" ({meeting.room})" if meeting.room else ""
        lines.append(f"Where: {meeting.venue.name}{room}, {' '.join(meeting.venue.address.split())}")
    if meeting.is_online:
        lines.append("You can join online: the link is on the meeting page.")
    lines.append(f"Details: {site_url(reverse('meetings:detail', args=[meeting.pk]))}")
    lines.append("If you can no longer come, please tell us on that page. Sorry for any trouble this causes.")
    body = "\n\n".join(lines)
    changed_at = timezone.now().isoformat()
    for registration in meeting.registrations.filter(status__in=choices.COMING).select_related("person"):
        _tell_person(
            registration.person,
            "meeting_changed",
            f"meetings.changed:{registration.pk}:{changed_at}",
            f"Changed: {meeting.title}",
            body,
            meeting,
        )


def change_organiser(meeting: Meeting, organiser, *, actor, request=None) -> Meeting:
    """Hand the meeting to another organiser (who must be allowed to organise its project or body)."""
    meeting.organiser = organiser
    return save_meeting(meeting, actor=actor, request=request, changed_fields=["organiser"])


def _tell_new_organiser(meeting: Meeting) -> None:
    organiser = meeting.organiser
    if not organiser.is_active:
        return
    link = site_url(reverse("meetings_manage:overview", args=[meeting.pk]))
    body = (
        f"You are now the organiser of {meeting.title} ({meeting.owner}) on "
        f"{_when(meeting)}. You will see who is coming and the support they need, and you confirm the "
        f"payment claims for it.\n\nThe meeting's page: {link}"
    )
    notify_by_email(
        organiser.email,
        "meeting_organiser",
        {"subject": f"You are organising: {meeting.title}", "body": body},
        f"meetings.organiser:{meeting.pk}:{organiser.pk}:{timezone.now().isoformat()}",
        user=organiser,
    )


def cancel_meeting(meeting: Meeting, *, actor, request=None) -> None:
    """Cancel the meeting and tell everyone coming. Refused once attendance is recorded: the meeting took
    place, and that attendance may already be claims."""
    with transaction.atomic():
        _locked(meeting)
        if meeting.attendance.exists():
            raise MeetingError(
                "Attendance has been recorded for this meeting, so it took place and cannot be cancelled."
            )
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["cancelled_at"])
        record(
            "meetings.meeting_cancelled",
            actor=actor,
            obj=meeting,
            changed_fields=["cancelled_at"],
            request=request,
        )
        for registration in meeting.registrations.filter(status__in=choices.COMING).select_related("person"):
            _tell_person(
                registration.person,
                "meeting_cancelled",
                f"meetings.cancelled:{registration.pk}",
                f"Cancelled: {meeting.title}",
                f"{meeting.title} on {_when(meeting)} has been cancelled. We are sorry for the change.",
                meeting,
            )


# --- Invitations and registration ------------------------------------------------------------------------


def invite_members(meeting: Meeting, *, actor, request=None) -> int:
    """Invite every current member of the team or body not yet invited; returns how many were."""
    with transaction.atomic():
        already = set(meeting.registrations.values_list("person_id", flat=True))
        people = [p for p in scope_members(meeting).distinct() if p.pk not in already]
        now = timezone.now()
        Registration.objects.bulk_create(
            Registration(
                meeting=meeting,
                person=person,
                status=RegistrationStatus.INVITED,
                invited_at=now,
                status_changed_at=now,
                **adjustments_from_profile(person),
            )
            for person in people
        )
        record(
            "meetings.invited", actor=actor, obj=meeting, changed_fields=["registrations"], request=request
        )
        link = site_url(reverse("meetings:detail", args=[meeting.pk]))
        for person in people:
            _tell_person(
                person,
                "meeting_invitation",
                f"meetings.invited:{meeting.pk}:{person.pk}",
                f"You are invited: {meeting.title}",
                f"You are invited to {meeting.title} on {_when(meeting)}.\n\n"
                f"Say whether you can come, and tell us what support you need: {link}",
                meeting,
            )
    return len(people)


def _locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting row with a lock, so two people cannot both take the last place."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def register(
    meeting: Meeting, person: Person, *, adjustments: dict, actor, on_behalf=False, request=None
) -> Registration:
    """Say yes: a place if one is left, otherwise the waiting list. Adjustments replace the previous ones.
    With `on_behalf`, `actor` is an officer replying for the person (who phoned or wrote in)."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.cancelled_at is not None or meeting.ends_at < timezone.now():
            raise MeetingError("This meeting is not taking registrations.")
        registration, _ = Registration.objects.get_or_create(meeting=meeting, person=person)
        behalf = _set_on_behalf(registration, actor if on_behalf else None)
        for name in ADJUSTMENT_FIELDS + ("companion_name", "dietary_needs"):
            if name in adjustments:
                setattr(registration, name, adjustments[name])
        if registration.status not in choices.COMING:
            full = places_left(meeting) == 0
            registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
            registration.status_changed_at = timezone.now()
        registration.save()
        record(
            "meetings.registered"
            if registration.status == RegistrationStatus.REGISTERED
            else "meetings.waiting",
            actor=actor,
            obj=registration,
            changed_fields=["status", *behalf, *adjustments.keys()],
            request=request,
        )
    return registration


def _set_on_behalf(registration: Registration, officer) -> list[str]:
    """Record who replied for the person (None: they replied themselves); the field name if it changed."""
    changed = registration.on_behalf_by_id != getattr(officer, "pk", None)
    registration.on_behalf_by = officer
    return ["on_behalf_by"] if changed else []


def withdraw(meeting: Meeting, person: Person, *, actor, on_behalf=False, request=None) -> Registration:
    """Say no (declined an invitation) or cancel a place; the first person waiting gets a freed place.
    With `on_behalf`, `actor` is an officer replying for the person."""
    with transaction.atomic():
        meeting = _locked(meeting)
        registration, _ = Registration.objects.get_or_create(meeting=meeting, person=person)
        behalf = _set_on_behalf(registration, actor if on_behalf else None)
        held_place = registration.status == RegistrationStatus.REGISTERED
        registration.status = (
            RegistrationStatus.CANCELLED
            if registration.status in choices.COMING
            else RegistrationStatus.DECLINED
        )
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at", "on_behalf_by"])
        record(
            "meetings.withdrawn",
            actor=actor,
            obj=registration,
            changed_fields=["status", *behalf],
            request=request,
        )
        if held_place:
            promote_waiting(meeting, actor=actor, request=request)
    return registration


def promote_waiting(meeting: Meeting, *, actor=None, request=None) -> list[Registration]:
    """Give free places to people on the waiting list, first come first served, and tell them."""
    promoted = []
    free = places_left(meeting)
    waiting = list(meeting.registrations.waiting().select_related("person"))
    for registration in waiting if free is None else waiting[:free]:
        registration.status = RegistrationStatus.REGISTERED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        record(
            "meetings.promoted_from_waiting_list",
            actor=actor,
            obj=registration,
            changed_fields=["status"],
            request=request,
        )
        _tell_person(
            registration.person,
            "meeting_place_offered",
            f"meetings.place:{registration.pk}:{registration.status_changed_at.isoformat()}",
            f"A place for you: {meeting.title}",
            f"A place has come up at {meeting.title} on {_when(meeting)} and it is yours.\n\n"
            f"{site_url(reverse('meetings:detail', args=[meeting.pk]))}",
            meeting,
        )
        promoted.append(registration)
    return promoted


# --- Agenda, papers, minutes -------------------------------------------------------------------------------


def add_agenda_item(meeting: Meeting, *, actor, request=None, **fields) -> AgendaItem:
    with transaction.atomic():
        order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
        item = AgendaItem.objects.create(meeting=meeting, order=order, **fields)
        record(
            "meetings.agenda_item_added", actor=actor, obj=item, changed_fields=list(fields), request=request
        )
    return item


def update_agenda_item(item: AgendaItem, *, actor, request=None, **changes) -> list[str]:
    """Change an agenda item's wording; returns the fields changed."""
    changed = [name for name, value in changes.items() if getattr(item, name) != value]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(item, name, changes[name])
            item.save(update_fields=changed)
            record(
                "meetings.agenda_item_changed", actor=actor, obj=item, changed_fields=changed, request=request
            )
    return changed


def _renumber(items: list[AgendaItem]) -> None:
    for number, item in enumerate(items, start=1):
        item.order = number
    AgendaItem.objects.bulk_update(items, ["order"])


def delete_agenda_item(item: AgendaItem, *, actor, request=None) -> None:
    """Remove an item; its papers stay with the meeting, no longer under an item."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        record(
            "meetings.agenda_item_deleted", actor=actor, obj=item, changed_fields=["title"], request=request
        )
        item.delete()
        _renumber(list(meeting.agenda_items.all()))


def move_agenda_item(item: AgendaItem, *, up: bool, actor, request=None) -> bool:
    """Swap an item with the one before (`up`) or after it; False when it is already first or last."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        items = list(meeting.agenda_items.all())
        at = next((n for n, other in enumerate(items) if other.pk == item.pk), None)
        to = None if at is None else (at - 1 if up else at + 1)  # None: removed meanwhile
        if to is None or not 0 <= to < len(items):
            return False
        items[at], items[to] = items[to], items[at]
        _renumber(items)
        record("meetings.agenda_item_moved", actor=actor, obj=item, changed_fields=["order"], request=request)
    return True


def _delete_files_on_commit(names: list[str], storage) -> None:
    """Stored files go once the rows that named them are gone for good (not if the change rolls back)."""
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def update_paper(
    paper: Paper, *, actor, uploaded=None, content_type="", request=None, **changes
) -> list[str]:
    """Change a paper's title, description or agenda item and, given a checked upload, replace its file
    (the old stored file is deleted). Returns the fields changed."""
    changed = [name for name, value in changes.items() if getattr(paper, name) != value]
    if uploaded is None and not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(paper, name, changes[name])
        if uploaded is not None:
            old_name = paper.file.name
            paper.take_upload(uploaded, content_type=content_type, uploaded_by=actor)
            changed.append("file")
            _delete_files_on_commit([old_name], paper.file.storage)
        paper.save()
        record("meetings.paper_changed", actor=actor, obj=paper, changed_fields=changed, request=request)
    return changed


def delete_paper(paper: Paper, *, actor, request=None) -> None:
    """Delete a paper, its alternative formats and their stored files."""
    with transaction.atomic():
        papers = [paper, *paper.alternatives.all()]
        for each in papers:
            record("meetings.paper_deleted", actor=actor, obj=each, changed_fields=["file"], request=request)
        _delete_files_on_commit([each.file.name for each in papers], paper.file.storage)
        paper.delete()


def add_paper(meeting: Meeting, *, uploaded, content_type: str, actor, request=None, **fields) -> Paper:
    """Store a checked upload (uploads.check_paper) as a paper of the meeting."""
    with transaction.atomic():
        paper = Paper(meeting=meeting, **fields)
        paper.take_upload(uploaded, content_type=content_type, uploaded_by=actor)
        paper.save()
        record(
            "meetings.paper_added", actor=actor, obj=paper, changed_fields=["file", *fields], request=request
        )
    return paper


def update_minutes(meeting: Meeting, minutes: str, *, actor, request=None) -> None:
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.minutes_updated_at = timezone.now()
        meeting.save(update_fields=["minutes", "minutes_updated_at"])
        record(
            "meetings.minutes_changed", actor=actor, obj=meeting, changed_fields=["minutes"], request=request
        )


# --- Decisions and actions ---------------------------------------------------------------------------------


def add_decision(meeting: Meeting, text: str, *, actor, request=None) -> Decision:
    """Number the decision after the last one of the same project or body in the meeting's year."""
    year = meeting.starts_at.astimezone(LONDON).year
    with transaction.atomic():
        _locked(meeting)
        scope = {"project_id": meeting.project_id} if meeting.project_id else {"body_id": meeting.body_id}
        last = Decision.objects.filter(year=year, **scope).aggregate(last=Max("number"))["last"] or 0
        decision = Decision.objects.create(
            meeting=meeting,
            project_id=meeting.project_id,
            body_id=meeting.body_id,
            year=year,
            number=last + 1,
            reference=decision_reference(meeting, year, last + 1),
            text=text,
            recorded_by=actor,
        )
        record(
            "meetings.decision_recorded", actor=actor, obj=decision, changed_fields=["text"], request=request
        )
    return decision


def add_action(meeting: Meeting, *, actor, request=None, **fields) -> Action:
    with transaction.atomic():
        action = Action.objects.create(
            meeting=meeting,
            project_id=meeting.project_id,
            body_id=meeting.body_id,
            created_by=actor,
            **fields,
        )
        record("meetings.action_added", actor=actor, obj=action, changed_fields=list(fields), request=request)
        _tell_action_owner(action)
    return action


def _tell_action_owner(action: Action) -> None:
    meeting = action.meeting
    _tell_person(
        action.owner,
        "action_assigned",
        f"meetings.action:{action.pk}:{action.owner_id}",
        f"An action for you: {meeting.title}",
        f"At {meeting.title} you agreed to: {action.description}\n"
        + (f"Due by {action.due_date:%-d %B %Y}.\n" if action.due_date else "")
        + f"\nUpdate it here: {site_url(reverse('meetings:my_meetings'))}",
        meeting,
    )


def update_action(action: Action, *, actor, request=None, **changes) -> list[str]:
    """Change an action's status and notes (owners) or its description, owner and due date (organisers:
    the caller checks which); returns the fields changed. A new owner is told by email."""
    changed = [name for name, value in changes.items() if getattr(action, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(action, name, changes[name])
        action.updated_at = timezone.now()
        if "status" in changed:
            action.completed_at = timezone.now() if action.status == choices.ActionStatus.DONE else None
        action.save()
        fields = ["owner" if name == "owner_id" else name for name in changed]
        record("meetings.action_updated", actor=actor, obj=action, changed_fields=fields, request=request)
        if "owner_id" in changed:
            _tell_action_owner(action)
    return changed


# --- Attendance ---------------------------------------------------------------------------------------------


def record_attendance(
    meeting: Meeting, person: Person, *, status: str, hours: Decimal | None = None, actor, request=None
) -> Attendance:
    """Record or correct whether `person` took part in `meeting` and for how long.

    Hours default to the meeting's length for someone present and 0 otherwise. A change made more than
    ATTENDANCE_CORRECTION_DAYS after the meeting is a late correction: marked on the row and audited as
    "meetings.attendance_corrected_late". Receivers of signals.attendance_saved run inside this
    transaction on every save, also when the marks are saved again unchanged (payments makes or repairs the
    claim there, so attendance and its claim commit together); what they report back is on
    ``attendance.problems``. Subscribers to signals.attendance_recorded hear of every new row or change once
    the transaction commits.
    """
    if status not in AttendanceStatus.values:
        raise MeetingError(f"Unknown attendance status {status!r}")
    # Attendance becomes payment claims: nobody is paid for a meeting that did not happen.
    if meeting.cancelled_at is not None:
        raise MeetingError("This meeting was cancelled, so there is no attendance to record.")
    hours = default_hours(meeting, status) if hours is None else Decimal(hours).quantize(Decimal("0.01"))
    if hours < 0 or hours > Decimal("24"):
        raise MeetingError("Hours must be between 0 and 24.")
    if status != AttendanceStatus.PRESENT and hours:
        raise MeetingError("Only people who were present can have hours recorded.")
    now = timezone.now()
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
        previous = (attendance.status, attendance.hours) if attendance else (None, None)
        if attendance is not None and previous == (status, hours):
            attendance.problems = _tell_attendance_saved(attendance, previous, False, actor, request)
            return attendance
        if attendance is None:
            attendance = Attendance(meeting=meeting, person=person, first_recorded_at=now)
            verb = "meetings.attendance_recorded"
        else:
            late = is_late(meeting, now)
            verb = "meetings.attendance_corrected_late" if late else "meetings.attendance_corrected"
            if late:
                attendance.late_corrected_at = now
        changed = [
            name
            for name, old, new in (("status", previous[0], status), ("hours", previous[1], hours))
            if old != new
        ]
        attendance.status, attendance.hours = status, hours
        attendance.recorded_by, attendance.recorded_at = actor, now
        attendance.save()
        record(verb, actor=actor, obj=attendance, changed_fields=changed, request=request)
        if status == AttendanceStatus.PRESENT:
            day = meeting.starts_at.astimezone(LONDON).date()
            Person.objects.filter(
                Q(last_involved_at__lt=day) | Q(last_involved_at__isnull=True), pk=person.pk
            ).update(last_involved_at=day)
        attendance.problems = _tell_attendance_saved(attendance, previous, True, actor, request)
        transaction.on_commit(
            lambda: attendance_recorded.send(
                sender=Attendance,
                attendance=attendance,
                previous_status=previous[0],
                previous_hours=previous[1],
                actor=actor,
            )
        )
    return attendance


def _tell_attendance_saved(attendance: Attendance, previous, changed: bool, actor, request) -> list[str]:
    """Run signals.attendance_saved inside the recording's transaction; the problems receivers report."""
    replies = attendance_saved.send(
        sender=Attendance,
        attendance=attendance,
        changed=changed,
        previous_status=previous[0],
        previous_hours=previous[1],
        actor=actor,
        request=request,
    )
    return [reply for _receiver, reply in replies if isinstance(reply, str) and reply]


# --- Reminders ----------------------------------------------------------------------------------------------


def send_due_reminders(now=None) -> int:
    """Email everyone registered for a meeting starting within MEETING_REMINDER_DAYS days who has not had a
    reminder for it. Each registration is claimed by a conditional update first, so the same reminder is
    never sent twice, even by two runs at once."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.COPRODUCE["MEETING_REMINDER_DAYS"])
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        meeting__cancelled_at__isnull=True,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=horizon,
    ).select_related("meeting", "meeting__venue", "person")
    sent = 0
    for registration in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            record("meetings.reminder_sent", obj=registration, changed_fields=["reminder_sent_at"])
            sent += _tell_person(
                registration.person,
                "meeting_reminder",
                f"meetings.reminder:{registration.pk}:{registration.meeting.starts_at.isoformat()}",
                f"Reminder: {registration.meeting.title}",
                _reminder_body(registration),
                registration.meeting,
            )
    return sent


def _reminder_body(registration: Registration) -> str:
    meeting = registration.meeting
    lines = [f"This is a reminder that {meeting.title} is on {_when(meeting)}."]
    if meeting.is_in_person and meeting.venue:
        lines.append(f"Where: {meeting.venue.name}, {' '.join(meeting.venue.address.split())}")
    if meeting.is_online:
        lines.append("The online link is on the meeting page.")
    lines.append(f"Details and papers: {site_url(reverse('meetings:detail', args=[meeting.pk]))}")
    lines.append(
        "If you can no longer come, please tell us on that page so someone else can have your place."
    )
    return "\n\n".join(lines)


def _when(meeting: Meeting) -> str:
    start = meeting.starts_at.astimezone(LONDON)
    end = meeting.ends_at.astimezone(LONDON)
    return f"{start:%A %-d %B %Y}, {start:%H:%M} to {end:%H:%M}"


def _tell_person(person: Person, template: str, event_key: str, subject: str, body: str, meeting) -> int:
    """Tell someone by the way they chose to be contacted; 1 when a message is on its way (or on the list
    to phone or post), 0 when they could not be reached."""
    place = ""
    if meeting.is_in_person and meeting.venue_id:
        place = f"{meeting.venue.name}, {' '.join(meeting.venue.address.split())}"
    context = {"subject": subject, "body": body, "meeting": meeting, "when": _when(meeting), "place": place}
    message = notify(person, template, context, event_key)
    return int(message is not None and message.status in (Status.QUEUED, Status.SENT))


# --- Calendar feed ------------------------------------------------------------------------------------------


def regenerate_calendar_feed(person: Person, *, actor, request=None) -> str:
    """A new private feed address (the old one stops working at once). Returns the token: it is shown once
    and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            person=person, defaults={"token_hash": hash_token(token), "created_at": timezone.now()}
        )
        record(
            "meetings.calendar_feed_created",
            actor=actor,
            obj=person,
            changed_fields=["calendar_feed"],
            request=request,
        )
    return token


def revoke_calendar_feed(person: Person, *, actor, request=None) -> None:
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(person=person).delete()
        if deleted:
            record(
                "meetings.calendar_feed_revoked",
                actor=actor,
                obj=person,
                changed_fields=["calendar_feed"],
                request=request,
            )


def save_venue(venue, *, actor, request=None, changed_fields=()) -> None:
    created = venue.pk is None
    with transaction.atomic():
        venue.save()
        record(
            "meetings.venue_created" if created else "meetings.venue_changed",
            actor=actor,
            obj=venue,
            changed_fields=changed_fields,
            request=request,
        )


def add_body_member(body, person: Person, *, role: str, actor, request=None) -> bool:
    """Add `person` to `body` (or change their role there); returns False if nothing changed."""
    with transaction.atomic():
        membership = body.memberships.current().filter(person=person).first()
        if membership is not None and membership.role == role:
            return False
        if membership is None:
            membership = body.memberships.create(person=person, role=role)
            verb = "meetings.body_member_added"
        else:
            membership.role = role
            membership.save(update_fields=["role"])
            verb = "meetings.body_member_changed"
        record(verb, actor=actor, obj=membership, changed_fields=["role"], request=request)
    return True


def remove_body_member(membership, *, actor, request=None) -> None:
    """End a membership (kept, dated, so past meetings still show who belonged)."""
    with transaction.atomic():
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at"])
        record(
            "meetings.body_member_removed",
            actor=actor,
            obj=membership,
            changed_fields=["left_at"],
            request=request,
        )
