"""Equality monitoring pages: the member's own questionnaire (/me/equality/), one person's answers for
officers with the equality-data permission, the network's profile against the census, and the
administrators' page for the restricted permissions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from coproduce.accounts.rules import MANAGE_ACCOUNTS
from coproduce.core.access import access

from . import census, choices, equality, permissions, services
from .forms_equality import EqualityAnswersForm, EqualityConsentForm, SpecialPermissionsForm
from .models import Person
from .rules import DIRECTORY, EQUALITY_ANSWERS, MEMBER_PROFILE

# --- The member's own answers ---------------------------------------------------------------------------


@access(MEMBER_PROFILE)
def start(request):
    """Why we ask, who sees the answers, consent; then the member's answers to review, change or delete."""
    person = request.user.person
    consented = equality.has_equality_consent(person)
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
    equality_record = equality.own_equality_record(person)
    return render(
        request,
        "people/equality/start.html",
        {
            "consented": consented,
            "form": form if not consented else None,
            "equality_record": equality_record,
            "answers": equality.answer_rows(equality_record) if equality_record else [],
        },
    )


@access(MEMBER_PROFILE)
def questions(request):
    person = request.user.person
    if not equality.has_equality_consent(person):
        messages.info(request, "Before you answer, tell us whether we may keep your answers.")
        return redirect("people:equality")
    equality_record = equality.own_equality_record(person)
    initial = {field: getattr(equality_record, field) for field in equality.FIELDS} if equality_record else {}
    form = EqualityAnswersForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            equality.save_equality_answers(person, form.cleaned_data, actor=request.user, request=request)
        except equality.EqualityConsentRequired:
            return redirect("people:equality")
        messages.success(request, "Your equality monitoring answers have been saved. Thank you.")
        return redirect("people:equality")
    return render(
        request, "people/equality/questions.html", {"form": form, "editing": equality_record is not None}
    )


@access(MEMBER_PROFILE)
def delete(request):
    person = request.user.person
    equality_record = equality.own_equality_record(person)
    if equality_record is None:
        messages.info(request, "You have no equality monitoring answers saved.")
        return redirect("people:equality")
    if request.method == "POST":
        equality.forget_equality_answers(person, actor=request.user, request=request)
        messages.success(request, "Your equality monitoring answers have been deleted.")
        return redirect("people:equality")
    return render(request, "people/equality/delete.html")


# --- Back office -------------------------------------------------------------------------------------------


@access(EQUALITY_ANSWERS)
def person_answers(request, pk):
    """One person's answers: restricted, and every view is audited."""
    person = get_object_or_404(Person.objects.current(), pk=pk)
    equality_record = equality.read_equality_answers(person, actor=request.user, request=request)
    return render(
        request,
        "people/equality/person_answers.html",
        {
            "person": person,
            "equality_record": equality_record,
            "answers": equality.answer_rows(equality_record) if equality_record else [],
        },
    )


@access(DIRECTORY)
def network_profile(request):
    """The whole network against the census baseline: aggregates only, small numbers suppressed."""
    profiles, worked_out_at = equality.network_equality_profile()
    return render(
        request,
        "people/equality/network_profile.html",
        {
            "profiles": profiles,
            "worked_out_at": worked_out_at,
            "refresh_minutes": equality.NETWORK_PROFILE_SECONDS // 60,
            "census_loaded": any(row.oxfordshire is not None for profile in profiles for row in profile.rows),
            "attribution": census.ATTRIBUTION,
            "threshold": equality.SUPPRESSION_THRESHOLD,
        },
    )


@access(MANAGE_ACCOUNTS)
def permission_list(request):
    labels = dict(SpecialPermissionsForm.PERMISSIONS)
    accounts = [
        (account, [labels[codename] for codename in permissions.special_permissions_of(account)])
        for account in permissions.eligible_accounts()
    ]
    return render(request, "people/equality/permission_list.html", {"accounts": accounts})


@access(MANAGE_ACCOUNTS)
def permission_edit(request, user_id):
    account = next((a for a in permissions.eligible_accounts().filter(pk=user_id)), None)
    if account is None:
        raise Http404("No co-production officer or administrator with that id")
    form = SpecialPermissionsForm(
        request.POST if request.method == "POST" else None,
        initial={"permissions": permissions.special_permissions_of(account)},
    )
    if request.method == "POST" and form.is_valid():
        granted, revoked = permissions.set_special_permissions(
            account, form.cleaned_data["permissions"], actor=request.user, request=request
        )
        if granted or revoked:
            messages.success(request, f"Restricted permissions for {account.display_name} updated.")
        else:
            messages.info(request, f"No change to the restricted permissions of {account.display_name}.")
        return redirect("people_manage:permissions")
    return render(request, "people/equality/permission_edit.html", {"account": account, "form": form})
