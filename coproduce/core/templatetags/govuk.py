"""Template components used across the site (loaded as a builtin, no {% load %} needed)."""

import datetime
import re

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url_tag
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import FORMAT_SETTINGS
from django.utils.html import conditional_escape

from coproduce.core.links import link
from coproduce.core.money import format_money

register = template.Library()


class LinkNode(URLNode):
    """`{% url 'name' id … %}` (positional arguments, no `as`): the address from `core.links.link`."""

    def render(self, context):
        request = context.get("request")
        current_app = None
        if request is not None:
            current_app = getattr(request, "current_app", None)
            if current_app is None and getattr(request, "resolver_match", None) is not None:
                current_app = request.resolver_match.namespace
        args = tuple(arg.resolve(context) for arg in self.args)
        url = link(self.view_name.resolve(context), current_app, args)
        return conditional_escape(url) if context.autoescape else url


# The `date` filter's format characters this library writes itself (as django.utils.dateformat does);
# any other format goes to Django's filter.
_DATE_PARTS = {
    "j": lambda v: str(v.day),
    "d": lambda v: f"{v.day:02d}",
    "D": lambda v: str(WEEKDAYS_ABBR[v.weekday()]),
    "l": lambda v: str(WEEKDAYS[v.weekday()]),
    "F": lambda v: str(MONTHS[v.month]),
    "M": lambda v: str(MONTHS_3[v.month].title()),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
}
_TIME_PARTS = {
    "H": lambda v: f"{v.hour:02d}",
    "i": lambda v: f"{v.minute:02d}",
    "G": lambda v: str(v.hour),
    "s": lambda v: f"{v.second:02d}",
    "c": lambda v: v.isoformat(),
}
# Django's format characters (django.utils.dateformat): any other character is written as it is.
_FORMAT_CHARACTERS = set("aAbcdDeEfFgGhHiIjlLmMnNoOpPrsStTUuwWyYzZ")
_compiled_formats: dict[str, tuple | None] = {}


