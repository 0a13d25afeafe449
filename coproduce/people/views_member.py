"""The member's pages: the join journey (/join/...) and their own profile (/me/...).

The journey keeps each page's answers in the session (as typed, once valid) until "Check your answers" is
confirmed; only then is anything saved, through services.create_person_from_journey.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coproduce.core.access import PUBLIC, access

from . import choices, forms, personal_data, selectors, services
from .forms import EqualityAnswersForm, EqualityConsentForm
from .rules import JOIN, MEMBER_PROFILE, has_profile

SESSION_KEY = "people_join"

# (slug, form class, section name on check-your-answers and the member's page)
STEPS = [
    ("name", forms.NameForm, "Your name"),
    ("contact", forms.ContactForm, "Contact details"),
    ("formats", forms.FormatsForm, "Formats"),
    ("access", forms.AccessForm, "Access and communication needs"),
    ("support", forms.SupportForm, "Support person or carer"),
    ("experience", forms.ExperienceForm, "Lived experience"),
    ("interests", forms.InterestsForm, "Interests"),
    ("availability", forms.AvailabilityForm, "Availability"),
    ("recognition", forms.RecognitionForm, "Recognition and benefits"),
    ("consent", forms.ConsentForm, "What you agree to"),
]
STEP_INDEX = {slug: index for index, (slug, _, _) in enumerate(STEPS)}
PROFILE_SECTIONS = [step for step in STEPS if step[0] != "consent"]


def _raw_answers(form, data) -> dict:
    """What was typed on a page, kept in the session (JSON) so the page can be shown again as it was."""
    raw = {}
    for name, field in form.fields.items():
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        raw[name] = data.getlist(name) if multiple else data.get(name, "")
    return raw


def _saved_answers(request) -> dict:
    answers = request.session.get(SESSION_KEY)
    return answers if isinstance(answers, dict) else {}


def _step_url(slug: str, *, change: bool = False) -> str:
    url = reverse(f"people:join_{slug}")
    return f"{url}?change=1" if change else url


def _first_missing_step(answers: dict) -> str | None:
    return next((slug for slug, _, _ in STEPS if slug not in answers), None)


def _bound_steps(answers: dict) -> list[tuple[str, forms.StepForm, str]]:
    """Every step's form bound to the saved answers, validated again (lists can change meanwhile)."""
    bound = []
    for slug, form_class, section in STEPS:
        form = form_class(data=answers.get(slug, {}))
        form.is_valid()
        bound.append((slug, form, section))
    return bound


def _already_joined(request):
    return has_profile(request.user)


# --- The join journey -------------------------------------------------------------------------------------


@access(JOIN)
def join_start(request):
    if _already_joined(request):
        return redirect("people:me")
    return render(request, "people/member/join_start.html", {"first_step": _step_url(STEPS[0][0])})


def _initial_for(request, slug: str) -> dict:
    if slug == "name":
        return {"full_name": request.user.full_name}
    if slug == "contact":
        return {"email": request.user.email}
    return {}


@access(JOIN)
def join_step(request, step: str):
    if step not in STEP_INDEX:
        raise Http404("No such page")
    if _already_joined(request):
        return redirect("people:me")
    index = STEP_INDEX[step]
    _, form_class, _ = STEPS[index]
    answers = _saved_answers(request)
    missing = _first_missing_step(answers)
    if missing is not None and STEP_INDEX[missing] < index:
        return redirect(_step_url(missing))
    changing = request.GET.get("change") == "1" and _first_missing_step(answers) is None

    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers[step] = _raw_answers(form, request.POST)
            request.session[SESSION_KEY] = answers
            if changing or index == len(STEPS) - 1:
                return redirect("people:join_check")
            return redirect(_step_url(STEPS[index + 1][0]))
    else:
        form = form_class(initial=answers.get(step) or _initial_for(request, step))

    if changing:
        back_url = reverse("people:join_check")
    elif index == 0:
        back_url = reverse("people:join_start")
    else:
        back_url = _step_url(STEPS[index - 1][0])
    context = {
        "form": form,
        "caption": f"Join the network: step {index + 1} of {len(STEPS)}",
        "back_url": back_url,
        "button": "Continue",
        "is_consent": step == "consent",
    }
    return render(request, "people/member/step.html", context)


