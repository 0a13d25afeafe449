"""Who may do what with people's records. Pages, the API and templates all use these."""

import rules

from coproduce.accounts.rules import is_administrator, is_officer
from coproduce.core.access import Policy


@rules.predicate
def has_profile(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "person") and user.person.erased_at is None)


@rules.predicate
def may_view_equality_answers(user) -> bool:
    """Special-category data: a separate permission, granted to few, on top of a back-office role."""
    return bool(user.is_authenticated and user.has_perm("people.view_equality_answers"))


@rules.predicate
def may_view_safeguarding_notes(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("people.view_safeguarding_notes"))


@rules.predicate
def is_own_record(user, person) -> bool:
    return bool(user.is_authenticated and person is not None and person.user_id == user.id)


is_people_officer = is_officer | is_administrator

# Pages
JOIN = Policy("anyone signed in who has not joined yet", rules.is_authenticated)
MEMBER_PROFILE = Policy("members looking at their own profile", rules.is_authenticated & has_profile)
DIRECTORY = Policy("co-production officers", is_people_officer, back_office=True)
EQUALITY_ANSWERS = Policy(
    "officers with the equality-data permission",
    is_people_officer & may_view_equality_answers,
    back_office=True,
)

rules.add_perm("people.view_person", is_own_record | is_people_officer)
rules.add_perm("people.change_person", is_own_record | is_people_officer)
rules.add_perm("people.view_person_equality", may_view_equality_answers)
rules.add_perm("people.view_person_safeguarding", may_view_safeguarding_notes & is_people_officer)
