"""The team's pages (/your-projects/): a member's projects, the project page for the team, and what the
team keeps together: outputs, "you said, we did" updates, the group agreement and the jargon buster."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import selectors, services
from .forms import AgreementForm, JargonForm, OutputForm, UpdateForm
from .models import JargonTerm, Output, Update
from .pages import project_home, project_or_404, render_project_page
from .rules import TEAM_PAGES


@access(TEAM_PAGES)
def your_projects(request):
    return render(
        request, "projects/team/your_projects.html", {"memberships": selectors.memberships_of(request.user)}
    )


@access(TEAM_PAGES)
def team_project(request, pk):
    return render_project_page(request, project_or_404(request, pk, "projects.view_project"))


def _item_form(request, pk, item_pk, *, model, form_class, save, noun):
    project = project_or_404(request, pk, "projects.edit_outputs")
    item = model(project=project)
    if item_pk is not None:
        item = model.objects.filter(project=project, pk=item_pk).first()
        if item is None:
            raise Http404(f"No such {noun}")
    form = form_class(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        fresh = model.objects.get(pk=item.pk) if item.pk else model(project=project)
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
        "projects/team/item_form.html",
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
    item = model.objects.filter(project=project, pk=item_pk).first()
    if item is None:
        raise Http404(f"No such {noun}")
    back = project_home(request.user, project)
    if request.method == "POST":
        delete(item, actor=request.user, request=request)
        messages.success(request, f"{noun.capitalize()} deleted.")
        return redirect(back)
    return render(
        request,
        "projects/team/item_delete.html",
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
        "projects/team/agreement.html",
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
        "projects/team/jargon.html",
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
    item = JargonTerm.objects.filter(project=project, pk=term_pk).first()
    if item is None:
        raise Http404("No such term")
    services.remove_jargon(item, actor=request.user, request=request)
    messages.success(request, f"“{item.term}” removed from the jargon buster.")
    return redirect("projects:jargon", pk=pk)
