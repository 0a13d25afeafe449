"""A member's payments (/me/payments/): their payment choice and bank details, their claims with expenses,
benefits warnings before approval, a statement for any period and a letter for their benefits office."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from coproduce.audit.services import record
from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.money import format_money
from coproduce.core.spreadsheets import csv_lines
from coproduce.people import services as people_services

from . import benefits, selectors, services
from .forms import (
    BankDetailsForm,
    BenefitDecisionForm,
    CharityForm,
    ExpenseForm,
    PaymentChoiceForm,
    StartClaimForm,
    StatementForm,
    VoucherEmailForm,
)
from .rules import MEMBER_PAYMENTS, RECEIPT


def _person(request):
    return request.user.person


@access(MEMBER_PAYMENTS)
def home(request):
    person = _person(request)
    choice, bank = selectors.choice_of(person), selectors.bank_details_of(person)
    return render(
        request,
        "payments/member/home.html",
        {
            "choice": choice,
            "bank": bank,
            "missing": selectors.missing_payment_details(person, choice=choice, bank_details=bank),
            "claims": selectors.claim_rows(
                selectors.claims_of(person).order_by("-meeting__starts_at", "-id")[:100], manage=False
            ),
            "limit_now": benefits.this_period(person, timezone.localdate(), choice=choice),
            "advice_url": settings.COPRODUCE["BENEFITS_ADVICE_URL"],
        },
    )


@access(MEMBER_PAYMENTS)
def change_choice(request):
    person = _person(request)
    current = selectors.choice_of(person)
    initial = (
        {
            name: getattr(current, name)
            for name in ("method", "charity_name", "reduce_to", "benefit_limit_code", "assessment_day")
        }
        if current
        else {}
    )
    form = PaymentChoiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_payment_choice(person, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Your payment choice is saved.")
        return redirect("payments:home")
    return _form_page(
        request,
        "payments/member/choice.html",
        form,
        "How you are recognised",
        advice_url=settings.COPRODUCE["BENEFITS_ADVICE_URL"],
    )


def _form_page(request, template: str, form, title: str, **context):
    """A member's payments form page, with the way back to their payments page."""
    context.update(form=form, title=title, back_url=reverse("payments:home"))
    return render(request, template, context)


@access(MEMBER_PAYMENTS)
def change_bank_details(request):
    person = _person(request)
    form = BankDetailsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal(form) as refused:
            services.save_bank_details(person, actor=request.user, request=request, **form.cleaned_data)
        if not refused:
            messages.success(request, "Your bank details are saved.")
            return redirect("payments:home")
    return _form_page(
        request,
        "payments/member/bank.html",
        form,
        "Your bank details",
        bank=selectors.bank_details_of(person),
    )


@access(MEMBER_PAYMENTS)
def join_details(request):
    """The last page of joining: what payment needs, asked when the person has just chosen it (bank details
    for a bank transfer or a volunteer's expenses, an email address for vouchers, the charity for a
    donation). Only what is missing is asked (selectors.missing_payment_details); the person may skip it, and
    the home and payments pages then keep asking."""
    person = _person(request)
    choice = selectors.choice_of(person)
    done = reverse("people:join_done")
    missing = selectors.missing_payment_details(person, choice=choice)
    data = request.POST if request.method == "POST" else None
    if missing.bank_details:
        form, title = BankDetailsForm(data), "Your bank details"
    elif missing.voucher_email:
        form, title = VoucherEmailForm(data), "Where should we email your vouchers?"
    elif missing.charity:
        form, title = CharityForm(data), "Which charity should we give it to?"
    else:
        return redirect(done)
    if request.method == "POST" and form.is_valid():
        with refusal(form) as refused:
            if missing.bank_details:
                services.save_bank_details(person, actor=request.user, request=request, **form.cleaned_data)
            elif missing.voucher_email:
                people_services.update_profile(person, form.cleaned_data, actor=request.user, request=request)
            else:
                services.save_payment_choice(person, actor=request.user, request=request, **form.cleaned_data)
        if not refused:
            return redirect(done)
    return render(
        request,
        "payments/member/join_details.html",
        {
            "form": form,
            "missing": missing,
            "told_benefit_limit": person.benefits_limit == "yes" and not choice.benefit_limit_code,
            "title": title,
            "caption": "Join the network: payment",
            "button": "Save and continue",
            "back_url": reverse("people:me"),
            "cancel_url": done,
            "cancel_label": "Skip for now",
        },
    )


