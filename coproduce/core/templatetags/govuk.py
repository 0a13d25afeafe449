"""Template components used across the site (loaded as a builtin, no {% load %} needed)."""

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


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe

        opening = format_html(
            '<div class="coproduce-table-scroll" role="region" aria-label="{}" tabindex="0">',
            self.label.resolve(context),
        )
        # The table inside is rendered (and escaped) by the template engine already.
        return opening + mark_safe(self.nodelist.render(context)) + mark_safe("</div>")  # noqa: S308


@register.tag
def scroll_table(parser, token):
    """{% scroll_table "Claims waiting" %}<table>…</table>{% endscroll_table %}: a wide table scrolls inside a
    labelled region that takes keyboard focus, so the page itself never scrolls sideways on a phone."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scroll_table takes one argument: the region's label")
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, parser.compile_filter(bits[1]))


@register.filter
def markdown(text):
    """{{ page.body|markdown }}: Markdown rendered and sanitised (coproduce.core.markdown)."""
    from coproduce.core.markdown import render_markdown

    return render_markdown(text)
