"""The back office for payments (/manage/payments/): the dashboard with time to payment, claims to check
and approve (with benefits warnings before approval), the rate card and benefit limits, payment batches and
their exports, and each person's payment choice and bank details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.selectors import CountedPaginator
from coproduce.core.spreadsheets import csv_lines
from coproduce.people import selectors as people_selectors
from coproduce.people.models import Person

from . import benefits, exports, ledger, selectors, services
from .choices import ClaimStatus
from .forms import (
    ActivityRateForm,
    BankDetailsForm,
    BenefitDecisionForm,
    BenefitLimitForm,
    ChangeTimeForm,
    ClaimCorrectionForm,
    CorrectionForm,
    ExpenseRateForm,
    MarkPaidForm,
    PaymentChoiceForm,
    QueryForm,
    StartClaimForOfficerForm,
)
from .rules import CLAIM_REVIEW, FINANCE, PAYMENTS_OFFICE, is_finance_approver

PAGE_SIZE = 50


@access(PAYMENTS_OFFICE)
def dashboard(request):
    return render(
        request,
        "payments/manage/dashboard.html",
        {
            **selectors.dashboard_figures(),
            "statuses": ClaimStatus.choices,
            "costs": ledger.costs_by_cost_centre_and_year(),
        },
    )


@access(CLAIM_REVIEW)
def claims(request):
    status = request.GET.get("status", "")
    status = status if status in ClaimStatus.values else ""
    claims = selectors.claims_for_reviewer(request.user, status)
    count = selectors.claims_listed_count(request.user, status, claims)
    page = CountedPaginator(claims, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    page.object_list = selectors.claim_rows(page.object_list, manage=True)
    return render(
        request,
        "payments/manage/claims.html",
        {"page": page, "status": status, "statuses": ClaimStatus.choices},
    )


@access(PAYMENTS_OFFICE)
def unclaimed(request):
    """Attendance someone should be paid for that has no claim (normally none: see reconcile_claims)."""
    page = Paginator(selectors.attendance_without_claim(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(request, "payments/manage/unclaimed.html", {"page": page})


@access(PAYMENTS_OFFICE)
def cannot_pay(request):
    """People owed money (a claim sent, checked or approved) whom we cannot pay yet, and how to reach
    them."""
    page = Paginator(selectors.people_we_cannot_pay(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(request, "payments/manage/cannot_pay.html", {"page": page})


@require_POST
@access(PAYMENTS_OFFICE)
def make_missing_claims(request):
    done = services.reconcile_claims(actor=request.user, request=request)
    made = len(done.made)
    messages.success(request, f"{made} missing claim{'' if made == 1 else 's'} made.")
    if done.failed:
        messages.warning(
            request,
            f"{len(done.failed)} could still not be made; they stay on this list. The error is in the log.",
        )
    return redirect("payments_manage:unclaimed")


ACTIONS = {"check", "query", "approve", "correct", "amend", "repaid", "limit", "time"}


def _amend_initial(claim) -> dict:
    return {
        "hours": claim.hours,
        "expenses_amount": claim.expenses_amount,
        "payout": claim.payout,
        "charity_name": claim.charity_name,
        "seen": claim.corrections_made,
    }


def _review_forms(claim) -> dict:
    return {
        "query": QueryForm(prefix="query"),
        "correct": CorrectionForm(prefix="correct"),
        "amend": ClaimCorrectionForm(prefix="amend", initial=_amend_initial(claim)),
        "limit": BenefitDecisionForm(prefix="limit"),
        "time": ChangeTimeForm(prefix="time", initial={"activity": claim.activity, "hours": claim.hours}),
    }


@access(CLAIM_REVIEW)
@require_safe
def claim(request, pk):
    claim = selectors.claim_for(request.user, pk)
    return _claim_page(request, claim, _review_forms(claim))


@access(CLAIM_REVIEW)
@require_POST
def claim_action(request, pk, action: str):
    """One review action, each at its own URL (payments_manage:claim_<action>); a form with errors shows the
    claim page again with them, anything done goes back to the claim page."""
    if action not in ACTIONS:
        raise Http404("No such action")
    claim = selectors.claim_for(request.user, pk)
    forms = _review_forms(claim)
    if action in forms:
        forms[action] = type(forms[action])(request.POST, prefix=action)
    if _review_action(request, claim, action, forms.get(action)):
        return redirect("payments_manage:claim", pk=claim.pk)
    return _claim_page(request, claim, forms)


def _claim_page(request, claim, forms):
    user = request.user
    finance = is_finance_approver(user)
    return render(
        request,
        "payments/manage/claim.html",
        {
            "claim": claim,
            "expenses": selectors.expenses_of(claim),
            "warning": benefits.warning_for(claim),
            "cannot_pay": claim.status in selectors.OWED_STATUSES and not selectors.can_pay(claim),
            "forms": forms,
            "may_check": claim.status == ClaimStatus.SUBMITTED
            and user.has_perm("payments.check_claim", claim),
            "may_approve": claim.status == ClaimStatus.CHECKED
            and user.has_perm("payments.approve_claim", claim),
            "may_correct": claim.status == ClaimStatus.APPROVED
            and claim.batch_id is None
            and claim.paid_on is None
            and finance,
            "may_amend": claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID)
            and user.has_perm("payments.approve_claim", claim),
            "may_record_repayment": claim.owed_back > 0 and finance,
            "corrections": selectors.corrections_of(claim),
            "may_change_time": claim.is_editable and user.has_perm("payments.change_claim", claim),
            "may_see_receipts": user.has_perm("payments.view_receipt", claim),
            "entries": selectors.ledger_of(claim),
        },
    )


def _review_action(request, claim, action: str, form) -> bool:
    """Carry out one review action. True when done (the page redirects); False to show the form's errors."""
    user = request.user
    needed = {
        "check": "payments.check_claim",
        "query": "payments.check_claim",
        "approve": "payments.approve_claim",
        "limit": "payments.check_claim",
        "time": "payments.change_claim",
        "correct": "payments.approve_claim",
        "amend": "payments.approve_claim",
        "repaid": "payments.approve_claim",
    }
    if not (
        user.has_perm(needed[action], claim) or (action in {"query", "limit"} and is_finance_approver(user))
    ):
        raise PermissionDenied("You cannot do that to this claim")
    if form is not None and not form.is_valid():
        return False
    data = form.cleaned_data if form is not None else {}
    with refusal(request) as refused:
        _run(action, claim, data, request)
    if not refused:
        messages.success(request, DONE[action])
    return True