@access(MEMBER_PAYMENTS)
def start_claim(request):
    person = _person(request)
    meetings = list(selectors.meetings_to_claim_for(person))
    form = StartClaimForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if m.pk == form.cleaned_data["meeting"])
        with refusal(form, field="meeting") as refused:
            claim = services.start_claim(person, meeting, actor=request.user, request=request)
        if not refused:
            return redirect("payments:claim", pk=claim.pk)
    return render(
        request,
        "payments/member/start_claim.html",
        {"form": form, "meetings": meetings, "title": "Claim expenses", "back_url": reverse("payments:home")},
    )


@access(RECEIPT)
@require_safe
def claim(request, pk):
    claim = selectors.claim_for(request.user, pk)
    return _claim_page(
        request, claim, BenefitDecisionForm(prefix="limit", for_member=_is_own(request, claim))
    )


def _is_own(request, claim) -> bool:
    return claim.person.user_id == request.user.pk


def _changeable_claim(request, pk):
    claim = selectors.claim_for(request.user, pk)
    if not request.user.has_perm("payments.change_claim", claim):
        raise PermissionDenied("You cannot change this claim")
    return claim


@access(RECEIPT)
@require_POST
def submit_claim(request, pk):
    claim = _changeable_claim(request, pk)
    sent = "Your claim has been sent. We will let you know if we have a question."
    with refusal(request, success=sent):
        services.submit_claim(claim, actor=request.user, request=request)
    return redirect("payments:claim", pk=claim.pk)


@access(RECEIPT)
@require_POST
def resolve_benefit_limit(request, pk):
    """Act on a benefits warning: the claim page again with the form's errors, or back to it when done."""
    claim = _changeable_claim(request, pk)
    decision_form = BenefitDecisionForm(request.POST, prefix="limit", for_member=_is_own(request, claim))
    if not decision_form.is_valid():
        return _claim_page(request, claim, decision_form)
    data = decision_form.cleaned_data
    with refusal(request) as refused:
        services.resolve_benefit_limit(
            claim,
            data["decision"],
            defer_to=data.get("defer_to"),
            charity=data.get("charity", ""),
            asked_how=data.get("asked_how", ""),
            answer=data.get("answer", ""),
            actor=request.user,
            request=request,
        )
    if not refused:
        messages.success(request, "The claim has been changed.")
    return redirect("payments:claim", pk=claim.pk)


def _claim_page(request, claim, decision_form):
    return render(
        request,
        "payments/member/claim.html",
        {
            "claim": claim,
            "expenses": selectors.expenses_of(claim),
            "corrections": selectors.corrections_of(claim),
            "warning": benefits.warning_for(claim),
            "decision_form": decision_form,
            "may_change": request.user.has_perm("payments.change_claim", claim),
            "may_remove": claim.is_editable and request.user.has_perm("payments.change_claim", claim),
            "advice_url": settings.COPRODUCE["BENEFITS_ADVICE_URL"],
        },
    )


@access(RECEIPT)
def add_expense(request, pk):
    claim = selectors.claim_for(request.user, pk, "payments.change_claim")
    form = ExpenseForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        with refusal(form) as refused:
            line = form.line_for(claim)
            services.add_expense(claim, line=line, actor=request.user, request=request)
        if not refused:
            messages.success(request, "The expense has been added.")
            return redirect("payments:claim", pk=claim.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": "Add an expense",
            "caption": f"Claim {claim.reference}",
            "button": "Add the expense",
            "back_url": reverse("payments:claim", args=[claim.pk]),
        },
    )


