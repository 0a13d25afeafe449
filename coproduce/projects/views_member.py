"""A signed-in person's project pages: a staff lead's requests for co-production support (asking, and
changing a request when the team asks for more), the team's pages under /your-projects/ (outputs, "you said,
we did" updates, the group agreement and the jargon buster), and the project page both sides share."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.accounts.rules import is_back_office
from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import sections, selectors, services
from .choices import CO_PRODUCTION_THRESHOLD, PRINCIPLES, PublicSection, RatingMoment, TriageState
from .forms import AgreementForm, JargonForm, OutputForm, RequestForm, UpdateForm
from .models import JargonTerm, Output, Project, Update
from .rules import REQUESTERS, TEAM_PAGES


def _own_request(request, pk: int) -> Project:
    project = selectors.own_request(request.user, pk)
    if project is None:
        raise Http404("No such request")
    return project


@access(REQUESTERS)
def request_list(request):
    projects = selectors.requests_of(request.user)
    return render(request, "projects/member/request_list.html", {"projects": projects})


@access(REQUESTERS)
def request_new(request):
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        project = services.create_request(form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Your request has been sent to the co-production team.")
        return redirect("projects:request", pk=project.pk)
    return render(request, "projects/member/request_form.html", {"form": form, "project": None})


@access(REQUESTERS)
def request_detail(request, pk):
    project = _own_request(request, pk)
    return render(
        request,
        "projects/member/request_detail.html",
        {"project": project, "may_change": project.triage_state == TriageState.MORE_INFORMATION},
    )


@access(REQUESTERS)
def request_edit(request, pk):
    project = _own_request(request, pk)
    if project.triage_state != TriageState.MORE_INFORMATION:
        messages.info(request, "You can change a request only when the co-production team asks for more.")
        return redirect("projects:request", pk=pk)
    form = RequestForm(posted(request), instance=project)
    if request.method == "POST" and form.is_valid():
        with refusal(request) as refused:
            services.resubmit_request(
                _own_request(request, pk), form.cleaned_data, actor=request.user, request=request
            )
        if not refused:
            messages.success(request, "Your changed request has been sent back to the co-production team.")
        return redirect("projects:request", pk=pk)
    return render(request, "projects/member/request_form.html", {"form": form, "project": project})


@access(TEAM_PAGES)
def your_projects(request):
    return render(
        request, "projects/member/your_projects.html", {"memberships": selectors.memberships_of(request.user)}
    )


@access(TEAM_PAGES)
def team_project(request, pk):
    return render_project_page(request, project_or_404(request, pk, "projects.view_project"))


def _item_form(request, pk, item_pk, *, model, form_class, save, noun):
    project = project_or_404(request, pk, "projects.edit_outputs")
    item = model(project=project)
    if item_pk is not None:
        item = selectors.item_of(model, project, item_pk)
        if item is None:
            raise Http404(f"No such {noun}")
    form = form_class(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.fresh(model, item.pk) if item.pk else model(project=project)
        save(
            fresh,
            {name: form.cleaned_data[name] for name in form_class.Meta.fields},
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{noun.capitalize()} saved.")
        return redirect(project_home(request.user, project))
    return render(
        request,
        "projects/member/item_form.html",
        {
            "project": project,
            "form": form,
            "noun": noun,
            "adding": item.pk is None,
            "back": project_home(request.user, project),
        },
    )


@access(TEAM_PAGES)
def output_form(request, pk, output_pk=None):
    return _item_form(
        request, pk, output_pk, model=Output, form_class=OutputForm, save=services.save_output, noun="output"
    )


@access(TEAM_PAGES)
def update_form(request, pk, update_pk=None):
    return _item_form(
        request, pk, update_pk, model=Update, form_class=UpdateForm, save=services.save_update, noun="update"
    )


def _item_delete(request, pk, item_pk, *, model, delete, noun, describe):
    """Ask first (a page that works without JavaScript), then delete on POST."""
    project = project_or_404(request, pk, "projects.edit_outputs")
    item = selectors.item_of(model, project, item_pk)
    if item is None:
        raise Http404(f"No such {noun}")
    back = project_home(request.user, project)
    if request.method == "POST":
        delete(item, actor=request.user, request=request)
        messages.success(request, f"{noun.capitalize()} deleted.")
        return redirect(back)
    return render(
        request,
        "projects/member/item_delete.html",
        {"project": project, "noun": noun, "description": describe(item), "back": back},
    )


@access(TEAM_PAGES)
def output_delete(request, pk, output_pk):
    return _item_delete(
        request,
        pk,
        output_pk,
        model=Output,
        delete=services.delete_output,
        noun="output",
        describe=lambda output: f"“{output.title}”",
    )


@access(TEAM_PAGES)
def update_delete(request, pk, update_pk):
    return _item_delete(
        request,
        pk,
        update_pk,
        model=Update,
        delete=services.delete_update,
        noun="update",
        describe=lambda update: f"the “you said, we did” update of {update.date:%-d %B %Y}",
    )


@access(TEAM_PAGES)
def agreement(request, pk):
    project = project_or_404(request, pk, "projects.edit_agreement")
    current = "\n".join(project.agreement.values_list("text", flat=True))
    form = AgreementForm(posted(request), initial={"statements": current})
    if request.method == "POST" and form.is_valid():
        services.set_agreement(project, form.cleaned_data["statements"], actor=request.user, request=request)
        messages.success(request, "Group agreement saved.")
        return redirect(project_home(request.user, project))
    return render(
        request,
        "projects/member/agreement.html",
        {"project": project, "form": form, "back": project_home(request.user, project)},
    )


@access(TEAM_PAGES)
def jargon(request, pk):
    project = project_or_404(request, pk, "projects.edit_agreement")
    form = JargonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="term") as refused:
            services.add_jargon(
                project,
                term=form.cleaned_data["term"],
                meaning=form.cleaned_data["meaning"],
                actor=request.user,
                request=request,
            )
        if not refused:
            messages.success(request, f"“{form.cleaned_data['term']}” added to the jargon buster.")
            return redirect("projects:jargon", pk=pk)
    return render(
        request,
        "projects/member/jargon.html",
        {
            "project": project,
            "form": form,
            "terms": project.jargon.all(),
            "back": project_home(request.user, project),
        },
    )


@require_POST
@access(TEAM_PAGES)
def jargon_remove(request, pk, term_pk):
    project = project_or_404(request, pk, "projects.edit_agreement")
    item = selectors.item_of(JargonTerm, project, term_pk)
    if item is None:
        raise Http404("No such term")
    services.remove_jargon(item, actor=request.user, request=request)
    messages.success(request, f"“{item.term}” removed from the jargon buster.")
    return redirect("projects:jargon", pk=pk)


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
        "projects/member/project.html",
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
                and bool(selectors.allowed_moves(project.stage)),
                "rate": user.has_perm("projects.manage_project", project)
                and is_back_office(user)
                and project.stage in services.RATING_STAGES[RatingMoment.REVIEW],
                "edit_outputs": user.has_perm("projects.edit_outputs", project),
                "edit_agreement": user.has_perm("projects.edit_agreement", project),
            },
        },
    )
