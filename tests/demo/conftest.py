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


def reads_the_shared_demo(item) -> bool:
    """Asks for this module's `demo_programme` (a module elsewhere may have a fixture of the same name)."""
    definitions = getattr(item, "_fixtureinfo", None)
    definitions = definitions.name2fixturedefs.get(READS_THE_DEMO, ()) if definitions else ()
    return any(definition.func is demo_programme.__wrapped__ for definition in definitions)


def pytest_collection_modifyitems(items):
    """Put the readers one after another, where the first was, so that even a run in one process loads the
    demo once for them. A reader outside the shared classes fails (at its setup: an error raised here, in
    collection, would only stop a pytest-xdist worker, and the run would end without saying why)."""
    readers = [item for item in items if reads_the_shared_demo(item)]
    for item in readers:
        if item.cls is None or item.cls.__name__ != SHARED_LOAD_CLASS:
            item.stash[_stray_reader] = True
    if readers:
        first = items.index(readers[0])
        others = [item for item in items if not reads_the_shared_demo(item)]
        items[:] = others[:first] + readers + others[first:]


_stray_reader = pytest.StashKey[bool]()


def pytest_runtest_setup(item):
    if item.stash.get(_stray_reader, False):
        pytest.fail(f"a test reading the shared demo must be in a {SHARED_LOAD_CLASS} class", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's transaction is rolled back first
    if _shared.loaded and (nextitem is None or not reads_the_shared_demo(nextitem)):
        with item.config.stash[blocking_manager_key].unblock():
            _shared.empty()
    return result
