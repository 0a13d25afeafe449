"""One load of the demo programme (scale 1), committed, shared by every test that only reads it.

Loading the demo is the dearest thing the suite does, so the tests that only read it share one load. They sit
in classes named `TestOneLoadOfTheDemo` (one per module), which ask for the `demo_programme` fixture:
- the first of them to run loads the demo, and the demo is emptied (as a test on real commits empties the
  database) as soon as the next test to run is not one of them;
- collection puts them one after another, and `tests/conftest.py` sends them to one pytest-xdist worker as
  one piece of work, so the whole suite loads the demo for them once.

Each test still runs in its own transaction (pytest's `db`), rolled back at its end, so whatever a test writes
(a session when it signs in, an audit event) is gone before the next one reads the demo. A test that loads the
demo itself, or changes what it loaded and keeps the change, stays outside those classes.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django.plugin import blocking_manager_key

READS_THE_DEMO = "demo_programme"
SHARED_LOAD_CLASS = "TestOneLoadOfTheDemo"


class _SharedDemo:
    loaded = False

    def load(self) -> None:
        if not self.loaded:
            self.loaded = True  # before loading: a load that fails half way is emptied all the same
            call_command("load_demo", stdout=StringIO())

    def empty(self) -> None:
        from tests.conftest import restore_data_from_migrations

        self.loaded = False
        call_command(
            "flush", interactive=False, verbosity=0
        )  # tests/conftest.py lets it past the audit guard
        restore_data_from_migrations()


_shared = _SharedDemo()


@pytest.fixture(scope="class")  # set up before the test's own transaction (`db`, function scope) begins
def demo_programme(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _shared.load()


def pytest_collection_modifyitems(items):
    """Refuse a reader outside the shared classes, and put the readers one after another, where the first was,
    so that even a run in one process loads the demo once for them."""
    readers = [item for item in items if READS_THE_DEMO in item.fixturenames]
    strays = [item.nodeid for item in readers if item.cls is None or item.cls.__name__ != SHARED_LOAD_CLASS]
    if strays:
        raise pytest.UsageError(
            f"tests reading the shared demo must be in a {SHARED_LOAD_CLASS} class: {strays}"
        )
    if readers:
        first = items.index(readers[0])
        others = [item for item in items if READS_THE_DEMO not in item.fixturenames]
        items[:] = others[:first] + readers + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's transaction is rolled back first
    if _shared.loaded and (nextitem is None or READS_THE_DEMO not in nextitem.fixturenames):
        with item.config.stash[blocking_manager_key].unblock():
            _shared.empty()
    return result
