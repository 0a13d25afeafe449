"""The back-office opportunity pages (/manage/opportunities/): advertising and changing opportunities,
their status, matching people and inviting them, recording interest on someone's behalf and selection."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted
from coproduce.people import selectors as people_selectors
from coproduce.people.forms import DirectoryFilterForm
from coproduce.people.models import Person
from coproduce.people.rules import may_view_equality_answers
from coproduce.people.selectors import SUPPRESSION_THRESHOLD, equality_profile
from coproduce.projects import selectors as projects_selectors

from . import selectors, services
from .choices import InterestStatus, InvitationMethod, Status
from .forms import InviteForm, OnBehalfForm, OpportunityForm, PersonSearchForm, SelectionForm
from .models import Opportunity
from .rules import MANAGE, OFFICERS, is_opportunity_officer, projects_led_by

LIST_SIZE = 50
MATCH_PAGE_SIZE = 20
SEARCH_RESULTS = 10
STATUS_ACTIONS = {
    Status.OPEN: "Publish",
    Status.CLOSED: "Close to new interest",
    Status.FILLED: "Mark as filled",
}


def _manageable(request, pk, *, detailed=False) -> Opportunity:
    """An opportunity this user may manage; any other is "not found" (`detailed`: with areas and topics)."""
    queryset = selectors.manageable_by(request.user)
    if detailed:
        queryset = queryset.prefetch_related("lived_experience", "interests")
    opportunity = queryset.filter(pk=pk).first()
    if opportunity is None:
        raise Http404("No such opportunity")
    return opportunity


def _form_projects(user):
    if is_opportunity_officer(user):
        return projects_selectors.active_projects(), True
    return projects_led_by(user).active(), False


@access(MANAGE)
def opportunity_list(request):
    page = Paginator(selectors.manage_list(request.user), LIST_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.manage_rows(page.object_list)
    return render(
        request,
        "opportunities/manage/list.html",
        {
            "page": page,
            "officer": is_opportunity_officer(request.user),
        },
    )


@access(MANAGE)
def advertise(request):
    projects, programme_wide = _form_projects(request.user)
    form = OpportunityForm(
        posted(request),
        projects=projects,
        programme_wide_allowed=programme_wide,
        initial={"project": request.GET.get("project")},  # from "Advertise an opportunity" on a project page
    )
    if request.method == "POST" and form.is_valid():
        opportunity = services.advertise(form.values(), actor=request.user, request=request)
        messages.success(request, "Saved as a draft. Check it, then publish it to advertise it.")
        return redirect("opportunities_manage:detail", pk=opportunity.pk)
    return render(request, "opportunities/manage/form.html", {"form": form, "opportunity": None})


@access(MANAGE)
def edit(request, pk):
    opportunity = _manageable(request, pk)
    projects, programme_wide = _form_projects(request.user)
    if opportunity.project_id:
        projects = projects | projects_selectors.projects_by_ids([opportunity.project_id])
    form = OpportunityForm(
        posted(request), projects=projects, programme_wide_allowed=programme_wide, instance=opportunity
    )
    if request.method == "POST" and form.is_valid():
        changed = services.update_opportunity(opportunity, form.values(), actor=request.user, request=request)
        messages.success(request, "Changes saved." if changed else "Nothing was changed.")
        return redirect("opportunities_manage:detail", pk=pk)
    return render(request, "opportunities/manage/form.html", {"form": form, "opportunity": opportunity})


def _matches_page(request, opportunity):
    area_ids = [area.pk for area in opportunity.lived_experience.all()]
    interest_ids = [interest.pk for interest in opportunity.interests.all()]
    new_voices_first = request.GET.get("rank") == "new"
    paginator = Paginator(
        selectors.matches(opportunity, area_ids, interest_ids, new_voices_first=new_voices_first),
        MATCH_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    explained = [selectors.explain(person, opportunity, set(area_ids), set(interest_ids)) for person in page]
    return page, explained


@access(MANAGE)
def detail(request, pk):
    opportunity = _manageable(request, pk, detailed=True)
    officer = is_opportunity_officer(request.user)
    context = {
        "opportunity": opportunity,
        "officer": officer,
        "actions": [
            (status, label)
            for status, label in STATUS_ACTIONS.items()
            if (opportunity.status, status) in services.TRANSITIONS
        ],
    }
    if officer:
        page, explained = _matches_page(request, opportunity)
        context.update(
            applicants=selectors.applicants(opportunity),
            match_page=page,
            matches=explained,
            new_voices_first=request.GET.get("rank") == "new",
            invitations=selectors.invitations(opportunity)[:20],
        )
    return render(request, "opportunities/manage/detail.html", context)


@require_POST
@access(MANAGE)
def change_status(request, pk):
    opportunity = _manageable(request, pk)
    status = request.POST.get("status", "")
    if status not in STATUS_ACTIONS:
        raise Http404("No such status")
    with refusal(request, level=messages.INFO) as refused:
        services.change_status(opportunity, status, actor=request.user, request=request)
    if not refused:
        messages.success(request, f"The opportunity is now {Status(status).label.lower()}.")
    return redirect("opportunities_manage:detail", pk=pk)


def _current_person(pk) -> Person:
    person = people_selectors.current_person(pk)
    if person is None:
        raise Http404("No such person")
    return person


@access(OFFICERS)
def on_behalf(request, pk):
    """Find the person, then type in what they told us (by phone, post, in person or through a partner)."""
    opportunity = _manageable(request, pk)
    person_id = request.GET.get("person") or request.POST.get("person")
    if not (person_id or "").isdigit():
        return _find_person(request, opportunity)
    person = _current_person(int(person_id))
    form = OnBehalfForm(posted(request), initial=OnBehalfForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        with refusal(form) as refused:
            services.express_interest(
                opportunity,
                person,
                answers,
                actor=request.user,
                came_in=form.cleaned_data["came_in"],
                came_in_note=form.cleaned_data["came_in_note"],
                request=request,
            )
        if not refused:
            messages.success(request, f"{person.full_name}'s expression of interest is recorded.")
            return redirect("opportunities_manage:detail", pk=pk)
    return render(
        request,
        "opportunities/manage/on_behalf.html",
        {"opportunity": opportunity, "person": person, "form": form},
    )


def _find_person(request, opportunity):
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        filters = DirectoryFilterForm({"q": form.cleaned_data["q"]}).filters()
        results = list(people_selectors.directory(filters)[:SEARCH_RESULTS])
    return render(
        request,
        "opportunities/manage/find_person.html",
        {"opportunity": opportunity, "form": form, "results": results},
    )


@access(OFFICERS)
def invite(request, pk, person_pk):
    opportunity = _manageable(request, pk)
    person = _current_person(person_pk)
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="method") as refused:
            invitation = services.invite(
                opportunity, person, form.cleaned_data["method"], actor=request.user, request=request
            )
        if not refused:
            messages.success(request, _invitation_sent(invitation))
            return redirect("opportunities_manage:detail", pk=pk)
    return render(
        request,
        "opportunities/manage/invite.html",
        {"opportunity": opportunity, "person": person, "form": form},
    )


@access(OFFICERS)
def selection(request, pk):
    """Applicants side by side; the make-up of the ticked group; then confirm to tell everyone."""
    opportunity = _manageable(request, pk, detailed=True)
    applicants = list(selectors.applicants(opportunity))
    already = [interest.pk for interest in applicants if interest.status == InterestStatus.SELECTED]
    form = SelectionForm(posted(request), applicants=applicants, initial={"chosen": already})
    chosen_ids = set(already)
    if form.is_bound and form.is_valid():
        chosen_ids = set(form.cleaned_data["chosen"]) | set(already)
        confirming = request.POST.get("action") == "confirm"
        if confirming and not chosen_ids and not form.cleaned_data["choose_nobody"]:
            form.add_error("chosen", NOBODY_CHOSEN)
        elif confirming:
            with refusal(form, field="chosen") as refused:
                newly, declined = services.select(
                    opportunity,
                    chosen_ids,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    request=request,
                )
            if not refused:
                messages.success(request, _selection_summary(newly, declined))
                return redirect("opportunities_manage:selection", pk=pk)
    chosen = [interest for interest in applicants if interest.pk in chosen_ids]
    # Equality aggregates only for holders of the equality-data permission (decision 0004); the others see
    # the lived-experience make-up alone.
    equality_permitted = may_view_equality_answers(request.user)
    context = {
        "opportunity": opportunity,
        "form": form,
        "applicants": applicants,
        "chosen_ids": chosen_ids,
        "chosen_count": len(chosen),
        "new_count": selectors.new_to_programme(chosen),
        "make_up": selectors.group_make_up(opportunity, chosen),
        "equality_permitted": equality_permitted,
        "equality": equality_profile(people_selectors.people_by_ids(i.person_id for i in chosen))
        if equality_permitted
        else [],
        "threshold": SUPPRESSION_THRESHOLD,
        "waiting": any(interest.status == InterestStatus.ACTIVE for interest in applicants),
        "to_pass_on": selectors.outcomes_to_pass_on(applicants),
    }
    template = "opportunities/manage/_make_up.html" if request.htmx else "opportunities/manage/selection.html"
    return render(request, template, context)


def _invitation_sent(invitation) -> str:
    if invitation.method == InvitationMethod.LETTER:
        return f"A letter inviting {invitation.person.full_name} is in the letters waiting to be posted."
    return f"An email invitation to {invitation.person.full_name} is on its way."


NOBODY_CHOSEN = (
    "Tick the people you are choosing. To choose nobody, tick “I am choosing nobody” before you confirm."
)


def _selection_summary(newly, declined) -> str:
    if not newly and not declined:
        return "No change: everyone had already been told."
    return (
        f"{len(newly)} {'person' if len(newly) == 1 else 'people'} selected and "
        f"{len(declined)} told they were not selected this time. Everyone will hear from us."
    )
