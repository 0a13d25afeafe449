"""The Evaluation section of a project's page: its indicators, chosen evidence, survey results, ladder
ratings and the team's representation score (registered from EvaluationConfig.ready())."""

from coproduce.projects import sections
from coproduce.projects import selectors as projects_selectors

from . import selectors
from .rules import DIVERSITY, EDIT, VIEW


def _context(project, request) -> dict:
    user = request.user
    may_view = VIEW.allows(user)
    snapshot = selectors.latest_project_snapshot(project.pk) if DIVERSITY.allows(user) else None
    return {
        "ladder": projects_selectors.ladder_of(project),
        "indicators": selectors.indicators_of_project(project.pk),
        "evidence": list(selectors.evidence_list(project_id=project.pk)[:3]),
        "surveys": selectors.surveys_over_time(project_id=project.pk),
        "snapshot": snapshot,
        "may_view": may_view,
        "may_edit": EDIT.allows(user),
    }


def register_section() -> None:
    sections.register(
        sections.ProjectSection(
            key="evaluation",
            title="Evaluation",
            template="evaluation/member/project_section.html",
            context=_context,
            order=40,
        )
    )
