"""The peer researchers' workspace: members record interviews and observations as evidence."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted

from . import choices, forms, selectors, services
from .rules import PEER_RESEARCH


@access(PEER_RESEARCH)
def workspace(request):
    form = forms.PeerEvidenceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.add_evidence(
                actor=request.user,
                request=request,
                aims=data.pop("aims"),
                by_peer_researcher=True,
                attribution="Peer research",
                **data,
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your notes are saved. Thank you.")
            return redirect("evaluation:workspace")
    return render(
        request,
        "evaluation/member/workspace.html",
        {
            "form": form,
            "mine": selectors.evidence_by_researcher(request.user),
            "kinds": dict(choices.EvidenceKind.choices),
        },
    )
