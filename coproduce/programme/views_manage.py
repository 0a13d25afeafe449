"""The back office of the programme (/manage/programme/) and its board (/manage/board/): the programme page
and record, shifts, sponsors and commitments; terms of reference, membership terms, recruitment, the forward
plan, challenges, board packs and the concordat's versions and signatures."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted
from coproduce.core.selectors import CountedPaginator
from coproduce.meetings import selectors as meetings_selectors

from . import forms, selectors, services
from .rules import (
    BOARD_KEEPERS,
    CHALLENGE_PAGES,
    CHALLENGERS,
    PROGRAMME,
    PROGRAMME_OFFICERS,
    is_programme_officer,
    may_keep_board,
)

PAGE_SIZE = 50


def _form_page(request, form, *, title: str, button: str, back_url: str, caption: str = "", intro: str = ""):
    return render(
        request,
        "programme/manage/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back_url": back_url,
            "caption": caption,
            "intro": intro,
        },
    )


def _saved(request, form, action, success: str, to: str):
    """Run `action(cleaned_data)` for a valid form; a refusal goes back to the form by its field."""
    if form.is_valid():
        with refusal(form) as refused:
            action(form.cleaned_data)
        if not refused:
            messages.success(request, success)
            return redirect(to)
    return None


# --- The programme ----------------------------------------------------------------------------------------


@access(PROGRAMME)
def programme(request):
    record = selectors.the_programme()
    if record is None:
        return render(
            request, "programme/manage/no_programme.html", {"may_edit": is_programme_officer(request.user)}
        )
    context = selectors.programme_page(record)
    context["may_edit"] = is_programme_officer(request.user)
    return render(request, "programme/manage/programme.html", context)


@access(PROGRAMME_OFFICERS)
def programme_edit(request):
    record = selectors.the_programme()
    initial = {name: getattr(record, name) for name in services.PROGRAMME_FIELDS} if record else {}
    form = forms.ProgrammeForm(posted(request), initial=initial)

    def save(data):
        if record is None:
            services.create_programme(actor=request.user, request=request, **data)
        else:
            services.update_programme(record, actor=request.user, request=request, **data)

    done = _saved(
        request, form, save, "The programme record is saved.", reverse("programme_manage:programme")
    )
    return done or _form_page(
        request,
        form,
        title="The programme record",
        button="Save",
        back_url=reverse("programme_manage:programme"),
    )


@access(PROGRAMME_OFFICERS)
def shift_edit(request, pk):
    shift = selectors.shift_or_404(pk)
    initial = {"owner": shift.owner.email if shift.owner else "", "status": shift.status}
    form = forms.ShiftForm(posted(request), initial=initial)
    done = _saved(
        request,
        form,
        lambda data: services.update_shift(
            shift, actor=request.user, request=request, owner=data["owner"], status=data["status"]
        ),
        f"{shift.get_shift_display()}: saved.",
        reverse("programme_manage:programme"),
    )
    return done or _form_page(
        request,
        form,
        title=shift.get_shift_display(),
        caption="Shift",
        button="Save",
        back_url=reverse("programme_manage:programme"),
    )


@access(PROGRAMME_OFFICERS)
def shift_note_add(request, pk):
    shift = selectors.shift_or_404(pk)
    form = forms.ShiftNoteForm(posted(request), initial={"noted_on": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.add_shift_note(shift, actor=request.user, request=request, **data),
        "The note is added.",
        reverse("programme_manage:programme") + f"#shift-{shift.pk}",
    )
    return done or _form_page(
        request,
        form,
        title="Add a note",
        caption=shift.get_shift_display(),
        button="Add the note",
        back_url=reverse("programme_manage:programme"),
    )


@access(PROGRAMME_OFFICERS)
def sponsor_add(request):
    record = selectors.programme_or_404()
    form = forms.SponsorForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.add_sponsor(record, actor=request.user, request=request, **data),
        "The sponsor is added.",
        reverse("programme_manage:programme") + "#senior-commitment",
    )
    return done or _form_page(
        request,
        form,
        title="Add a senior sponsor",
        button="Add the sponsor",
        back_url=reverse("programme_manage:programme"),
    )


@access(PROGRAMME_OFFICERS)
def sponsor_end(request, pk):
    sponsor = selectors.sponsor_or_404(pk)
    form = forms.EndSponsorForm(posted(request), initial={"until": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.end_sponsor(sponsor, actor=request.user, request=request, **data),
        f"{sponsor.name} is no longer a senior sponsor.",
        reverse("programme_manage:programme") + "#senior-commitment",
    )
    return done or _form_page(
        request,
        form,
        title="End a senior sponsorship",
        caption=f"{sponsor.name}, {sponsor.job_title}",
        button="End the sponsorship",
        back_url=reverse("programme_manage:programme") + "#senior-commitment",
    )


@access(PROGRAMME_OFFICERS)
def commitment_add(request):
    record = selectors.programme_or_404()
    form = forms.CommitmentForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.add_commitment(record, actor=request.user, request=request, **data),
        "The commitment is on record.",
        reverse("programme_manage:programme") + "#senior-commitment",
    )
    return done or _form_page(
        request,
        form,
        title="Record a commitment",
        button="Record the commitment",
        back_url=reverse("programme_manage:programme"),
        intro="A line of the corporate plan, a strategy or a public statement committing to co-production.",
    )


@access(PROGRAMME_OFFICERS)
def team_add(request):
    record = selectors.programme_or_404()
    form = forms.TeamMemberForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.add_team_member(record, actor=request.user, request=request, **data),
        "They are on the co-production team.",
        reverse("programme_manage:programme") + "#team",
    )
    return done or _form_page(
        request,
        form,
        title="Add someone to the co-production team",
        button="Add",
        back_url=reverse("programme_manage:programme"),
    )


# --- The board --------------------------------------------------------------------------------------------


@access(PROGRAMME)
def board(request):
    return render(
        request,
        "programme/manage/board.html",
        {
            "composition": selectors.composition(),
            "terms_of_reference": selectors.current_terms_of_reference(),
            "coming": selectors.coming_board_meetings()[:3],
            "challenges": selectors.challenge_counts(),
            "actions": meetings_selectors.board_action_counts(),
            "may_keep": may_keep_board(request.user),
            "today": timezone.localdate(),
        },
    )


@access(PROGRAMME)
def terms_of_reference(request):
    versions = selectors.terms_of_reference()
    return render(
        request,
        "programme/manage/terms_of_reference.html",
        {
            "versions": versions,
            "current": versions[0] if versions else None,
            "today": timezone.localdate(),
            "may_keep": may_keep_board(request.user),
        },
    )


@access(BOARD_KEEPERS)
def terms_of_reference_add(request):
    current = selectors.current_terms_of_reference()
    form = forms.TermsOfReferenceForm(posted(request), initial={"text": current.text if current else ""})
    done = _saved(
        request,
        form,
        lambda data: services.approve_terms_of_reference(actor=request.user, request=request, **data),
        "The new version of the terms of reference is on record.",
        reverse("programme_manage:terms_of_reference"),
    )
    return done or _form_page(
        request,
        form,
        title="New version of the terms of reference",
        button="Save the approved version",
        back_url=reverse("programme_manage:terms_of_reference"),
        intro="Record a version the board approved at a meeting: choose the decision that approved it.",
    )


@access(PROGRAMME)
def members(request):
    page = Paginator(selectors.terms_history(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/manage/members.html",
        {
            "composition": selectors.composition(),
            "page": page,
            "may_keep": may_keep_board(request.user),
            "today": timezone.localdate(),
        },
    )


@access(BOARD_KEEPERS)
def term_add(request):
    form = forms.TermForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.start_term(actor=request.user, request=request, **data),
        "The board term is on record.",
        reverse("programme_manage:members"),
    )
    return done or _form_page(
        request,
        form,
        title="Add a board term",
        button="Save the term",
        back_url=reverse("programme_manage:members"),
    )


@access(BOARD_KEEPERS)
def term_renew(request, pk):
    term = selectors.term_or_404(pk)
    form = forms.RenewForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.renew_term(term, actor=request.user, request=request, **data),
        f"{term.person.full_name}'s term is renewed.",
        reverse("programme_manage:members"),
    )
    return done or _form_page(
        request,
        form,
        title=f"Renew {term.person.full_name}'s term",
        button="Renew",
        caption=f"{term.get_role_display()}, until {term.ends_on:%-d %B %Y}",
        back_url=reverse("programme_manage:members"),
        intro=f"The new term starts the day after this one ends ({term.ends_on:%-d %B %Y}).",
    )


@access(BOARD_KEEPERS)
def term_end(request, pk):
    term = selectors.term_or_404(pk)
    form = forms.EndTermForm(posted(request), initial={"left_on": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.end_term(term, actor=request.user, request=request, **data),
        f"{term.person.full_name} has left the board.",
        reverse("programme_manage:members"),
    )
    return done or _form_page(
        request,
        form,
        title=f"End {term.person.full_name}'s term early",
        button="End the term",
        back_url=reverse("programme_manage:members"),
    )


@access(PROGRAMME)
def recruitment(request):
    page = Paginator(selectors.recruitment(), PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.next_step_label = dict(forms.choices.RecruitmentStep.choices).get(selectors.next_step(row) or "")
    return render(
        request, "programme/manage/recruitment.html", {"page": page, "may_keep": may_keep_board(request.user)}
    )


@access(BOARD_KEEPERS)
def recruitment_add(request):
    form = forms.RecruitmentForm(posted(request), initial={"interest_on": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.start_recruitment(actor=request.user, request=request, **data),
        "Their interest is on record.",
        reverse("programme_manage:recruitment"),
    )
    return done or _form_page(
        request,
        form,
        title="Someone is interested in joining the board",
        button="Save",
        back_url=reverse("programme_manage:recruitment"),
    )


@access(BOARD_KEEPERS)
def recruitment_step(request, pk):
    row = selectors.recruitment_or_404(pk)
    step = selectors.next_step(row)
    if step is None or row.stopped_on:
        raise Http404("No next step")
    form_class = forms.ObservedStepForm if step == forms.choices.RecruitmentStep.OBSERVED else forms.StepForm
    form = form_class(posted(request), initial={"on": timezone.localdate()})
    label = dict(forms.choices.RecruitmentStep.choices)[step]
    done = _saved(
        request,
        form,
        lambda data: services.record_step(row, actor=request.user, request=request, **data),
        f"{row.person.full_name}: {label.lower()} is recorded.",
        reverse("programme_manage:recruitment"),
    )
    return done or _form_page(
        request,
        form,
        title=label,
        caption=row.person.full_name,
        button="Record this step",
        back_url=reverse("programme_manage:recruitment"),
    )


@access(BOARD_KEEPERS)
def recruitment_stop(request, pk):
    row = selectors.recruitment_or_404(pk)
    form = forms.StepForm(posted(request), initial={"on": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.stop_recruitment(row, actor=request.user, request=request, on=data["on"]),
        f"{row.person.full_name} is no longer on the way onto the board.",
        reverse("programme_manage:recruitment"),
    )
    return done or _form_page(
        request,
        form,
        title="Stop",
        caption=row.person.full_name,
        button="Stop their recruitment",
        back_url=reverse("programme_manage:recruitment"),
    )


@access(PROGRAMME)
def forward_plan(request):
    return render(
        request,
        "programme/manage/forward_plan.html",
        {"items": selectors.forward_plan(), "may_keep": may_keep_board(request.user)},
    )


@access(BOARD_KEEPERS)
def plan_add(request):
    form = forms.PlanItemForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.plan_item(actor=request.user, request=request, **data),
        "The item is on the forward plan and on that meeting's agenda.",
        reverse("programme_manage:forward_plan"),
    )
    return done or _form_page(
        request,
        form,
        title="Add to the forward plan",
        button="Add the item",
        back_url=reverse("programme_manage:forward_plan"),
    )


@access(BOARD_KEEPERS)
def plan_move(request, pk):
    item = selectors.plan_item_or_404(pk)
    form = forms.MovePlanItemForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.move_plan_item(
            item, actor=request.user, request=request, meeting=data["meeting"]
        ),
        "The item is moved to that meeting's agenda.",
        reverse("programme_manage:forward_plan"),
    )
    return done or _form_page(
        request,
        form,
        title=f"Move “{item.title}”",
        button="Move the item",
        back_url=reverse("programme_manage:forward_plan"),
    )


# --- Challenges -------------------------------------------------------------------------------------------

SHOWS = {
    "open": "Open",
    "overdue": "Response overdue",
    "awaiting": "Waiting for a response",
    "responded": "Responded",
    "closed": "Outcome recorded",
    "mine": "Waiting for your response",
    "": "All",
}


@access(CHALLENGE_PAGES)
def challenge_list(request):
    show = request.GET.get("show", "")
    show = show if show in SHOWS else ""
    if show == "mine":
        found = selectors.for_list(selectors.challenges_for_lead(request.user).filter(status="awaiting"))
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    elif not (CHALLENGERS.allows(request.user)):
        # A staff lead who is not on the board sees the challenges sent to them.
        found = selectors.for_list(selectors.challenges(show).filter(lead=request.user))
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        # The board's view: the total comes from the shared counts, so no COUNT over every challenge.
        total = selectors.challenge_status_counts()[show]
        page = CountedPaginator(
            selectors.for_list(selectors.challenges(show)), PAGE_SIZE, count=total
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/manage/challenges.html",
        {
            "page": page,
            "rows": selectors.challenge_rows(page.object_list),
            "show": show,
            "shows": list(SHOWS.items()),
            "query": f"show={show}" if show else "",
            "may_raise": CHALLENGERS.allows(request.user),
            "today": timezone.localdate(),
        },
    )


def _challenge_for(request, pk):
    challenge = selectors.challenge_or_404(pk)
    if not (CHALLENGERS.allows(request.user) or challenge.lead_id == request.user.pk):
        raise Http404("No such challenge")
    return challenge


@access(CHALLENGERS)
def challenge_add(request):
    initial = {"project": request.GET.get("project", "")}
    form = forms.ChallengeForm(posted(request), initial=initial)
    done = _saved(
        request,
        form,
        lambda data: services.raise_challenge(actor=request.user, request=request, **data),
        "Your challenge is raised: the project's lead has been told by email.",
        reverse("programme_manage:challenges"),
    )
    return done or _form_page(
        request,
        form,
        title="Raise a challenge",
        button="Raise the challenge",
        back_url=reverse("programme_manage:challenges"),
        intro="Ask a project a question, raise a concern or make a recommendation. Its lead must respond by "
        "the date you set, and the board records the outcome.",
    )


@access(CHALLENGE_PAGES)
def challenge(request, pk):
    found = _challenge_for(request, pk)
    user = request.user
    return render(
        request,
        "programme/manage/challenge.html",
        {
            "challenge": found,
            "may_respond": user.has_perm("programme.respond_to_challenge", found)
            and found.status != "closed",
            "may_decide": user.has_perm("programme.decide_challenge", found) and found.status != "closed",
            "today": timezone.localdate(),
        },
    )


@access(CHALLENGE_PAGES)
def challenge_respond(request, pk):
    found = _challenge_for(request, pk)
    if not request.user.has_perm("programme.respond_to_challenge", found):
        raise Http404("No such challenge")
    form = forms.ResponseForm(posted(request), initial={"response": found.response})
    done = _saved(
        request,
        form,
        lambda data: services.respond_to_challenge(found, actor=request.user, request=request, **data),
        "Your response is sent to the board.",
        reverse("programme_manage:challenge", args=[found.pk]),
    )
    return done or _form_page(
        request,
        form,
        title="Respond to the board",
        caption=found.project.title,
        button="Send the response",
        back_url=reverse("programme_manage:challenge", args=[found.pk]),
        intro=found.text,
    )


@access(BOARD_KEEPERS)
def challenge_outcome(request, pk):
    found = selectors.challenge_or_404(pk)
    form = forms.OutcomeForm(posted(request))
    done = _saved(
        request,
        form,
        lambda data: services.record_outcome(found, actor=request.user, request=request, **data),
        "The outcome is recorded.",
        reverse("programme_manage:challenge", args=[found.pk]),
    )
    return done or _form_page(
        request,
        form,
        title="Record the outcome",
        caption=found.project.title,
        button="Record the outcome",
        back_url=reverse("programme_manage:challenge", args=[found.pk]),
    )


# --- Board pack -------------------------------------------------------------------------------------------


def _pack(pk):
    meeting = meetings_selectors.board_meeting(pk)
    if meeting is None:
        raise Http404("No such board meeting")
    return selectors.board_pack(meeting)


@access(PROGRAMME)
def board_pack(request, pk):
    return render(request, "programme/manage/board_pack.html", _pack(pk))


@access(PROGRAMME)
def board_pack_pdf(request, pk):
    from weasyprint import HTML

    context = _pack(pk)
    html = render_to_string("programme/pdf/board_pack.html", context, request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    meeting = context["meeting"]
    response["Content-Disposition"] = f'inline; filename="board-pack-{meeting.starts_at:%Y-%m-%d}.pdf"'
    return response


# --- The concordat ----------------------------------------------------------------------------------------


@access(PROGRAMME)
def concordat(request):
    current = selectors.current_concordat()
    page = (
        Paginator(selectors.signatures(current), PAGE_SIZE).get_page(request.GET.get("page"))
        if current
        else None
    )
    return render(
        request,
        "programme/manage/concordat.html",
        {
            "current": current,
            "versions": selectors.concordat_versions(),
            "page": page,
            "to_re_sign": selectors.still_to_re_sign(current) if current else [],
            "may_keep": may_keep_board(request.user),
        },
    )


@access(BOARD_KEEPERS)
def concordat_add(request):
    current = selectors.current_concordat()
    initial = {"title": current.title, "text": current.text} if current else {}
    form = forms.ConcordatVersionForm(posted(request), initial=initial)
    done = _saved(
        request,
        form,
        lambda data: services.approve_concordat_version(actor=request.user, request=request, **data),
        "The new version is published; earlier signatories are asked to sign it.",
        reverse("programme_manage:concordat"),
    )
    return done or _form_page(
        request,
        form,
        title="New version of the concordat",
        button="Publish the approved version",
        back_url=reverse("programme_manage:concordat"),
    )


@access(BOARD_KEEPERS)
def signature_add(request):
    current = selectors.current_concordat()
    if current is None:
        raise Http404("No concordat yet")
    form = forms.SignatureForm(posted(request), initial={"signed_on": timezone.localdate()})
    done = _saved(
        request,
        form,
        lambda data: services.sign_concordat(current, actor=request.user, request=request, **data),
        "The signature is recorded.",
        reverse("programme_manage:concordat"),
    )
    return done or _form_page(
        request,
        form,
        title="Record a signature",
        caption=f"{current.title}, version {current.number}",
        button="Record the signature",
        back_url=reverse("programme_manage:concordat"),
    )
