"""A signed-in person's own pages: signing the concordat, and a board member's own view of their role."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted
from coproduce.meetings import selectors as meetings_selectors

from . import selectors, services
from .choices import SignatoryKind
from .forms import SignForm
from .rules import BOARD_MEMBER_PAGES, SIGNERS, person_of


@access(SIGNERS)
def concordat_sign(request):
    version = selectors.current_concordat()
    if version is None:
        raise Http404("No concordat yet")
    person = person_of(request.user)
    signed = selectors.signature_of(version, person)
    form = SignForm(posted(request))
    if signed is None and form.is_valid():
        data = form.cleaned_data
        with refusal(form) as refused:
            services.sign_concordat(
                version,
                actor=request.user,
                request=request,
                kind=SignatoryKind.PERSON,
                person=person,
                name=person.full_name,
                role=data["role"],
                organisation=data["organisation"],
                email=person.email,
                listed=data["listed"],
            )
        if not refused:
            messages.success(request, f"Thank you for signing {version.title}.")
            return redirect("programme:concordat_sign")
    return render(
        request,
        "programme/member/sign.html",
        {"version": version, "signed": signed, "form": form, "earlier": selectors.signatures_of(person)},
    )


@access(BOARD_MEMBER_PAGES)
def my_board(request):
    person = person_of(request.user)
    version = selectors.current_concordat()
    return render(
        request,
        "programme/member/my_board.html",
        {
            "terms": selectors.terms_of(person),
            "today": timezone.localdate(),
            "coming": selectors.coming_board_meetings()[:3],
            "my_challenges": list(selectors.challenges().filter(raised_by=request.user)[:20]),
            "actions": list(meetings_selectors.open_actions_for(person)[:20]),
            "concordat": version,
            "signed": selectors.signature_of(version, person),
            "terms_of_reference": selectors.current_terms_of_reference(),
        },
    )
