"""What editors write in Markdown is shown in the house style and can never carry a script."""

from hypothesis import given
from hypothesis import strategies as st

from coproduce.core.markdown import render_markdown


def test_it_renders_headings_lists_and_links_with_govuk_classes():
    html = render_markdown("# Paying people\n\nSee [the rates](https://example.org).\n\n- one\n- two\n")
    assert '<h2 class="govuk-heading-m">Paying people</h2>' in html
    assert '<a class="govuk-link" href="https://example.org" rel="noopener noreferrer">the rates</a>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


def test_it_removes_scripts_event_handlers_and_javascript_links():
    html = render_markdown(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"
    )
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html  # shown as the text that was typed, not run


@given(st.text(max_size=300))
def test_no_text_produces_a_script_tag_or_an_event_handler(text):
    html = render_markdown(text).lower()
    assert "<script" not in html
    assert " onerror=" not in html and " onclick=" not in html
