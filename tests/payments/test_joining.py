"""Joining carries over to payments (issue 19): what was said about payment becomes the payment choice, the
journey asks for bank details at once (skippable), and until they are given the home page, the payments page
and the claim-ready message ask for them."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.payments import selectors
from coproduce.payments.choices import PaymentMethod
from coproduce.payments.models import BankDetails, PaymentChoice
from tests.conftest import sign_in
from tests.people.member_factories import joined_member

from . import support

pytestmark = pytest.mark.django_db

BANK = {"account_name": "Jo Joiner", "sort_code": "30-94-30", "account_number": "0073 3445"}


def _joined_online(client, recognition="payment", benefits_limit="yes"):
    """A member who joined through the journey (the person_joined signal runs as it does online)."""
    from coproduce.people import services as people_services
    from tests.factories import UserFactory

    user = UserFactory()
    person = people_services.create_person_from_journey(
        user,
        {"full_name": "Jo Joiner", "recognition": recognition, "benefits_limit": benefits_limit},
        {},
    )
    sign_in(client, user)
    return user, person


def test_what_was_said_when_joining_is_the_payment_choice(client):
    user, person = _joined_online(client)
    assert PaymentChoice.objects.get(person=person).method == PaymentMethod.BANK
    page = client.get(reverse("payments:home")).content.decode()
    assert "Not chosen yet" not in page and "Be paid by bank transfer" in page
    assert "You told us a benefit limits what you can earn" in page
    _, volunteer = _joined_online(client, recognition="volunteer", benefits_limit="no")
    assert volunteer.payment_choice.method == PaymentMethod.DECLINE


def test_the_journey_asks_for_bank_details_and_may_be_skipped(client):
    user, person = _joined_online(client)
    page = client.get(reverse("payments:join_details")).content.decode()
    assert "Your bank details" in page and "Skip for now" in page
    assert "we will need your bank details before we can pay you" in page
    assert f'href="{reverse("people:join_done")}"' in page  # the skip link
    bad = client.post(reverse("payments:join_details"), {**BANK, "sort_code": "12-34"})
    assert bad.status_code == 200 and "sort code of 6 digits" in bad.content.decode()
    assert 'value="Jo Joiner"' in bad.content.decode()
    done = client.post(reverse("payments:join_details"), BANK)
    assert done.url == reverse("people:join_done")
    clear = BankDetails.objects.get(person=person).reveal()
    assert (clear.sort_code, clear.account_number) == ("309430", "00733445")
    # Nothing left to ask: the page goes straight on.
    assert not selectors.missing_payment_details(person)


def test_until_bank_details_are_given_the_person_is_asked_where_it_matters(client):
    support.rate_card()
    user, person = _joined_online(client)
    prompt = "Add your bank details so that we can pay you"
    assert prompt in client.get(reverse("core:home")).content.decode()
    assert prompt in client.get(reverse("payments:home")).content.decode()
    claim = support.attend(support.meeting(), person)
    assert selectors.missing_payment_details(person).owed is False  # a draft is not owed yet
    message = next(m for m in mail.outbox if "Please check your claim" in m.subject)
    assert "add your bank details so that we can pay you" in message.body
    assert claim.reference  # the claim is made all the same
    client.post(reverse("payments:bank"), BANK)
    assert prompt not in client.get(reverse("core:home")).content.decode()


def test_someone_with_bank_details_or_no_choice_is_not_asked(client):
    with_details, _ = support.member()
    no_choice, _ = joined_member()
    for user in (with_details, no_choice):
        sign_in(client, user)
        assert "Add your bank details" not in client.get(reverse("core:home")).content.decode()


def test_giving_it_to_a_charity_when_joining_asks_for_the_charity(client):
    user, person = _joined_online(client, recognition="donate", benefits_limit="no")
    choice = PaymentChoice.objects.get(person=person)
    assert (choice.method, choice.charity_name) == (PaymentMethod.DONATE, "")
    assert selectors.missing_payment_details(person).charity
    page = client.get(reverse("payments:join_details")).content.decode()
    assert "Which charity should we give it to?" in page and "Skip for now" in page
    assert "we will need the charity's name before we can donate" in page
    blank = client.post(reverse("payments:join_details"), {"charity_name": "  "})
    assert blank.status_code == 200 and "Enter the name of the charity" in blank.content.decode()
    done = client.post(reverse("payments:join_details"), {"charity_name": " Wyvern Food Bank "})
    assert done.url == reverse("people:join_done")
    choice.refresh_from_db()
    assert (choice.method, choice.charity_name) == (PaymentMethod.DONATE, "Wyvern Food Bank")
    assert client.get(reverse("payments:join_details")).url == reverse("people:join_done")


def test_vouchers_go_by_email_so_joining_asks_only_for_a_missing_email(client):
    _, with_email = _joined_online(client, recognition="voucher", benefits_limit="no")
    assert with_email.email and not selectors.missing_payment_details(with_email)
    assert client.get(reverse("payments:join_details")).url == reverse("people:join_done")

    _, person = _joined_online(client, recognition="voucher", benefits_limit="no")
    type(person).objects.filter(pk=person.pk).update(email="")  # joined by text message, say
    page = client.get(reverse("payments:join_details")).content.decode()
    assert "Where should we email your vouchers?" in page and "Skip for now" in page
    assert (
        "Add your email address so that we can send your vouchers"
        in client.get(reverse("core:home")).content.decode()
    )
    bad = client.post(reverse("payments:join_details"), {"email": "not an email"})
    assert bad.status_code == 200 and "in the correct format" in bad.content.decode()
    done = client.post(reverse("payments:join_details"), {"email": "vee@example.test"})
    assert done.url == reverse("people:join_done")
    person.refresh_from_db()
    assert person.email == "vee@example.test" and not selectors.missing_payment_details(person)


def test_a_donation_claimed_before_the_charity_was_named_is_paid_once_it_is(client):
    support.rate_card()
    user, person = _joined_online(client, recognition="donate", benefits_limit="no")
    claim = support.attend(support.meeting(), person)
    assert claim.payout == "donation" and not selectors.can_pay(claim)
    assert selectors.missing_payment_details(support.submitted(claim, user).person).owed
    client.post(reverse("payments:join_details"), {"charity_name": "Wyvern Food Bank"})
    claim.refresh_from_db()
    assert claim.charity_name == "Wyvern Food Bank" and selectors.can_pay(claim)
