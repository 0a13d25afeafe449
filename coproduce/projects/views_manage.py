"""The co-production team's project pages (/manage/projects/): the triage queue and list, the ladder
report, a project's page, triage, stage moves, the team, ladder ratings and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.forms import posted
from coproduce.people.models import Person, normalise_text

from . import selectors, services
from .choices import CO_PRODUCTION_THRESHOLD, RatingMoment, Rung, Stage, TriageState
from .forms import PublishingForm, RatingForm, StageForm, TeamRoleForm, TeamSearchForm, TriageForm
from .models import Project, TeamMember
from .pages import project_or_404, render_project_page
from .rules import LEADS_AND_OFFICERS, OFFICERS

PAGE_SIZE = 50


@access(OFFICERS)
def project_list(request):
    queue = (
        Project.objects.filter(stage=Stage.REQUESTED)
        .select_related("service_area", "organisation", "requested_by")
        .order_by("requested_at", "id")
    )
    stage = request.GET.get("stage", "")
    projects = (
        Project.objects.exclude(stage=Stage.REQUESTED).select_related("service_area").order_by("title", "id")
    )
    if stage in Stage.values:
        projects = projects.filter(stage=stage)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    # The requests waiting longest, a page of them: the whole queue on every view grew with it.
    waiting = list(queue[: PAGE_SIZE + 1])
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
        },
    )


@access(OFFICERS)
def ladder_report(request):
    projects = (
        Project.objects.filter(target_rung__isnull=False)
        .select_related("service_area")
        .order_by("service_area__order", "title", "id")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    rated = Project.objects.filter(target_rung__isnull=False, achieved_rung__isnull=False)
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


@access(LEADS_AND_OFFICERS)
def project_page(request, pk):
    return render_project_page(request, project_or_404(request, pk, "projects.view_project"))


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
        try:
            done = services.apply_triage(project, form.cleaned_data, form.principles(), by=request.user)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
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
    moves = services.allowed_moves(project.stage)
    form = StageForm(posted(request), moves=moves, initial={"expected": project.stage})
    if request.method == "POST" and moves and form.is_valid():
        try:
            moved = services.move_stage(
                project,
                form.cleaned_data["to_stage"],
                expected=form.cleaned_data["expected"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
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
    name = normalise_text(query)
    if not name:
        return Person.objects.none()
    found = Q(name_search__gte=name, name_search__lt=name + "\uffff") | Q(name_search__contains=f" {name}")
    people = Person.objects.current().filter(found).only("id", "full_name", "preferred_name")
    return people[: TEAM_SEARCH_LIMIT + 1]  # one more than shown, to know whether there are more


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
    person = Person.objects.current().filter(pk=person_id).first() if person_id.isdigit() else None
    if person is None or not form.is_valid():
        messages.error(request, "Choose a person and a role to add them to the team.")
    else:
        services.add_team_member(project, person, form.cleaned_data["role"], by=request.user)
        messages.success(request, f"{person.display_name} is on the team.")
    return redirect("projects_manage:team", pk=pk)


def _member_or_404(project, member_pk) -> TeamMember:
    member = (
        TeamMember.objects.current().filter(project=project, pk=member_pk).select_related("person").first()
    )
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
        services.add_team_member(project, member.person, form.cleaned_data["role"], by=request.user)
        messages.success(request, f"{member.person.display_name}'s role is changed.")
    else:
        messages.error(request, "Choose a role from the list.")
    return redirect("projects_manage:team", pk=pk)


@require_POST
@access(LEADS_AND_OFFICERS)
def team_remove(request, pk, member_pk):
    project = project_or_404(request, pk, "projects.manage_project")
    member = _member_or_404(project, member_pk)
    services.remove_team_member(member, by=request.user)
    messages.success(request, f"{member.person.display_name} has left the team.")
    return redirect("projects_manage:team", pk=pk)


@access(LEADS_AND_OFFICERS)
def rate(request, pk):
    project = project_or_404(request, pk, "projects.manage_project")
    open_for_rating = project.stage in services.RATING_STAGES[RatingMoment.REVIEW]
    form = RatingForm(posted(request) if open_for_rating else None, initial={"moment": RatingMoment.REVIEW})
    if request.method == "POST" and open_for_rating and form.is_valid():
        try:
            services.rate_project(
                project,
                moment=form.cleaned_data["moment"],
                rung=form.cleaned_data["rung"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
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
            by=request.user,
        )
        messages.success(request, "Publishing choices saved.")
        return redirect("projects_manage:project", pk=pk)
    return render(request, "projects/manage/publishing.html", {"project": project, "form": form})
