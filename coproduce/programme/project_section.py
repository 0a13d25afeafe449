"""The "Challenges" section of a project's page: the board's questions, concerns and recommendations to the
project, the responses and outcomes (one query however many there are)."""

from django.utils import timezone

from coproduce.projects import sections

from . import selectors
from .rules import CHALLENGERS


def section_context(project, request) -> dict:
    user = request.user
    return {
        "challenges": selectors.project_challenges(project),
        "may_raise": CHALLENGERS.allows(user),
        "today": timezone.localdate(),
    }


def register_section() -> None:
    sections.register(
        sections.ProjectSection(
            key="challenges",
            title="Board challenges",
            template="programme/member/project_section.html",
            context=section_context,
            order=35,
        )
    )
