"""Helpers for the member-side tests: a member with a profile, made the way the join journey makes one."""

from coproduce.accounts.models import Role
from coproduce.people import services
from coproduce.people.choices import ConsentPurpose
from tests.factories import UserFactory


def joined_member(**answers):
    """A member account with a profile and a decision for every consent purpose (contact given)."""
    user = UserFactory(roles=[Role.MEMBER], full_name=answers.pop("account_name", "Jo Joiner"))
    values = {"full_name": user.full_name, "phone": "07700 900123", "postcode": "AB1 2CD"}
    values.update(answers)
    consents = {purpose: purpose == ConsentPurpose.CONTACT for purpose in ConsentPurpose.values}
    person = services.create_person_from_journey(user, values, consents)
    return user, person