DONE = {
    "check": "The claim is checked and is now waiting for finance.",
    "query": "The claim has been sent back with your question.",
    "approve": "The claim is approved and will go in the next payment batch.",
    "correct": "The approval has been reversed in the ledger and the claim sent back.",
    "amend": "The claim has been corrected: the ledger shows the reversal and the corrected amount.",
    "repaid": "The repayment has been recorded in the ledger.",
    "limit": "The claim has been changed for the benefit limit.",
    "time": "The time on the claim has been changed.",
}


def _run(action: str, claim, data: dict, request) -> None:
    actor = request.user
    if action == "check":
        services.check_claim(claim, actor=actor, request=request)
    elif action == "query":
        services.query_claim(claim, data["message"], actor=actor, request=request)
    elif action == "approve":
        services.approve_claim(claim, actor=actor, request=request)
    elif action == "correct":
        services.reverse_approval(claim, data["reason"], actor=actor, request=request)
    elif action == "amend":
        services.correct_claim(claim, **data, actor=actor, request=request)
    elif action == "repaid":
        services.record_repayment(claim, actor=actor, request=request)
    elif action == "limit":
        services.resolve_benefit_limit(
            claim,
            data["decision"],
            defer_to=data.get("defer_to"),
            charity=data.get("charity", ""),
            asked_how=data["asked_how"],
            answer=data["answer"],
            actor=actor,
            request=request,
        )
    else:
        services.change_time(
            claim, activity=data["activity"], hours=data["hours"], actor=actor, request=request
        )


