"""The "Meetings" section of a project's page (registered with coproduce.projects.sections): the next
meetings, how many have been held, the action tracker's open and overdue counts and the way to the decision
log. Three queries (four for an organiser) however many meetings the project has."""

from django.db.models import Count, Q
from django.utils import timezone

from coproduce.projects import sections

from .choices import OPEN_ACTION_STATUSES
from .models import Action
from .rules import ORGANISERS, may_organise_scope

NEXT_MEETINGS = 5


def section_context(project, request) -> dict:
    now, today = timezone.now(), timezone.localdate()
    meetings = project.meetings.all()
    open_actions = Q(status__in=OPEN_ACTION_STATUSES)
    actions = Action.objects.filter(project=project).aggregate(
        open=Count("id", filter=open_actions),
        overdue=Count("id", filter=open_actions & Q(due_date__lt=today)),
    )
    return {
        "next_meetings": list(
            meetings.upcoming(now).select_related("venue").order_by("starts_at", "id")[:NEXT_MEETINGS]
        ),
        "past_meetings": meetings.past(now).filter(cancelled_at__isnull=True).count(),
        "open_actions": actions["open"],
        "overdue_actions": actions["overdue"],
        # The create page is for organiser roles; of those, only this project's organisers get the link.
        "may_arrange": ORGANISERS.allows(request.user) and may_organise_scope(request.user, project=project),
    }


def register_section() -> None:
    sections.register(
        sections.ProjectSection(
            key="meetings",
            title="Meetings",
            template="meetings/member/project_section.html",
            context=section_context,
            order=20,
        )
    )
