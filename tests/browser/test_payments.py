"""Payments in the browser: a member sets their choice and bank details, opens a claim with a benefits
warning, adds an expense (an error first), sends it, reads their statement and letter; an organiser checks
it; finance approves, keeps the rate card, makes a batch and marks it paid, corrects a paid claim and records
the overpayment paid back, and starts a claim on a volunteer's behalf. axe runs on every page."""

import datetime

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.meetings.services import record_attendance
from coproduce.payments import services
from coproduce.payments.choices import PaymentMethod
from coproduce.payments.models import Claim
from tests.payments import support

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_member_sets_up_payment_and_sends_a_claim(page):
    support.rate_card()
    support.weekly_limit("30.00")
    user, person = support.member(limit_code="permitted-work-lower")
    claim = support.attend(support.meeting(hours=2, title="Respite review"), person)
    support.meeting(title="Second meeting")
    sign_in(page, user)
    visit(page, reverse("payments:home"))
    main = page.locator("main")
    assert "Respite review" in main.inner_text()

    submit(page, main.get_by_role("link", name="Change your payment choice"))
    main.get_by_label("Donate it to a charity").check()
    submit(page, main.get_by_role("button", name="Save"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Be paid by bank transfer").check()
    submit(page, main.get_by_role("button", name="Save"))

    submit(page, main.get_by_role("link", name="Change your bank details"))
    main.get_by_label("Name on the account").fill("Jo Joiner")
    main.get_by_label("Sort code").fill("30-94-30")
    main.get_by_label("Account number").fill("00733445")
    submit(page, main.get_by_role("button", name="Save"))
    assert "••••3445" in main.inner_text()

    submit(page, main.get_by_role("link", name=claim.reference))
    assert "over the Permitted work lower limit" in main.inner_text()
    main.get_by_label("Reduce the payment for my time so that I stay within my limit").check()
    submit(page, main.get_by_role("button", name="Change the claim"))
    assert "over the" not in main.inner_text() and "reduced by" in main.inner_text()

    submit(page, main.get_by_role("link", name="Add an expense"))
    main.get_by_label("Meal", exact=True).check()
    main.get_by_label("Amount (£) (not needed for mileage)").fill("25")
    submit(page, main.get_by_role("button", name="Add the expense"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Mileage", exact=True).check()
    main.get_by_label("Vehicle (for mileage)").select_option("car")
    main.get_by_label("From (for mileage)", exact=True).fill("Sloeby")
    main.get_by_label("To (for mileage)", exact=True).fill("County Hall")
    main.get_by_label("Miles (for mileage)").fill("12")
    submit(page, main.get_by_role("button", name="Add the expense"))
    assert "£5.40" in main.inner_text()
    submit(page, main.get_by_role("button", name="Send the claim"))
    assert Claim.objects.get(pk=claim.pk).status == "submitted"

    visit(page, reverse("payments:statement"))
    assert claim.reference in main.inner_text()
    visit(page, reverse("payments:letter"))
    assert "To whom it may concern" in main.inner_text()
    visit(page, reverse("payments:start_claim"))


def test_an_organiser_checks_and_finance_approves_and_pays(page, new_context, person):
    support.rate_card()
    organiser, organiser_device = person(Role.PROJECT_LEAD)
    user, member_person = support.member()
    claim = support.submitted(support.attend(support.meeting(organiser, hours=2), member_person), user)
    sign_in(page, organiser, device=organiser_device)
    visit(page, reverse("payments_manage:claims"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name=claim.reference))
    submit(page, main.get_by_role("button", name="Confirm the claim is right"))
    assert "waiting for finance" in main.inner_text()

    finance, finance_device = person(Role.FINANCE_APPROVER)
    finance_page = new_context().new_page()
    _finance_journey(finance_page, finance, finance_device, claim, member_person)


def _finance_journey(page, finance, device, claim, member_person):
    sign_in(page, finance, device=device)
    visit(page, reverse("payments_manage:dashboard"))
    main = page.locator("main")
    visit(page, reverse("payments_manage:claim", args=[claim.pk]))
    submit(page, main.get_by_role("button", name="Approve for payment"))
    assert "is approved" in main.inner_text()

    visit(page, reverse("payments_manage:rates"))
    submit(page, main.get_by_role("link", name="Add a rate for an activity"))
    submit(page, main.get_by_role("button", name="Save"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Amount (£)").fill("21.00")
    main.get_by_label("Day").fill("1")
    main.get_by_label("Month").fill("4")
    main.get_by_label("Year").fill("2027")
    main.get_by_label("per hour").check()
    submit(page, main.get_by_role("button", name="Save"))
    assert "£21.00" in main.inner_text()

    visit(page, reverse("payments_manage:batches"))
    submit(page, main.get_by_role("button", name="Put the ticked claims in a new batch"))
    today = datetime.date.today()
    main.get_by_label("Day").fill(str(today.day))
    main.get_by_label("Month").fill(str(today.month))
    main.get_by_label("Year").fill(str(today.year))
    submit(page, main.get_by_role("button", name="Mark as paid"))
    assert "1 claim marked as paid" in main.inner_text()

    visit(page, reverse("payments_manage:person", args=[member_person.pk]))
    visit(page, reverse("payments_manage:dashboard"))
    assert "Half were paid within" in main.inner_text()
    visit(page, reverse("payments_manage:cannot_pay"))
    assert "we can pay everyone who is owed money" in main.inner_text()


def test_finance_corrects_a_paid_claim_and_starts_a_claim_for_a_volunteer(page, new_context, person):
    support.rate_card()
    finance, finance_device = person(Role.FINANCE_APPROVER)
    user, member_person = support.member()
    claim = support.approved(support.attend(support.meeting(hours=2), member_person), user, finance)
    services.mark_batch_paid(services.create_batch(actor=finance), datetime.date.today(), actor=finance)
    # A volunteer's attendance makes no claim: an officer starts one for their travel.
    _, volunteer = support.member(PaymentMethod.DECLINE, account_name="Vi Volunteer")
    record_attendance(
        support.meeting(title="Travel group"), volunteer, status="present", hours=None, actor=finance
    )

    sign_in(page, finance, device=finance_device)
    visit(page, reverse("payments_manage:claim", args=[claim.pk]))
    main = page.locator("main")
    main.get_by_label("Correct hours").fill("1.5")
    submit(page, main.get_by_role("button", name="Correct the claim"))
    assert page.title().startswith("Error: ") and "Enter the reason for the correction" in main.inner_text()
    main.get_by_label("Reason for the correction").fill("Left at half past eleven")
    submit(page, main.get_by_role("button", name="Correct the claim"))
    assert "£10.00 to be paid back" in main.inner_text() and "Left at half past eleven" in main.inner_text()
    submit(page, main.get_by_role("button", name="Record that the overpayment was paid back"))
    assert "to be paid back" not in main.inner_text()
    visit(page, reverse("payments_manage:dashboard"))
    assert "Left at half past eleven" in main.inner_text()

    visit(page, reverse("payments_manage:person", args=[volunteer.pk]))
    submit(page, main.get_by_role("link", name=f"Start a claim for {volunteer.full_name}"))
    submit(page, main.get_by_role("button", name="Start the claim"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Travel group", exact=False).check()
    main.get_by_label("Expenses only: no payment for time").check()
    submit(page, main.get_by_role("button", name="Start the claim"))
    assert "on the person's behalf" in main.inner_text()

    member_page = new_context().new_page()
    sign_in(member_page, user)
    visit(member_page, reverse("payments:statement"))
    assert "Left at half past eleven" in member_page.locator("main").inner_text()
    visit(member_page, reverse("payments:claim", args=[claim.pk]))


@pytest.mark.parametrize("name", ["payments:home", "payments:statement", "payments:letter"])
def test_a_member_on_a_phone_reads_their_payments_without_scrolling_sideways(page, finance_approver, name):
    support.rate_card()
    user, person = support.member()
    claim = support.attend(support.meeting(hours=2, title="Supported housing working group"), person)
    support.approved(claim, user, finance_approver)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, user)
    visit(page, reverse(name))
    assert "£40.00" in page.locator("main").inner_text()
    # Wide tables scroll inside their own labelled region; the page itself stays as wide as the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
