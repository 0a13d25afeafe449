"""Meetings, decisions and actions in site search (coproduce.core.search): each found only by those who may
see its meeting (selectors.visible_meetings, the rule the meeting page and the API use)."""

from django.db import connection
from django.utils import timezone
from django.utils.dateformat import format as format_date

from coproduce.core import search
from coproduce.core.links import link
from coproduce.core.prepared import Prepared, Slot

from .models import Action, Decision, Meeting
from .rules import MEETING_PAGE, is_meetings_officer
from .selectors import visible_meeting_ids


def _meeting(meeting: Meeting) -> search.Document:
    when = format_date(timezone.localtime(meeting.starts_at), "j F Y")
    return search.Document(
        title=meeting.title,
        text=f"{meeting.purpose}\n{meeting.minutes}",
        summary=f"{when}: {meeting.purpose[:160]}",
    )


def _decision(decision: Decision) -> search.Document:
    return search.Document(
        title=f"{decision.reference}: {decision.text[:120]}",
        text=decision.text,
        summary=decision.text[:200],
        key=str(decision.meeting_id),
    )


def _action(action: Action) -> search.Document:
    return search.Document(
        title=action.description[:150],
        text=f"{action.description}\n{action.notes}",
        summary=f"{action.get_status_display()}"
        + (f", due {format_date(action.due_date, 'j F Y')}" if action.due_date else ""),
        key=str(action.meeting_id),
    )


# Up to this many, a member's visible meetings are read once and bound into the search as a list of ids.
# A member's teams, bodies and registrations give a few hundred even after years; someone who organises for
# many projects may pass it, and their search compiles the rule into its query instead.
MEETINGS_READ_FIRST = 2000


def _meetings_seen_by(user):
    """The ids of visible_meeting_ids(user) as a list (up to MEETINGS_READ_FIRST), else its Bound SQL, or
    None if there are none; worked out once per user object: meetings, decisions and actions all filter on
    them in the same search. Read first (one indexed query) rather than compiled into the search: SQLite
    otherwise worked the union out again inside each of the three arms (about 4 ms each at scale 25), and
    PostgreSQL misjudged it (decision 0022, session 9)."""
    cache = user.__dict__.setdefault("_search_visible_meetings", {})
    if "ids" not in cache:
        rule = visible_meeting_ids(user)
        with connection.cursor() as cursor:
            # The union's own LIMIT: the rule's SQL is the ORM's compilation, its values bound.
            cursor.execute(f"{rule.sql} LIMIT %s", [*rule.params, MEETINGS_READ_FIRST + 1])  # noqa: S608
            ids = [row[0] for row in cursor.fetchall()]
        cache["ids"] = rule if len(ids) > MEETINGS_READ_FIRST else ids or None
    return cache["ids"]


def _in_visible_meetings(model):
    meeting = "pk" if model is Meeting else "meeting_id"
    # Bound with one placeholder per id: `pk__in=ids` in a queryset would have the ORM build and prepare
    # every id again in each of the three kinds (about 2 ms for a few hundred).
    in_list = {f"{meeting}__in": Slot("meetings", many=True)}
    listed = Prepared(lambda: model.objects.filter(**in_list).values("pk"))

    def visible(user):
        if is_meetings_officer(user):
            return search.EVERYTHING
        # A member sees the meetings of their teams, bodies and registrations: few, however many there are.
        seen = _meetings_seen_by(user)
        if seen is None:
            return search.Few(model.objects.none().values("pk"))
        if isinstance(seen, list):
            return search.Few(listed().bind(meetings=seen))
        return search.Few(model.objects.filter(**{f"{meeting}__in": seen.as_expression()}).values("pk"))

    return visible


def _meeting_url(user, hit) -> str:
    return link("meetings:detail", args=[hit.object_id])


def _parent_url(anchor):
    def url(user, hit) -> str:
        return link("meetings:detail", args=[int(hit.key)]) + anchor

    return url


search.register(
    search.Kind(
        key="meeting",
        label="Meetings",
        model=Meeting,
        document=_meeting,
        rows=lambda: Meeting.objects.all(),
        visible=_in_visible_meetings(Meeting),
        url=_meeting_url,
        policy=MEETING_PAGE,
        order=30,
    ),
    *(
        search.Kind(
            key=key,
            label=label,
            model=model,
            document=document,
            rows=model.objects.all,
            visible=_in_visible_meetings(model),
            url=_parent_url(anchor),
            policy=MEETING_PAGE,
            order=order,
        )
        for key, label, model, document, anchor, order in (
            ("decision", "Decisions", Decision, _decision, "#decisions", 31),
            ("action", "Actions", Action, _action, "#actions", 32),
        )
    ),
)
