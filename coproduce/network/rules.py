"""Who may do what in the champions network."""

import rules

from coproduce.accounts.rules import is_administrator, is_champion, is_officer
from coproduce.core.access import Policy
from coproduce.meetings.rules import person_of
from coproduce.people.rules import has_profile

from .choices import ChampionStatus

is_network_officer = is_officer | is_administrator


@rules.predicate
def is_active_champion(user) -> bool:
    """On the register as a current champion (whatever roles the account holds)."""
    person = person_of(user)
    if person is None:
        return False
    cached = getattr(user, "_network_champion_status", None)
    if cached is None:
        from .models import Champion

        cached = Champion.objects.filter(person=person).values_list("status", flat=True).first() or ""
        user._network_champion_status = cached
    return cached == ChampionStatus.ACTIVE


# Pages
APPLY = Policy("members with a profile", rules.is_authenticated & has_profile)
CHAMPIONS = Policy("champions on the register", is_active_champion)
OFFICERS = Policy("co-production officers", is_network_officer, back_office=True)
MEMBER_WITH_PROFILE = Policy("anyone with a profile", rules.is_authenticated & has_profile)
# For the menu only: the champion role is kept in step with the register (services.sync_role_and_body), and
# checking it costs no query on every page, where looking the register up would.
CHAMPION_MENU = Policy("champions", is_champion & has_profile)
