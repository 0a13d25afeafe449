from coproduce.accounts.rules import is_administrator
from coproduce.core.access import Policy

AUDIT_LOG = Policy("administrators", is_administrator, back_office=True)