@access(JOIN)
def join_check(request):
    if _already_joined(request):
        return redirect("people:me")
    answers = _saved_answers(request)
    missing = _first_missing_step(answers)
    if missing is not None:
        return redirect(_step_url(missing))
    bound = _bound_steps(answers)
    invalid = next((slug for slug, form, _ in bound if form.errors), None)
    if invalid is not None:
        # A choice offered earlier has gone (for example an interest the programme retired): ask again.
        return redirect(_step_url(invalid, change=True))

    if request.method == "POST":
        values: dict = {}
        consents: dict = {}
        for _, form, _ in bound:
            values.update(form.profile_values())
            if isinstance(form, forms.ConsentForm):
                consents = form.consents()
        try:
            services.create_person_from_journey(request.user, values, consents, request=request)
        except services.AlreadyJoinedError:
            return redirect("people:me")
        request.session.pop(SESSION_KEY, None)
        # What payment needs (bank details, an email for vouchers, a charity) is asked next, while the choice
        # is fresh; that page goes on to "You have joined" when there is nothing to ask.
        return redirect("payments:join_details")

    sections = [
        {"title": section, "rows": form.summary_rows(), "change_url": _step_url(slug, change=True)}
        for slug, form, section in bound
    ]
    back_url = _step_url(STEPS[-1][0])
    return render(request, "people/member/join_check.html", {"sections": sections, "back_url": back_url})


@access(MEMBER_PROFILE)
def join_done(request):
    return render(request, "people/member/join_done.html", {"person": request.user.person})


# --- The member's own page --------------------------------------------------------------------------------


def _profile_sections(person) -> list[dict]:
    # Summarised from the saved values: no form is built or validated just to print them (decision 0011).
    # The two lists (lived experience, interests) are read together, in one query.
    lookups = selectors.active_lookup_names(person)
    return [
        {
            "title": section,
            "rows": (
                form_class.names_summary(lookups[form_class.field_name])
                if issubclass(form_class, forms.LookupStepForm)
                else form_class.stored_summary(person)
            ),
            "change_url": reverse(f"people:me_change_{slug}"),
        }
        for slug, form_class, section in PROFILE_SECTIONS
    ]


def _consent_rows(person) -> list[dict]:
    current = selectors.latest_consents(person)
    rows = []
    for purpose, label in choices.ConsentPurpose.choices:
        consent = current.get(purpose)
        rows.append({"label": label, "consent": consent})
    return rows


@access(MEMBER_PROFILE)
def me(request):
    person = request.user.person
    context = {
        "person": person,
        "sections": _profile_sections(person),
        "consents": _consent_rows(person),
        "involvement": personal_data.involvement_of(person),
    }
    return render(request, "people/member/me.html", context)


@access(MEMBER_PROFILE)
def me_change(request, section: str):
    names = {slug: (form_class, title) for slug, form_class, title in PROFILE_SECTIONS}
    if section not in names:
        raise Http404("No such section")
    form_class, _ = names[section]
    person = request.user.person
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            changed = services.update_profile(
                person, form.profile_values(), actor=request.user, request=request
            )
            messages.success(request, "Your profile has been updated." if changed else "Nothing was changed.")
            return redirect("people:me")
    else:
        form = form_class(initial=form_class.from_person(person))
    context = {
        "form": form,
        "caption": "Your profile",
        "back_url": reverse("people:me"),
        "button": "Save changes",
        "cancel_url": reverse("people:me"),
    }
    return render(request, "people/member/step.html", context)