# --- Rate card -------------------------------------------------------------------------------------------


@access(PAYMENTS_OFFICE)
def rates(request):
    return render(
        request,
        "payments/manage/rates.html",
        {
            "activity_rates": selectors.activity_rates(),
            "expense_rates": selectors.expense_rates(),
            "limits": selectors.benefit_limits(),
            "may_edit": is_finance_approver(request.user),
        },
    )


RATE_FORMS = {
    "activity": (ActivityRateForm, services.add_activity_rate, "Add a rate for an activity"),
    "expense": (ExpenseRateForm, services.add_expense_rate, "Add a mileage rate"),
    "limit": (BenefitLimitForm, services.add_benefit_limit, "Add a benefit earnings limit"),
}


@access(FINANCE)
def add_rate(request, kind):
    if kind not in RATE_FORMS:
        raise Http404("No such rate")
    form_class, add, title = RATE_FORMS[kind]
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="effective_from") as refused:
            add(actor=request.user, request=request, **form.cleaned_data)
        if not refused:
            messages.success(request, "The new figure is saved. Claims already made keep their rate.")
            return redirect("payments_manage:rates")
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": title, "back_url": reverse("payments_manage:rates")},
    )


# --- Batches -----------------------------------------------------------------------------------------------


# The batches page lists this many approved claims to choose from (oldest approval first); more wait.
WAITING_SHOWN = 200


def _chosen_claim_ids(request) -> list[int]:
    return [int(value) for value in request.POST.getlist("claims") if value.isdigit()]


@access(FINANCE)
def batches(request):
    """Finance chooses which approved claims go into a new batch; claims we cannot pay yet are listed,
    flagged and not choosable."""
    waiting = list(selectors.waiting_for_batch()[:WAITING_SHOWN])
    if request.method == "POST":
        with refusal(request) as refused:
            batch = services.create_batch(
                actor=request.user, request=request, claim_ids=_chosen_claim_ids(request)
            )
        if not refused:
            messages.success(request, f"Batch {batch.reference} has been created.")
            return redirect("payments_manage:batch", pk=batch.pk)
        return redirect("payments_manage:batches")
    page = Paginator(selectors.batches(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/manage/batches.html",
        {
            "page": page,
            "awaiting_batch": selectors.awaiting_batch_total(),
            "waiting": waiting,
            "more_waiting": len(waiting) == WAITING_SHOWN,
        },
    )


@access(FINANCE)
def batch(request, pk):
    batch = selectors.batch_or_404(pk)
    form = MarkPaidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="paid_on") as refused:
            count = services.mark_batch_paid(
                batch, form.cleaned_data["paid_on"], actor=request.user, request=request
            )
        if not refused:
            messages.success(request, f"{count} claim{'s' if count != 1 else ''} marked as paid.")
            return redirect("payments_manage:batch", pk=batch.pk)
    claims = list(selectors.batch_claims(batch))
    return render(
        request,
        "payments/manage/batch.html",
        {
            "batch": batch,
            "claims": claims,
            "form": form,
            "total": sum(c.batch_amount for c in claims),
            "cannot_pay": [c for c in claims if c.cannot_pay and not batch.is_paid],
            "files": exports.FILES,
        },
    )


@require_POST
@access(FINANCE)
def take_out_of_batch(request, pk, claim_pk):
    batch = selectors.batch_or_404(pk)
    claim = selectors.claim_for(request.user, claim_pk)
    with refusal(
        request, success=f"{claim.reference} was taken out of the batch and waits for the next one."
    ):
        services.take_out_of_batch(batch, claim, actor=request.user, request=request)
    return redirect("payments_manage:batch", pk=batch.pk)


