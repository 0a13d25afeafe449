"""Who may read and edit the handbook. Public pages are for anyone; staff-only pages and resources for the
back office (the same roles that reach /manage/); editors are co-production officers and administrators."""

import rules

from coproduce.accounts.rules import is_administrator, is_back_office, is_officer
from coproduce.core.access import Policy

is_editor = is_officer | is_administrator


@rules.predicate
def may_read(user, item) -> bool:
    """A page or resource: public ones for anyone, staff-only ones for the back office."""
    return item is not None and (item.visibility == "public" or is_back_office(user))


# Pages
READERS = Policy("anyone (staff-only pages for the back office)", rules.always_allow)
FEEDBACK = Policy("anyone", rules.always_allow)
EDITORS = Policy("co-production officers and administrators", is_editor, back_office=True)

rules.add_perm("handbook.read", may_read)
rules.add_perm("handbook.edit", is_editor)