@access(MEMBER_PROFILE)
def me_consent(request):
    person = request.user.person
    if request.method == "POST":
        form = forms.ConsentForm(request.POST)
        if form.is_valid():
            changed = services.update_consents(
                person,
                form.consents(),
                method=choices.ConsentMethod.ONLINE,
                actor=request.user,
                request=request,
            )
            messages.success(
                request,
                "Your choices have been saved. They apply from now." if changed else "Nothing was changed.",
            )
            return redirect("people:me")
    else:
        form = forms.ConsentForm(initial=forms.ConsentForm.from_current(selectors.latest_consents(person)))
    context = {
        "form": form,
        "caption": "Your profile",
        "back_url": reverse("people:me"),
        "button": "Save your choices",
        "cancel_url": reverse("people:me"),
        "is_consent": True,
    }
    return render(request, "people/member/step.html", context)


@access(MEMBER_PROFILE)
def me_download(request):
    person = request.user.person
    if request.method == "POST":
        content = services.export_person_data(person, actor=request.user, request=request)
        response = HttpResponse(content, content_type="application/zip")
        filename = f"my-data-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    has_safeguarding = selectors.has_safeguarding_notes(person)
    return render(request, "people/member/download.html", {"has_safeguarding": has_safeguarding})


@access(MEMBER_PROFILE)
def me_delete(request):
    person = request.user.person
    if request.method == "POST":
        form = forms.DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            services.erase_person(person, actor=request.user, request=request)
            logout(request)
            return redirect("people:deleted")
    else:
        form = forms.DeleteAccountForm(user=request.user)
    context = {"form": form, "kept": personal_data.kept_on_erasure()}
    return render(request, "people/member/delete.html", context)


@access(PUBLIC)
def deleted(request):
    return render(request, "people/member/deleted.html")


@access(MEMBER_PROFILE)
def start(request):
    """Why we ask, who sees the answers, consent; then the member's answers to review, change or delete."""
    person = request.user.person
    consented = selectors.has_equality_consent(person)
    form = EqualityConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not consented:
        if form.is_valid():
            services.record_consent(
                person,
                choices.ConsentPurpose.KEEP_EQUALITY_DATA,
                True,
                method=choices.ConsentMethod.ONLINE,
                actor=request.user,
                request=request,
            )
            return redirect("people:equality_questions")
    elif request.method == "POST":
        return redirect("people:equality_questions")
    equality_record = selectors.own_equality_record(person)
    return render(
        request,
        "people/member/equality_start.html",
        {
            "consented": consented,
            "form": form if not consented else None,
            "equality_record": equality_record,
            "answers": selectors.answer_rows(equality_record) if equality_record else [],
        },
    )


@access(MEMBER_PROFILE)
def questions(request):
    person = request.user.person
    if not selectors.has_equality_consent(person):
        messages.info(request, "Before you answer, tell us whether we may keep your answers.")
        return redirect("people:equality")
    equality_record = selectors.own_equality_record(person)
    initial = (
        {field: getattr(equality_record, field) for field in selectors.FIELDS} if equality_record else {}
    )
    form = EqualityAnswersForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_equality_answers(person, form.cleaned_data, actor=request.user, request=request)
        except services.EqualityConsentRequired:
            return redirect("people:equality")
        messages.success(request, "Your equality monitoring answers have been saved. Thank you.")
        return redirect("people:equality")
    return render(
        request,
        "people/member/equality_questions.html",
        {"form": form, "editing": equality_record is not None},
    )


@access(MEMBER_PROFILE)
def delete(request):
    person = request.user.person
    equality_record = selectors.own_equality_record(person)
    if equality_record is None:
        messages.info(request, "You have no equality monitoring answers saved.")
        return redirect("people:equality")
    if request.method == "POST":
        services.forget_equality_answers(person, actor=request.user, request=request)
        messages.success(request, "Your equality monitoring answers have been deleted.")
        return redirect("people:equality")
    return render(request, "people/member/equality_delete.html")
