import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.audit.models import AuditEvent
from coproduce.audit.selectors import verify_chain
from coproduce.programme.models import BoardTerm
from demo.generators import accounts
from demo.generators.context import DemoContext
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_KEY


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def roles_by_email():
    found = {}
    for email, role in RoleGrant.objects.values_list("user__email", "role"):
        found.setdefault(email, set()).add(role)
    return found


def test_the_same_seed_plans_the_same_people():
    first = accounts.plan(DemoContext(seed=7, scale=1, password_hash=""))
    second = accounts.plan(DemoContext(seed=7, scale=1, password_hash=""))
    assert first == second
    other = accounts.plan(DemoContext(seed=8, scale=1, password_hash=""))
    assert [p.email for p in other] != [p.email for p in first]


def test_the_audit_chain_continues_from_events_already_recorded(db):
    from coproduce.audit.services import record

    record("test.before_demo")
    load("--scale", "0.1")
    assert verify_chain() == []


def test_demo_logins_says_when_there_are_none(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "No demo accounts" in out.getvalue()


def test_if_empty_leaves_a_database_with_accounts_alone(db, member):
    assert "not loaded" in load("--if-empty")
    assert User.objects.count() == 1


def test_it_refuses_to_load_into_a_database_with_accounts(db, member):
    with pytest.raises(CommandError, match="already has accounts"):
        load()


def test_it_refuses_without_debug_unless_told_the_database_is_not_production(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        load("--scale", "0.1")
    assert not User.objects.exists()
    load("--scale", "0.1", "--not-production")
    assert User.objects.exists()


def test_it_refuses_a_scale_of_zero(db):
    with pytest.raises(CommandError):
        load("--scale", "0")


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    @pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role)
    def test_each_demo_sign_in_works_with_the_published_password(self, db, client, login):
        request = RequestFactory().post("/account/sign-in/")
        user = authenticate(request, username=login.email, password=DEMO_PASSWORD)
        assert user is not None
        assert user.roles == {login.role}
        assert client.login(request=request, username=login.email, password=DEMO_PASSWORD)

    def test_back_office_demo_sign_ins_accept_the_code_from_the_published_secret(self, db):
        for login in DEMO_LOGINS:
            devices = TOTPDevice.objects.filter(user__email=login.email, confirmed=True)
            if not login.needs_two_factor:
                assert not devices.exists()
                continue
            code = f"{TOTP(DEMO_TOTP_KEY).token():06d}"
            assert devices.get().verify_token(code), login.email

    def test_demo_logins_prints_each_sign_in_and_the_current_code(self, db):
        out = StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        code = f"{TOTP(DEMO_TOTP_KEY).token():06d}"
        for login in DEMO_LOGINS:
            line = next(line for line in text.splitlines() if login.email in line)
            assert DEMO_PASSWORD in line
            if login.needs_two_factor:
                # The code may roll over between the two computations at a 30-second boundary.
                assert re.search(r"\b\d{6}\b", line)
            else:
                assert code not in line
        assert "change every 30 seconds" in text

    def test_every_role_is_held_and_some_people_hold_several(self, db):
        held = Counter(RoleGrant.objects.values_list("role", flat=True))
        assert set(held) == set(Role.values)
        assert 300 <= held[Role.MEMBER] <= 320
        # Twelve champion accounts; the network generator also gives the role to everyone else it puts on the
        # champions register (the role follows the register).
        assert held[Role.CHAMPION] >= 12
        # Ten board-member accounts, and the role follows the board's terms: every current term holder with a
        # sign-in holds it too.
        current = BoardTerm.objects.current().exclude(person__user=None)
        holders = set(current.values_list("person__user", flat=True))
        with_role = set(RoleGrant.objects.filter(role=Role.BOARD_MEMBER).values_list("user", flat=True))
        assert holders <= with_role and len(with_role) >= 10
        assert held[Role.PROJECT_LEAD] == 25
        assert held[Role.FINANCE_APPROVER] == 3
        assert held[Role.ADMINISTRATOR] == 2
        several = [roles for roles in roles_by_email().values() if len(roles) > 1]
        assert len(several) >= 12

    def test_names_and_addresses_are_fictional(self, db):
        emails = User.objects.values_list("email", flat=True)
        assert all(email.endswith("@demo.coproduce.test") for email in emails)

    def test_the_audit_chain_verifies_after_loading(self, db):
        assert verify_chain() == []
        assert AuditEvent.objects.filter(verb="accounts.account_created").count() == User.objects.count()
        privileged = sum(login.needs_two_factor for login in DEMO_LOGINS)
        assert AuditEvent.objects.filter(verb="accounts.two_factor_enrolled").count() == privileged
