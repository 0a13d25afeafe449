"""What an account whose email is not confirmed may do (decision 0023): sign in and finish joining, but not
apply, claim, be paid or get an API token until the address is shown to be theirs."""

import pytest

from coproduce.api.services import TokenRefused, create_token
from coproduce.opportunities import services as opportunities
from coproduce.opportunities.models import ExpressionOfInterest
from coproduce.payments import services as payments
from coproduce.payments.choices import ClaimStatus
from tests.factories import PASSWORD
from tests.opportunities.factories import OpportunityFactory
from tests.payments import support

pytestmark = pytest.mark.django_db

ANSWERS = {
    "why": "I care about this",
    "brings": "Ten years of using the service",
    "access_needs": [],
    "access_needs_detail": "",
    "contact_method": "email",
}


def unconfirmed(user):
    user.email_confirmed_at = None
    user.save(update_fields=["email_confirmed_at"])
    return user


@pytest.fixture
def claim_and_user():
    support.rate_card()
    user, person = support.member()
    return support.attend(support.meeting(hours=2), person), user


def test_an_unconfirmed_account_cannot_say_it_is_interested_until_confirmed(officer):
    user, person = support.member()
    opportunity = OpportunityFactory(created_by=officer)
    unconfirmed(user)
    with pytest.raises(opportunities.OpportunityError, match="Confirm your email address"):
        opportunities.express_interest(opportunity, person, ANSWERS, actor=user)
    assert not ExpressionOfInterest.objects.exists()
    # An officer recording it for them (met in person, on the phone) is not applying by email.
    opportunities.express_interest(opportunity, person, ANSWERS, actor=officer)
    assert ExpressionOfInterest.objects.filter(person=person).count() == 1


def test_an_unconfirmed_account_cannot_send_its_claim(claim_and_user):
    claim, user = claim_and_user
    unconfirmed(user)
    with pytest.raises(payments.PaymentError, match="Confirm your email address"):
        payments.submit_claim(claim, actor=user)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT


def test_a_claim_is_not_approved_for_payment_while_the_claimant_is_unconfirmed(
    claim_and_user, finance_approver
):
    claim, user = claim_and_user
    claim = support.checked(claim, user)
    unconfirmed(user)
    with pytest.raises(payments.PaymentError, match="not confirmed their email address"):
        payments.approve_claim(claim, actor=finance_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED
    user.email_confirmed_at = claim.submitted_at
    user.save(update_fields=["email_confirmed_at"])
    payments.approve_claim(claim, actor=finance_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_an_unconfirmed_account_gets_no_api_token(member):
    unconfirmed(member)
    member.is_verified = lambda: True
    with pytest.raises(TokenRefused, match="Confirm your email address"):
        create_token(member, name="Spreadsheet")
    assert not member.auth_token_set.exists()


def test_an_unconfirmed_account_can_still_sign_in(client, member):
    unconfirmed(member)
    response = client.post("/account/sign-in/", {"email": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk
