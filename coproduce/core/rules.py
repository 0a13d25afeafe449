from coproduce.accounts.rules import is_back_office
from coproduce.core.access import Policy

BACK_OFFICE = Policy("the co-production team, staff, board and finance", is_back_office, back_office=True)
