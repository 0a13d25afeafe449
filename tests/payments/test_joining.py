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
