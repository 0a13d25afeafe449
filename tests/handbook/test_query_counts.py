"""The handbook's pages cost the same number of queries however many pages, versions, co-authors, feedback
and resources there are."""

import pytest

from coproduce.handbook import services
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from . import factories


def _handbook(count, editor):
    section = factories.section()
    pages = []
    for n in range(count):
        page = factories.page(by=editor, section_=section, body=f"Text {n} about the ICB")
        services.edit_page(page, actor=editor, expected_version=1, body=f"Text {n}, changed")
        services.add_co_author(page, actor=editor, name=f"Author {n}", consents=True)
        services.give_feedback(page, actor=editor, useful=n % 2 == 0, comment=f"Comment {n}")
        services.create_resource(actor=editor, title=f"Resource {n}", description="x", visibility="public")
        pages.append(page)
    services.save_term(None, actor=editor, word=f"ICB{count}", meaning="Integrated Care Board")
    return pages


# Pages without parameters keep their baseline in tests/core/query_counts.json; pages of one handbook page
# (whose URL names need an argument) give their count here.
PAGES = [
    ("handbook:index", lambda page: "/handbook/"),
    ("handbook:resources", lambda page: "/resources/"),
    ("handbook_manage:pages", lambda page: "/manage/handbook/"),
    (8, lambda page: f"/handbook/pages/{page.slug}/"),
    (7, lambda page: f"/manage/handbook/pages/{page.pk}/history/"),
    (8, lambda page: f"/manage/handbook/pages/{page.pk}/feedback/"),
    (6, lambda page: f"/manage/handbook/pages/{page.pk}/co-authors/"),
]
IDS = ["index", "resources", "manage", "page", "history", "feedback", "co_authors"]


@pytest.mark.parametrize("name, url", PAGES, ids=IDS)
@pytest.mark.parametrize("count", [1, 8])
def test_handbook_pages_match_their_baselines_with_few_or_many_rows(client, db, name, url, count):
    editor = factories.editor()
    pages = _handbook(count, editor)
    page = pages[0]
    for _ in range(count):  # more versions, co-authors and feedback on the page itself too
        page.refresh_from_db()
        services.edit_page(page, actor=editor, expected_version=page.version, body=f"Again {page.version}")
        services.add_co_author(page, actor=editor, name=f"Another {page.version}", consents=True)
        services.give_feedback(page, actor=editor, useful=True, comment="More")
    sign_in(client, editor)
    assert_page_queries(client, url(page), name)