def _compiled(format_string: str):
    """The format as a tuple of literal strings and functions (None: leave it to Django's filter)."""
    if format_string in _compiled_formats:
        return _compiled_formats[format_string]
    parts, time_parts = [], False
    for character in format_string:
        if character in _DATE_PARTS:
            parts.append(_DATE_PARTS[character])
        elif character in _TIME_PARTS:
            parts.append(_TIME_PARTS[character])
            time_parts = True
        elif character in _FORMAT_CHARACTERS or character == "\\":
            parts = None
            break
        else:
            parts.append(character)
    found = None if parts is None else (tuple(parts), time_parts)
    _compiled_formats[format_string] = found
    return found


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter (this library is a builtin, so it takes the name's place), with the formats the
    pages use written without building a DateFormat per value: a list of fifty meetings formats hundreds of
    dates. Output is Django's to the letter (tests/core/test_fast_dates.py); other formats go to Django."""
    compiled = _compiled(arg) if isinstance(arg, str) and arg and arg not in FORMAT_SETTINGS else None
    if compiled is None or type(value) not in (datetime.datetime, datetime.date):
        return django_date(value, arg)
    parts, time_parts = compiled
    if time_parts and type(value) is datetime.date:
        return django_date(value, arg)
    return "".join(part if type(part) is str else part(value) for part in parts)


@register.tag
def url(parser, token):
    """Django's {% url %} (this library is a builtin, so it takes the name's place), with addresses worked
    out once and ids put in their place (see coproduce.core.links)."""
    node = django_url_tag(parser, token)
    if node.kwargs or node.asvar:
        return node
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(form):
    return {"form": form}


@register.inclusion_tag("govuk/back_link.html")
def back_link(url, text="Back"):
    return {"url": url, "text": text}


@register.filter
def money(value):
    """{{ claim.total|money }} → £1,500.50 (see coproduce.core.money)."""
    return format_money(value)


@register.inclusion_tag("components/pagination.html")
def pagination(page, label="Pages", query="", anchor=""):
    """{% pagination page label="Pages of claims" query=query %}: previous and next, keeping the filter
    (and `anchor="#matches"` to land back on the list when it is not at the top of the page)."""
    return {"page": page, "label": label, "query": query, "anchor": anchor}


@register.inclusion_tag("components/post_button.html", takes_context=True)
def post_button(context, url, label, hidden="", style="secondary"):
    """{% post_button url "Remove" hidden=member.person.display_name style="warning" %}: a one-button form
    that posts to `url` (a row's action in a table); `hidden` finishes the label for screen readers."""
    return {
        "url": url,
        "label": label,
        "hidden": hidden,
        "style": style,
        "csrf_token": context.get("csrf_token"),
    }


CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        from django.utils.html import strip_tags
        from django.utils.safestring import mark_safe

        inside = self.nodelist.render(context)  # rendered (and escaped) by the template engine already
        if self.label is None:
            # No label given: the table's own caption, already escaped, names the region.
            caption = CAPTION.search(inside)
            label = mark_safe(" ".join(strip_tags(caption.group(1)).split()) if caption else "")  # noqa: S308
        else:
            label = self.label.resolve(context)
        return scroll_region(label, mark_safe(inside))  # noqa: S308


def scroll_region(label, inside):
    """A labelled region that takes keyboard focus and scrolls what is inside it sideways."""
    from django.utils.html import format_html

    return format_html(
        '<div class="coproduce-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
        label,
        inside,
    )


@register.tag
def scroll_table(parser, token):
    """{% scroll_table "Claims waiting" %}<table>…</table>{% endscroll_table %}: a wide table scrolls inside a
    labelled region that takes keyboard focus, so the page itself never scrolls sideways on a phone. With no
    label, the table's <caption> names the region (for captions that count or depend on a filter)."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scroll_table takes one argument: the region's label")
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)


class TableNode(template.Node):
    def __init__(self, nodelist, caption, headings, options):
        self.nodelist, self.caption, self.headings, self.options = nodelist, caption, headings, options

    def render(self, context):
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        caption = self.caption.resolve(context)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        headings = format_html_join(
            "",
            '<th scope="col" class="govuk-table__header">{}</th>',
            ((h.resolve(context),) for h in self.headings),
        )
        if options.get("action"):
            headings += format_html(
                '<th scope="col" class="govuk-table__header">'
                '<span class="govuk-visually-hidden">{}</span></th>',
                options["action"],
            )
        if options.get("count") is not None:
            caption = format_html("{} ({})", caption, options["count"])
        table = format_html(
            '<table class="govuk-table{}"{}>\n  <caption class="govuk-table__caption{}">{}</caption>\n'
            '  <thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>\n'
            '  <tbody class="govuk-table__body">{}</tbody>\n</table>',
            " " + options["class"] if options.get("class") else "",
            format_html(' id="{}"', options["id"]) if options.get("id") else "",
            " " + options["caption_class"] if options.get("caption_class") else "",
            caption,
            headings,
            mark_safe(self.nodelist.render(context)),  # noqa: S308 (rendered and escaped by the engine)
        )
        return scroll_region(options.get("label") or self.caption.resolve(context), table)


@register.tag
def table(parser, token):
    """{% table "Your API tokens" "Name" "Created" action="Action" caption_class="govuk-visually-hidden" %}
    <tr class="govuk-table__row">…</tr>{% endtable %}: a GOV.UK table (its caption, a header row of the
    column names, and the rows written inside the tag) in a scrolling region named by the caption, as
    {% scroll_table %} does. `action` adds a last column whose name only screen readers hear; `class` and `id`
    go on the table, `caption_class` on its caption; `label` names the region when the caption is too
    short to say on its own what the table is; `count` follows the caption in brackets (the region's name
    stays the same as the list changes)."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("table takes the caption, then the column names")
    positional = [bit for bit in bits if "=" not in bit.split('"')[0]]
    options = template.base.token_kwargs([bit for bit in bits if bit not in positional], parser)
    unknown = set(options) - {"action", "class", "caption_class", "label", "id", "count"}
    if unknown:
        raise template.TemplateSyntaxError(f"table does not take {', '.join(sorted(unknown))}")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    compiled = [parser.compile_filter(bit) for bit in positional]
    return TableNode(nodelist, compiled[0], compiled[1:], options)


@register.filter
def markdown(text):
    """{{ page.body|markdown }}: Markdown rendered and sanitised (coproduce.core.markdown)."""
    from coproduce.core.markdown import render_markdown

    return render_markdown(text)
