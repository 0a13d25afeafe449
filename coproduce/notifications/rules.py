"""Who may see and act on messages. Pages, the API and templates all use these."""

import rules

from coproduce.accounts.rules import is_administrator, is_board_member, is_champion, is_member, is_officer
from coproduce.core.access import PUBLIC, Policy
from coproduce.people.rules import has_profile

OFFICERS = Policy("co-production officers", is_officer | is_administrator, back_office=True)
OWN_MESSAGES = Policy("members looking at their own messages", rules.is_authenticated & has_profile)
# For the menu only: the roles first, so a back-office page does not look up a profile for the menu.
MEMBER_MENU = Policy(
    "members, champions and board members with a profile",
    (is_member | is_champion | is_board_member) & has_profile,
)
# GOV.UK Notify calls the receipts endpoint without a session: the view checks its bearer token.
NOTIFY_CALLBACK = PUBLIC
