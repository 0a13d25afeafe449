"""Template components used across the site (loaded as a builtin, no {% load %} needed)."""

import re

from django import template

from coproduce.core.money import format_money

register = template.Library()


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
        from django.utils.html import format_html, strip_tags
        from django.utils.safestring import mark_safe

        inside = self.nodelist.render(context)  # rendered (and escaped) by the template engine already
        if self.label is None:
            # No label given: the table's own caption, already escaped, names the region.
            caption = CAPTION.search(inside)
            label = " ".join(strip_tags(caption.group(1)).split()) if caption else ""
            opening = (
                '<div class="coproduce-table-scroll" role="region" aria-label="' + label + '" tabindex="0">'
            )
        else:
            opening = format_html(
                '<div class="coproduce-table-scroll" role="region" aria-label="{}" tabindex="0">',
                self.label.resolve(context),
            )
        return mark_safe(opening + inside + "</div>")  # noqa: S308


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


@register.filter
def markdown(text):
    """{{ page.body|markdown }}: Markdown rendered and sanitised (coproduce.core.markdown)."""
    from coproduce.core.markdown import render_markdown

    return render_markdown(text)
