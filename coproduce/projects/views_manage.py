"""The co-production team's project pages (/manage/projects/): the triage queue and list, the ladder
report, a project's page, triage, stage moves, the team, ladder ratings and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted
from coproduce.people import selectors as people_selectors

from . import selectors, services
from .choices import CO_PRODUCTION_THRESHOLD, RatingMoment, Rung, Stage, TriageState
from .forms import PublishingForm, RatingForm, StageForm, TeamRoleForm, TeamSearchForm, TriageForm
from .models import TeamMember
from .rules import LEADS_AND_OFFICERS, OFFICERS, OFFICERS_AND_BOARD, READERS, is_projects_officer
from .views_member import project_or_404, render_project_page

PAGE_SIZE = 50


@access(OFFICERS_AND_BOARD)
def project_list(request):
    stage = request.GET.get("stage", "")
    page = Paginator(selectors.projects_past_request(stage), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.project_rows(page.object_list)
    # Board members read the list too; triage and requests are the officers'.
    triages = is_projects_officer(request.user)
    # The requests waiting longest, a page of them: the whole queue on every view grew with it.
    waiting = selectors.queue_rows(selectors.requests_waiting(PAGE_SIZE + 1), triages=triages)
    return render(
        request,
        "projects/manage/list.html",
        {
            "queue": waiting[:PAGE_SIZE],
            # No COUNT over the queue (the page's query count stays constant): past a page it says so.
            "queue_count": f"more than {PAGE_SIZE}" if len(waiting) > PAGE_SIZE else len(waiting),
            "page": page,
            "stage": stage,
            "stages": [(s, label) for s, label in Stage.choices if s != Stage.REQUESTED],
            "query": f"stage={stage}" if stage in Stage.values else "",
            "triages": triages,
        },
    )


@access(OFFICERS_AND_BOARD)
def ladder_report(request):
    page = Paginator(selectors.projects_with_target(), PAGE_SIZE).get_page(request.GET.get("page"))
    rated = selectors.rated_projects()
    return render(
        request,
        "projects/manage/report.html",
        {
            "page": page,
            "rated": rated.count(),
            "reached": rated.filter(achieved_rung__gte=F("target_rung")).count(),
            "doing_with": rated.filter(achieved_rung__gte=CO_PRODUCTION_THRESHOLD).count(),
        },
    )


@access(READERS)
def project_page(request, pk):
    return render_project_page(request, project_or_404(request, pk, "projects.read_project"))


@access(OFFICERS)
def triage(request, pk):
    project = project_or_404(request, pk, "projects.triage")
    open_for_triage = project.stage == Stage.REQUESTED and project.triage_state in (
        TriageState.AWAITING,
        TriageState.MORE_INFORMATION,
    )
    # A request already dealt with shows its outcome, not the form (nor errors for what was posted).
    form = TriageForm(posted(request) if open_for_triage else None)
    if request.method == "POST" and open_for_triage and form.is_valid():
        with refusal(form) as refused:
            done = services.apply_triage(
                project, form.cleaned_data, form.principles(), actor=request.user, request=request
            )
        if not refused:
            messages.success(request, done)
            return redirect("projects_manage:project", pk=pk)
    return render(
        request,
        "projects/manage/triage.html",
        {
            "project": project,
            "form": form,
            "open_for_triage": open_for_triage,
            "threshold": Rung(CO_PRODUCTION_THRESHOLD).label,
            "flag_below": form.is_bound and _below(form),
        },
    )


def _below(form) -> bool:
    rung = getattr(form, "cleaned_data", {}).get("target_rung")
    return rung is not None and rung < CO_PRODUCTION_THRESHOLD


@access(OFFICERS)
def change_stage(request, pk):
    project = project_or_404(request, pk, "projects.move_stage")
    moves = selectors.allowed_moves(project.stage)
    form = StageForm(posted(request), moves=moves, initial={"expected": project.stage})
    if request.method == "POST" and moves and form.is_valid():
        with refusal(form) as refused:
            moved = services.move_stage(project, **form.move(), actor=request.user, request=request)
        if not refused:
            messages.success(request, f"The project is now at the {moved.get_stage_display().lower()} stage.")
            return redirect("projects_manage:project", pk=pk)
    history = project.stage_changes.select_related("changed_by")
    return render(
        request,
        "projects/manage/stage.html",
        {"project": project, "form": form, "moves": moves, "history": history},
    )


TEAM_SEARCH_LIMIT = 20


def _name_search(query: str):
    # one more than shown, to know whether there are more
    return people_selectors.people_matching(query, TEAM_SEARCH_LIMIT + 1)


@access(LEADS_AND_OFFICERS)
def team(request, pk):
    project = project_or_404(request, pk, "projects.manage_project")
    members = selectors.current_team(project)
    search = TeamSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        on_team = {member.person_id for member in members}
        results = [person for person in _name_search(search.cleaned_data["q"]) if person.pk not in on_team]
    more = len(results) > TEAM_SEARCH_LIMIT
    return render(
        request,
        "projects/manage/team.html",
        {
            "project": project,
            "members": members,
            "staff_outnumber": selectors.staff_outnumber_lived_experience(members),
            "search": search,
            "searched": search.is_valid() and bool(search.cleaned_data["q"]),
            "results": results[:TEAM_SEARCH_LIMIT],
            "more_results": more,
            "roles": TeamRoleForm.base_fields["role"].choices,
        },
    )


@require_POST
@access(LEADS_AND_OFFICERS)
def team_add(request, pk):
    project = project_or_404(request, pk, "projects.manage_project")
    form = TeamRoleForm(request.POST)
    person_id = request.POST.get("person", "")
    person = people_selectors.current_person(person_id) if person_id.isdigit() else None
    if person is None or not form.is_valid():
        messages.error(request, "Choose a person and a role to add them to the team.")
    else:
        services.add_team_member(
            project, person, form.cleaned_data["role"], actor=request.user, request=request
        )
        messages.success(request, f"{person.display_name} is on the team.")
    return redirect("projects_manage:team", pk=pk)


def _member_or_404(project, member_pk) -> TeamMember:
    member = selectors.team_member(project, member_pk)
    if member is None:
        raise Http404("No such team member")
    return member


@require_POST
@access(LEADS_AND_OFFICERS)
def team_change_role(request, pk, member_pk):
    project = project_or_404(request, pk, "projects.manage_project")
    member = _member_or_404(project, member_pk)
    form = TeamRoleForm(request.POST)
    if form.is_valid():
        services.add_team_member(
            project, member.person, form.cleaned_data["role"], actor=request.user, request=request
        )
        messages.success(request, f"{member.person.display_name}'s role is changed.")
    else:
        messages.error(request, "Choose a role from the list.")
    return redirect("projects_manage:team", pk=pk)


@require_POST
@access(LEADS_AND_OFFICERS)
def team_remove(request, pk, member_pk):
    project = project_or_404(request, pk, "projects.manage_project")
    member = _member_or_404(project, member_pk)
    services.remove_team_member(member, actor=request.user, request=request)
    messages.success(request, f"{member.person.display_name} has left the team.")
    return redirect("projects_manage:team", pk=pk)


@access(LEADS_AND_OFFICERS)
def rate(request, pk):
    project = project_or_404(request, pk, "projects.manage_project")
    open_for_rating = project.stage in services.RATING_STAGES[RatingMoment.REVIEW]
    form = RatingForm(posted(request) if open_for_rating else None, initial={"moment": RatingMoment.REVIEW})
    if request.method == "POST" and open_for_rating and form.is_valid():
        with refusal(form) as refused:
            services.rate_project(
                project,
                moment=form.cleaned_data["moment"],
                rung=form.cleaned_data["rung"],
                evidence=form.cleaned_data["evidence"],
                actor=request.user,
                request=request,
            )
        if not refused:
            messages.success(request, "Rating recorded.")
            return redirect("projects_manage:project", pk=pk)
    return render(
        request,
        "projects/manage/rate.html",
        {"project": project, "form": form, "open_for_rating": open_for_rating},
    )


@access(LEADS_AND_OFFICERS)
def publishing(request, pk):
    project = project_or_404(request, pk, "projects.manage_project")
    initial = {"is_published": "yes" if project.is_published else "no", "sections": project.public_sections}
    form = PublishingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_publishing(
            project,
            is_published=form.cleaned_data["is_published"],
            sections=form.cleaned_data["sections"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Publishing choices saved.")
        return redirect("projects_manage:project", pk=pk)
    return render(request, "projects/manage/publishing.html", {"project": project, "form": form})
