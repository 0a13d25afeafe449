"""Asking for co-production support: a staff lead's requests, a new request, and changing a request when
the co-production team asks for more information."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import services
from .choices import TriageState
from .forms import RequestForm
from .models import Project
from .rules import REQUESTERS


def _own_request(request, pk: int) -> Project:
    project = (
        Project.objects.select_related("service_area", "organisation")
        .filter(pk=pk, requested_by=request.user)
        .first()
    )
    if project is None:
        raise Http404("No such request")
    return project


@access(REQUESTERS)
def request_list(request):
    projects = Project.objects.filter(requested_by=request.user).select_related("service_area")
    return render(request, "projects/requests/list.html", {"projects": projects})


@access(REQUESTERS)
def request_new(request):
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        project = services.create_request(form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Your request has been sent to the co-production team.")
        return redirect("projects:request", pk=project.pk)
    return render(request, "projects/requests/form.html", {"form": form, "project": None})


@access(REQUESTERS)
def request_detail(request, pk):
    project = _own_request(request, pk)
    return render(
        request,
        "projects/requests/detail.html",
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
    return render(request, "projects/requests/form.html", {"form": form, "project": project})
