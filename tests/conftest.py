"""The small cast every test draws on: a member, an officer, a board co-chair, a finance approver..."""

import re

import pytest
from django.core.management.commands import flush

from coproduce.accounts.models import Role
from coproduce.audit.db import audit_maintenance

from .factories import UserFactory, totp_device

_original_flush = flush.Command.handle


def _flush_with_audit_maintenance(self, *args, **kwargs):
    # Transactional tests empty the database between tests; the append-only guard must let that through.
    with audit_maintenance():
        return _original_flush(self, *args, **kwargs)


flush.Command.handle = _flush_with_audit_maintenance


# A test class named TestOneLoadOf... shares one load of data between its tests (the demo, for example): it
# is one piece of work, which one worker runs from start to end, so the data is loaded once.
SHARED_LOAD_CLASS = re.compile(r"::(TestOneLoadOf\w+)::")


def pytest_xdist_make_scheduler(config, log):
    """Hand tests to the workers one at a time (so a slow test never holds up a chunk queued behind it), but
    each TestOneLoadOf... class as a whole, and each one to a single worker (tests/demo/conftest.py)."""
    from xdist.scheduler import LoadScopeScheduling

    class OneAtATimeButSharedLoadsWhole(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            shared = SHARED_LOAD_CLASS.search(nodeid)
            return shared.group(1) if shared else nodeid

    return OneAtATimeButSharedLoadsWhole(config, log)


def sign_in(client, user, *, verified=True):
    """Sign `user` in on the test client; with `verified`, as if they had entered a two-factor code."""
    client.force_login(user)
    if verified and user.requires_two_factor:
        device = totp_device(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def member(db):
    return UserFactory(full_name="Morgan Member", email="member@example.test", roles=[Role.MEMBER])


@pytest.fixture
def officer(db):
    return UserFactory(full_name="Olu Officer", email="officer@example.test", roles=[Role.OFFICER])


@pytest.fixture
def board_cochair(db):
    return UserFactory(full_name="Bea Cochair", email="cochair@example.test", roles=[Role.BOARD_MEMBER])


@pytest.fixture
def finance_approver(db):
    return UserFactory(full_name="Fin Approver", email="finance@example.test", roles=[Role.FINANCE_APPROVER])


@pytest.fixture
def administrator(db):
    return UserFactory(full_name="Ada Admin", email="admin@example.test", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def user_with_role(db):
    def make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so cached summaries never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


def restore_data_from_migrations() -> None:
    """Tests on real commits (transactional_db) empty the database after each test, taking with it what data
    migrations loaded (the programme's starting lists of lived-experience areas and interests, service areas,
    meeting bodies, the first champion pledge): put it back."""
    from importlib import import_module

    from django.apps import apps

    import_module("coproduce.people.migrations.0002_default_areas_and_interests").add(apps, None)
    import_module("coproduce.projects.migrations.0003_default_service_areas").add(apps, None)
    import_module("coproduce.meetings.migrations.0001_initial").seed_bodies(apps, None)
    import_module("coproduce.network.migrations.0002_first_pledge").publish_first_pledge(apps, None)
