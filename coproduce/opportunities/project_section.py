"""The "Opportunities" section of a project's page (registered with coproduce.projects.sections)."""

from django.db.models import Count, Q

from coproduce.projects import sections

from .choices import InterestStatus
from .rules import is_opportunity_officer


def may_advertise_for(user, project) -> bool:
    return bool(is_opportunity_officer(user) or user.has_perm("projects.manage_opportunities", project))


def section_context(project, request) -> dict:
    opportunities = list(
        project.opportunities.annotate(
            applicants=Count("expressions", filter=~Q(expressions__status=InterestStatus.WITHDRAWN))
        ).order_by("-closes_on", "-id")
    )
    # Whoever may advertise for the project manages all of its opportunities (rules.may_manage).
    manages = may_advertise_for(request.user, project)
    return {"opportunities": opportunities, "manages_opportunities": manages}


def register_section() -> None:
    sections.register(
        sections.ProjectSection(
            key="opportunities",
            title="Opportunities",
            template="opportunities/member/project_section.html",
            context=section_context,
            order=10,
        )
    )
