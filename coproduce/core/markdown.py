"""Markdown that editors write (handbook pages, newsletters, the concordat), rendered safely.

markdown-it-py parses CommonMark with raw HTML switched off; nh3 then keeps only an allowed list of tags and
attributes, so nothing an editor types can carry a script or a style. Headings, lists, tables and links get
GOV.UK Frontend classes so rendered text looks like the rest of the site.
"""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "*": {"class"}}

GOVUK_CLASSES = {
    "h1": "govuk-heading-l",  # an editor's top heading is demoted below the page's own h1
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}

_OPENING_TAG = re.compile(r"<(h[1-4]|p|ul|ol|a|table|thead|tbody|tr|th|td|blockquote|hr)(?=[\s>/])")


def _demote_headings(html: str) -> str:
    """The page has its own h1: an editor's '# Title' becomes an h2, '##' an h3, and so on (h4 at most)."""
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return (
        html.replace("<h5>", "<h4>")
        .replace("</h5>", "</h4>")
        .replace("<h6>", "<h4>")
        .replace("</h6>", "</h4>")
    )


def render_markdown(text: str) -> SafeString:
    """The Markdown `text` as safe HTML in the house style."""
    html = _demote_headings(_parser.render(text or ""))
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    html = _OPENING_TAG.sub(lambda m: f'<{m.group(1)} class="{GOVUK_CLASSES[m.group(1)]}"', html)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 above


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Text inside these is left alone: a link's words, code, a heading, or a term already marked.
_SKIP_INSIDE = {"a", "code", "pre", "abbr", "h2", "h3", "h4"}


def mark_terms(html: str, terms: list[tuple[str, str]]) -> tuple[SafeString, list[tuple[str, str]]]:
    """Mark the first use of each jargon-buster term in rendered, sanitised HTML with
    <abbr title="meaning">, and return the HTML with the (term, meaning) pairs that were found, in the
    order they first appear (pages list them under the text too, as a title tooltip is not enough on a
    phone or with a keyboard)."""
    from django.utils.html import escape

    if not terms:
        return mark_safe(html), []  # noqa: S308 - already sanitised by the caller
    meanings = {escape(term).lower(): (term, meaning) for term, meaning in terms if term.strip()}
    if not meanings:
        return mark_safe(html), []  # noqa: S308
    alternatives = sorted(meanings, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(word) for word in alternatives) + r")(?![\w-])", re.IGNORECASE
    )
    found: dict[str, tuple[str, str]] = {}
    open_tags: list[str] = []
    out = []

    def mark(match: re.Match) -> str:
        key = match.group(1).lower()
        if key in found:
            return match.group(1)
        found[key] = meanings[key]
        return f'<abbr class="coproduce-term" title="{escape(meanings[key][1])}">{match.group(1)}</abbr>'

    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name:
                tag = name.group(1).lower()
                if part.startswith("</"):
                    if tag in open_tags:
                        open_tags.remove(tag)
                elif tag in _SKIP_INSIDE and not part.endswith("/>"):
                    open_tags.append(tag)
            out.append(part)
        elif part and not open_tags:
            out.append(pattern.sub(mark, part))
        else:
            out.append(part)
    return mark_safe("".join(out)), list(found.values())  # noqa: S308 - meanings escaped above
