"""The programme-wide jargon buster: explained where its words appear in handbook pages, and added to every
project's own jargon buster."""

import re

from hypothesis import given
from hypothesis import strategies as st

from coproduce.core.markdown import mark_terms, render_markdown
from coproduce.handbook import services
from coproduce.projects.models import JargonTerm
from tests.conftest import sign_in
from tests.projects import factories as projects

from . import factories

TERMS = [
    ("ICB", "Integrated Care Board: the NHS body that plans health services"),
    ("co-production", "Working as equals"),
]


def test_the_first_use_of_a_term_is_marked_with_its_meaning():
    html, found = mark_terms(str(render_markdown("The ICB funds it. The ICB agreed.")), TERMS)
    assert html.count("<abbr") == 1
    meaning = "Integrated Care Board: the NHS body that plans health services"
    assert f'<abbr class="coproduce-term" title="{meaning}">ICB</abbr>' in html
    assert found == [TERMS[0]]


def test_terms_in_links_headings_and_code_are_left_alone():
    text = "# ICB\n\n[the ICB](https://example.org) and `ICB`"
    html, found = mark_terms(str(render_markdown(text)), TERMS)
    assert "<abbr" not in html and found == []


def test_a_term_matches_in_any_case_but_not_inside_another_word():
    html, found = mark_terms(str(render_markdown("Co-Production is not icbm.")), TERMS)
    assert ">Co-Production</abbr>" in html and [term for term, _ in found] == ["co-production"]


def test_a_meaning_is_shown_as_text_never_as_markup():
    html, _ = mark_terms("<p>ICB</p>", [("ICB", '"><script>alert(1)</script>')])
    assert "<script" not in html and "&lt;script&gt;" in html


@given(
    st.text(max_size=200),
    st.lists(st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=30)), max_size=5),
)
def test_marking_only_adds_abbr_tags_around_text(text, terms):
    html = str(render_markdown(text))
    marked, found = mark_terms(html, terms)
    assert re.sub(r'<abbr class="coproduce-term" title="[^"]*">|</abbr>', "", str(marked)) == html
    assert "<script" not in str(marked).lower()
    assert len(found) == str(marked).count("<abbr")


def test_a_handbook_page_explains_the_words_it_uses(client, db):
    editor = factories.editor()
    services.save_term(None, actor=editor, word="ICB", meaning="Integrated Care Board")
    page = factories.page(by=editor, body="Ask the ICB first.")
    html = client.get(f"/handbook/pages/{page.slug}/").content.decode()
    assert 'title="Integrated Care Board">ICB</abbr>' in html
    assert "Words used on this page" in html


def test_a_word_already_in_the_jargon_buster_is_refused(client, db):
    editor = factories.editor()
    services.save_term(None, actor=editor, word="ICB", meaning="Integrated Care Board")
    sign_in(client, editor)
    response = client.post("/manage/handbook/jargon/", {"term": "icb", "meaning": "Something else"})
    assert "The jargon buster already explains this word" in response.content.decode()


def test_a_project_jargon_buster_adds_to_the_programme_one(client, db):
    editor = factories.editor()
    services.save_term(None, actor=editor, word="ICB", meaning="Integrated Care Board")
    services.save_term(None, actor=editor, word="PA", meaning="Personal assistant")
    project = projects.accepted()
    JargonTerm.objects.create(project=project, term="PA", meaning="Our project's own meaning")
    sign_in(client, project.requested_by)
    html = client.get(f"/your-projects/{project.pk}/jargon/").content.decode()
    assert "Words the whole programme explains (1)" in html
    assert "Integrated Care Board" in html and "Personal assistant" not in html
    assert "Integrated Care Board" in client.get("/handbook/jargon-buster/").content.decode()
