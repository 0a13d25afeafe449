"""Builders for handbook tests: sections and pages written through the services, as editors would."""

import itertools

from coproduce.accounts.models import Role
from coproduce.handbook import services
from coproduce.handbook.models import Section
from tests.factories import UserFactory

_numbers = itertools.count(1)


def editor():
    return UserFactory(roles=[Role.OFFICER])


def section(title=None, **fields) -> Section:
    title = title or f"Section {next(_numbers)}"
    return services.create_section(actor=editor(), title=title, **fields)


def page(*, by=None, section_=None, visibility="public", **fields):
    n = next(_numbers)
    fields.setdefault("title", f"Planning a co-produced project {n}")
    fields.setdefault("summary", "How to plan a project with people who use services")
    fields.setdefault("body", "## Start early\n\nInvolve people from the very beginning.")
    return services.create_page(
        actor=by or editor(), section=section_ or section(), visibility=visibility, **fields
    )