@require_POST
@access(RECEIPT)
def remove_expense(request, pk, line_id):
    claim = selectors.claim_for(request.user, pk, "payments.change_claim")
    line = selectors.expense_line_or_404(claim, line_id)
    with refusal(request, success="The expense has been removed."):
        services.remove_expense(line, actor=request.user, request=request)
    return redirect("payments:claim", pk=claim.pk)


@access(RECEIPT)
def receipt(request, line_id):
    """Served as a download only to the claimant, the meeting's organiser and finance approvers."""
    line = selectors.receipt_line(line_id)
    if line is None or not line.receipt or not request.user.has_perm("payments.view_receipt", line.claim):
        raise Http404("No such receipt")
    record("payments.receipt_viewed", actor=request.user, obj=line.claim, request=request)
    return FileResponse(
        line.receipt.open("rb"),
        as_attachment=True,
        filename=line.receipt_name or "receipt",
        content_type=line.receipt_content_type,
    )


def _statement_period(request):
    # By default the tax year so far (it starts on 6 April).
    today = timezone.localdate()
    default = {"starts": selectors.tax_year_start(today), "ends": today}
    form = StatementForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["starts"], form.cleaned_data["ends"]
    if not request.GET:
        form = StatementForm(initial=default)
    return form, default["starts"], default["ends"]


@access(MEMBER_PAYMENTS)
def statement(request):
    person = _person(request)
    form, starts, ends = _statement_period(request)
    claims = selectors.statement(person, starts, ends) if form.is_bound is False or form.is_valid() else []
    context = _period_context(form, person, starts, ends, claims)
    return render(request, "payments/member/statement.html", {**context, "query": request.GET.urlencode()})


def _period_context(form, person, starts, ends, claims) -> dict:
    """What the statement and the benefits letter both show: the period, its claims and their totals."""
    return {
        "form": form,
        "person": person,
        "starts": starts,
        "ends": ends,
        "claims": claims,
        "totals": selectors.statement_totals(claims),
    }


STATEMENT_COLUMNS = [
    "Claim",
    "Meeting",
    "Date",
    "Status",
    "Hours",
    "Time payment",
    "Expenses",
    "Total",
    "Paid as",
    "Paid on",
    "Paid in all",
    "Still to pay",
    "Paid too much, to be paid back",
    "Corrections",
]


def _corrections_text(claim) -> str:
    return "; ".join(
        f"{c.created_at.astimezone(selectors.LONDON):%Y-%m-%d} by {c.created_by.full_name}: {c.reason} "
        f"(was {format_money(c.total_before)}, now {format_money(c.total_after)})"
        for c in claim.corrections.all()
    )


def _statement_rows(claims):
    """The header, then a row per claim, read from the database in chunks: streams in constant memory."""
    yield STATEMENT_COLUMNS
    for claim in claims.iterator(chunk_size=500):
        yield [
            claim.reference,
            claim.meeting.title,
            claim.earnings_date.isoformat(),
            claim.get_status_display(),
            claim.hours,
            claim.time_amount,
            claim.expenses_amount,
            claim.total,
            claim.get_payout_display(),
            claim.paid_on.isoformat() if claim.paid_on else "",
            claim.amount_paid,
            selectors.still_to_pay(claim),
            claim.owed_back,
            _corrections_text(claim),
        ]


@access(MEMBER_PAYMENTS)
def statement_csv(request):
    person = _person(request)
    form, starts, ends = _statement_period(request)
    if request.GET and not form.is_valid():
        return redirect(f"{reverse('payments:statement')}?{request.GET.urlencode()}")
    claims = selectors.statement_claims(person, starts, ends)
    record("payments.statement_downloaded", actor=request.user, obj=person, request=request)
    rows = _statement_rows(claims)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-statement-{starts}-to-{ends}.csv"'
    return response


@access(MEMBER_PAYMENTS)
def benefits_letter(request):
    person = _person(request)
    form, starts, ends = _statement_period(request)
    claims = selectors.statement(person, starts, ends)
    record("payments.benefits_letter_printed", actor=request.user, obj=person, request=request)
    context = _period_context(form, person, starts, ends, claims)
    return render(request, "payments/member/letter.html", {**context, "today": timezone.localdate()})
