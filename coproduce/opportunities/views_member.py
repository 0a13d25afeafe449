"""A member's own pages: saying they are interested, following and withdrawing their applications."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import selectors, services
from .choices import InterestStatus
from .forms import InterestForm
from .models import ExpressionOfInterest
from .rules import MEMBER_APPLICATIONS


@access(MEMBER_APPLICATIONS)
def express_interest(request, pk):
    opportunity = get_object_or_404(selectors.for_detail().advertised(), pk=pk)
    person = request.user.person
    if not opportunity.is_accepting():
        messages.info(request, f"“{opportunity.title}” is no longer taking expressions of interest.")
        return redirect("opportunities:detail", pk=pk)
    own = selectors.own_live_interest(opportunity, person)
    if own is not None:
        messages.info(request, "You have already said you are interested in this.")
        return redirect("opportunities:application", pk=own.pk)
    form = InterestForm(posted(request), initial=InterestForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        with refusal(request, level=messages.INFO) as refused:
            interest = services.express_interest(
                opportunity, person, form.answers(), actor=request.user, request=request
            )
        if refused:
            return redirect("opportunities:detail", pk=pk)
        messages.success(request, "Thank you. We have your expression of interest and will be in touch.")
        return redirect("opportunities:application", pk=interest.pk)
    return render(
        request, "opportunities/member/express_interest.html", {"opportunity": opportunity, "form": form}
    )


@access(MEMBER_APPLICATIONS)
def applications(request):
    return render(
        request,
        "opportunities/member/applications.html",
        {"applications": selectors.own_applications(request.user.person)},
    )


def _own_application(request, pk) -> ExpressionOfInterest:
    """The member's own expression of interest; anyone else's is "not found", never "forbidden"."""
    interest = selectors.own_applications(request.user.person).filter(pk=pk).first()
    if interest is None:
        raise Http404("No such application")
    return interest


@access(MEMBER_APPLICATIONS)
def application(request, pk):
    interest = _own_application(request, pk)
    return render(
        request,
        "opportunities/member/application.html",
        {"interest": interest, "can_withdraw": interest.status == InterestStatus.ACTIVE},
    )


@access(MEMBER_APPLICATIONS)
def withdraw(request, pk):
    interest = _own_application(request, pk)
    if request.method == "POST":
        with refusal(request, level=messages.INFO) as refused:
            services.withdraw(interest, actor=request.user, request=request)
        if not refused:
            messages.success(request, f"You have withdrawn from “{interest.opportunity.title}”.")
        return redirect("opportunities:applications")
    if interest.status != InterestStatus.ACTIVE:
        return redirect("opportunities:application", pk=pk)
    return render(request, "opportunities/member/withdraw.html", {"interest": interest})