@access(FINANCE)
def batch_export(request, pk, file_kind):
    batch = selectors.batch_or_404(pk)
    if file_kind not in exports.FILES:
        raise Http404("No such file")
    services.record_export(batch, file_kind, actor=request.user, request=request)
    rows = exports.rows(file_kind, selectors.batch_claims(batch).iterator(chunk_size=exports.CHUNK_SIZE))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}-{file_kind}.csv"'
    return response


@access(FINANCE)
def ledger_export(request):
    """The whole ledger as CSV, streamed a chunk of entries at a time (audited)."""
    services.record_ledger_export(actor=request.user, request=request)
    rows = exports.ledger_rows(selectors.ledger_for_export())
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ledger.csv"'
    return response


# --- A person's payment choice and bank details --------------------------------------------------------


def _person(pk) -> Person:
    person = people_selectors.current_person(pk)
    if person is None:
        raise Http404("No such person")
    return person


@access(PAYMENTS_OFFICE)
def person(request, pk):
    person = _person(pk)
    return render(
        request,
        "payments/manage/person.html",
        {
            "person": person,
            "choice": selectors.choice_of(person),
            "bank": selectors.bank_details_of(person),
            "claims": selectors.claim_rows(
                selectors.claims_of(person).order_by("-created_at")[:50], manage=True
            ),
            "may_view_bank": is_finance_approver(request.user),
        },
    )


@access(FINANCE)
def bank_details(request, pk):
    """The full bank details: finance approvers only, audited every time."""
    person = _person(pk)
    details = selectors.bank_details_of(person)
    if details is None:
        raise Http404("No bank details")
    clear = services.view_bank_details(details, actor=request.user, request=request)
    return render(request, "payments/manage/bank_details.html", {"person": person, "bank": clear})


@access(PAYMENTS_OFFICE)
def start_claim_for(request, pk):
    """An officer starts a claim for someone (expenses only, if need be) for a meeting they attended."""
    person = _person(pk)
    meetings = list(selectors.meetings_to_claim_for(person))
    form = StartClaimForOfficerForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if m.pk == form.cleaned_data["meeting"])
        with refusal(form, field="meeting") as refused:
            claim = services.start_claim(
                person,
                meeting,
                actor=request.user,
                expenses_only=form.cleaned_data["expenses_only"],
                on_behalf=True,
                request=request,
            )
        if not refused:
            messages.success(request, f"The claim has been started for {person.full_name}.")
            return redirect("payments:claim", pk=claim.pk)
    return render(
        request,
        "payments/manage/start_claim.html",
        {
            "form": form,
            "person": person,
            "meetings": meetings,
            "title": "Start a claim",
            "caption": person.full_name,
            "button": "Start the claim",
            "back_url": reverse("payments_manage:person", args=[person.pk]),
        },
    )


@access(PAYMENTS_OFFICE)
def change_choice(request, pk):
    person = _person(pk)
    current = selectors.choice_of(person)
    fields = ("method", "charity_name", "reduce_to", "benefit_limit_code", "assessment_day")
    form = PaymentChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(current, name) for name in fields} if current else {},
    )
    if request.method == "POST" and form.is_valid():
        services.save_payment_choice(person, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, f"The payment choice of {person.full_name} is saved.")
        return redirect("payments_manage:person", pk=person.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": "Payment choice",
            "caption": person.full_name,
            "back_url": reverse("payments_manage:person", args=[person.pk]),
        },
    )


@access(PAYMENTS_OFFICE)
def change_bank(request, pk):
    person = _person(pk)
    form = BankDetailsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal(form) as refused:
            services.save_bank_details(person, actor=request.user, request=request, **form.cleaned_data)
        if not refused:
            messages.success(request, f"The bank details of {person.full_name} are saved.")
            return redirect("payments_manage:person", pk=person.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": "Bank details",
            "caption": person.full_name,
            "back_url": reverse("payments_manage:person", args=[person.pk]),
        },
    )
