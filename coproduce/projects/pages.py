"""What the project pages share: finding a project the user may see, and the project page itself (shown to
officers and the staff lead under /manage/projects/ and to the team under /your-projects/)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from coproduce.accounts.rules import is_back_office

from . import sections, selectors, services
from .choices import CO_PRODUCTION_THRESHOLD, PRINCIPLES, PublicSection, RatingMoment
from .models import Project


def project_or_404(request, pk: int, permission: str) -> Project:
    """The project, if the user holds `permission` on it; otherwise 404, so changing the id in the address
    never reveals whether a project exists."""
    try:
        project = selectors.project_page(pk)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    if not request.user.has_perm(permission, project):
        raise Http404("No such project")
    return project


def project_home(user, project: Project) -> str:
    """Where the project's own page is for this user: the back office for officers and the staff lead."""
    if is_back_office(user) and user.has_perm("projects.manage_project", project):
        return reverse("projects_manage:project", args=[project.pk])
    return reverse("projects:team_project", args=[project.pk])


def render_project_page(request, project: Project):
    user = request.user
    team = selectors.current_team(project)
    ratings = list(project.ladder_ratings.select_related("rated_by"))
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "team": team,
            "staff_outnumber": selectors.staff_outnumber_lived_experience(team),
            "history": project.stage_changes.select_related("changed_by"),
            "target_ratings": [r for r in ratings if r.moment == RatingMoment.TARGET],
            "later_ratings": [r for r in ratings if r.moment != RatingMoment.TARGET],
            "below_co_production": bool(
                project.target_rung and project.target_rung < CO_PRODUCTION_THRESHOLD
            ),
            "principles": [(label, project.principles_check.get(key, "")) for key, label, _ in PRINCIPLES],
            "outputs": project.outputs.all(),
            "updates": project.updates.all(),
            "agreement": project.agreement.all(),
            "jargon": project.jargon.all(),
            "public_sections": [
                label for value, label in PublicSection.choices if project.shows_publicly(value)
            ],
            "extra_sections": sections.render_all(project, request),
            "may": {
                "manage": user.has_perm("projects.manage_project", project) and is_back_office(user),
                "triage": user.has_perm("projects.triage", project) and project.is_request,
                "move": user.has_perm("projects.move_stage", project)
                and bool(services.allowed_moves(project.stage)),
                "rate": user.has_perm("projects.manage_project", project)
                and is_back_office(user)
                and project.stage in services.RATING_STAGES[RatingMoment.REVIEW],
                "edit_outputs": user.has_perm("projects.edit_outputs", project),
                "edit_agreement": user.has_perm("projects.edit_agreement", project),
            },
        },
    )
