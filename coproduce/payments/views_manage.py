"""The back office for payments (/manage/payments/): the dashboard with time to payment, claims to check
and approve (with benefits warnings before approval), the rate card and benefit limits, payment batches and
their exports, and each person's payment choice and bank details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coproduce.core.access import access
from coproduce.core.spreadsheets import csv_lines
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
from .models import ActivityRate, BankDetails, BenefitLimit, ExpenseRate, PaymentBatch, PaymentChoice
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
    page = Paginator(selectors.claims_for_reviewer(request.user, status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "payments/manage/claims.html",
        {"page": page, "status": status, "statuses": ClaimStatus.choices},
    )


ACTIONS = {"check", "query", "approve", "correct", "amend", "repaid", "limit", "time"}


def _amend_initial(claim) -> dict:
    return {
        "hours": claim.hours,
        "expenses_amount": claim.expenses_amount,
        "payout": claim.payout,
        "charity_name": claim.charity_name,
        "seen": claim.corrections_made,
    }


@access(CLAIM_REVIEW)
def claim(request, pk):
    claim = selectors.claim_for(request.user, pk)
    forms = {
        "query": QueryForm(prefix="query"),
        "correct": CorrectionForm(prefix="correct"),
        "amend": ClaimCorrectionForm(prefix="amend", initial=_amend_initial(claim)),
        "limit": BenefitDecisionForm(prefix="limit"),
        "time": ChangeTimeForm(prefix="time", initial={"activity": claim.activity, "hours": claim.hours}),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise Http404("No such action")
        if action in forms:
            forms[action] = type(forms[action])(request.POST, prefix=action)
        if _review_action(request, claim, action, forms.get(action)):
            return redirect("payments_manage:claim", pk=claim.pk)
    user = request.user
    finance = is_finance_approver(user)
    return render(
        request,
        "payments/manage/claim.html",
        {
            "claim": claim,
            "expenses": selectors.expenses_of(claim),
            "warning": benefits.warning_for(claim),
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
    try:
        _run(action, claim, data, request)
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
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
            "activity_rates": ActivityRate.objects.all(),
            "expense_rates": ExpenseRate.objects.all(),
            "limits": BenefitLimit.objects.all(),
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
        try:
            add(actor=request.user, request=request, **form.cleaned_data)
        except services.PaymentError as error:
            form.add_error("effective_from", str(error))
        else:
            messages.success(request, "The new figure is saved. Claims already made keep their rate.")
            return redirect("payments_manage:rates")
    return render(
        request,
        "payments/form_page.html",
        {"form": form, "title": title, "back_url": reverse("payments_manage:rates")},
    )


# --- Batches -----------------------------------------------------------------------------------------------


@access(FINANCE)
def batches(request):
    if request.method == "POST":
        try:
            batch = services.create_batch(actor=request.user, request=request)
        except services.PaymentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Batch {batch.reference} has been created.")
            return redirect("payments_manage:batch", pk=batch.pk)
        return redirect("payments_manage:batches")
    page = Paginator(PaymentBatch.objects.select_related("created_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "payments/manage/batches.html",
        {"page": page, "awaiting_batch": selectors.awaiting_batch_total()},
    )


@access(FINANCE)
def batch(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    form = MarkPaidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.mark_batch_paid(
                batch, form.cleaned_data["paid_on"], actor=request.user, request=request
            )
        except services.PaymentError as error:
            form.add_error("paid_on", str(error))
        else:
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
            "files": exports.FILES,
        },
    )


@access(FINANCE)
def batch_export(request, pk, file_kind):
    batch = get_object_or_404(PaymentBatch, pk=pk)
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
    person = Person.objects.current().filter(pk=pk).first()
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
            "choice": PaymentChoice.objects.filter(person=person).first(),
            "bank": BankDetails.objects.filter(person=person).first(),
            "claims": selectors.claims_of(person).order_by("-created_at")[:50],
            "may_view_bank": is_finance_approver(request.user),
        },
    )


@access(FINANCE)
def bank_details(request, pk):
    """The full bank details: finance approvers only, audited every time."""
    person = _person(pk)
    details = get_object_or_404(BankDetails, person=person)
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
        try:
            claim = services.start_claim(
                person,
                meeting,
                actor=request.user,
                expenses_only=form.cleaned_data["expenses_only"],
                on_behalf=True,
                request=request,
            )
        except services.PaymentError as error:
            form.add_error("meeting", str(error))
        else:
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
    current = PaymentChoice.objects.filter(person=person).first()
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
        "payments/form_page.html",
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
        try:
            services.save_bank_details(person, actor=request.user, request=request, **form.cleaned_data)
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The bank details of {person.full_name} are saved.")
            return redirect("payments_manage:person", pk=person.pk)
    return render(
        request,
        "payments/form_page.html",
        {
            "form": form,
            "title": "Bank details",
            "caption": person.full_name,
            "back_url": reverse("payments_manage:person", args=[person.pk]),
        },
    )
