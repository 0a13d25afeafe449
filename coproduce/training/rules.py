"""Who may do what with training. Officers run the programme; a line manager (a staff project lead) may book
their staff onto a session; co-trainers see the sessions they deliver, with the support their learners asked
for; anyone may read the course list."""

import rules

from coproduce.accounts.rules import (
    is_administrator,
    is_board_member,
    is_champion,
    is_evaluator,
    is_member,
    is_officer,
    is_project_lead,
)
from coproduce.core.access import Policy
from coproduce.people.rules import has_profile

is_training_officer = is_officer | is_administrator


def person_of(user):
    if not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person if person is not None and person.erased_at is None else None


@rules.predicate
def delivers_session(user, session) -> bool:
    person = person_of(user)
    return bool(
        person is not None and session is not None and session.co_trainers.filter(person=person).exists()
    )


@rules.predicate
def may_see_trainer_view(user, session) -> bool:
    return bool(is_training_officer(user) or delivers_session(user, session))


# Pages
COURSES = Policy("anyone", rules.always_allow)
LEARNERS = Policy("anyone signed in with a profile", rules.is_authenticated & has_profile)
TRAINERS = Policy("anyone signed in (each session checks its co-trainers)", rules.is_authenticated)
OFFICERS = Policy("co-production officers", is_training_officer, back_office=True)
BOOKERS = Policy(
    "co-production officers and line managers (staff project leads)",
    is_training_officer | is_project_lead,
    back_office=True,
)
# For the menu only: checks roles before the profile, so back-office pages pay no query for it.
LEARNER_MENU = Policy(
    "members, champions and board members with a profile",
    (is_member | is_champion | is_board_member) & has_profile,
)
REPORTS = Policy(
    "co-production officers and evaluators", is_training_officer | is_evaluator, back_office=True
)

rules.add_perm("training.see_trainer_view", may_see_trainer_view)
