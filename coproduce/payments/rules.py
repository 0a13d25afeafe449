"""Who may do what with payments. Page policies say who may open a kind of page; the object predicates say
which claims a user may see or act on (a refusal there is a 404, so an id reveals nothing)."""

import rules

from coproduce.accounts.rules import (
    is_administrator,
    is_board_member,
    is_finance_approver,
    is_member,
    is_officer,
    is_project_lead,
)
from coproduce.core.access import Policy
from coproduce.meetings.rules import person_of
from coproduce.people.rules import has_profile

is_payments_office = is_finance_approver | is_officer | is_administrator
is_organiser_role = is_officer | is_administrator | is_project_lead | is_board_member


@rules.predicate
def is_claimant(user, claim) -> bool:
    person = person_of(user)
    return bool(person is not None and claim is not None and claim.person_id == person.pk)


@rules.predicate
def organises_claim_meeting(user, claim) -> bool:
    return bool(claim is not None and user.is_authenticated and claim.meeting.organiser_id == user.id)


# Pages
MEMBER_PAYMENTS = Policy("members with a profile", rules.is_authenticated & has_profile)
PAYMENTS_OFFICE = Policy("finance approvers and co-production officers", is_payments_office, back_office=True)
FINANCE = Policy("finance approvers", is_finance_approver, back_office=True)
CLAIM_REVIEW = Policy(
    "finance approvers, officers and meeting organisers",
    is_payments_office | is_organiser_role,
    back_office=True,
)
RECEIPT = Policy("anyone signed in (each receipt checks who may see it)", rules.is_authenticated)

rules.add_perm("payments.view_claim", is_claimant | organises_claim_meeting | is_payments_office)
rules.add_perm("payments.view_receipt", is_claimant | organises_claim_meeting | is_finance_approver)
# Nobody confirms or approves their own claim.
rules.add_perm(
    "payments.check_claim", (organises_claim_meeting | is_officer | is_administrator) & ~is_claimant
)
rules.add_perm("payments.approve_claim", is_finance_approver & ~is_claimant)
rules.add_perm("payments.change_claim", is_claimant | is_officer | is_administrator)
rules.add_perm("payments.view_bank_details", is_finance_approver)

# For the menu only.
MEMBER_MENU = Policy("members with a profile", is_member & has_profile)
