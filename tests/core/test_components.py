"""The shared template components render the same markup wherever they are used."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template(source).render(Context(context))


def test_pagination_keeps_the_filter_and_names_the_pages():
    page = Paginator(list(range(60)), 25).page(2)
    html = render('{% pagination page label="Pages of claims" query=query %}', page=page, query="status=paid")
    assert 'aria-label="Pages of claims"' in html
    assert "?status=paid&amp;page=1" in html and "?status=paid&amp;page=3" in html
    assert "Page 2 of 3" in html


def test_pagination_is_absent_for_a_single_page():
    page = Paginator(list(range(3)), 25).page(1)
    assert "govuk-pagination" not in render("{% pagination page %}", page=page)


def test_scroll_table_wraps_the_table_in_a_labelled_focusable_region():
    html = render("{% scroll_table label %}<table></table>{% endscroll_table %}", label='Claims <"paid">')
    assert html.startswith(
        '<div class="coproduce-table-scroll" role="region" aria-label="Claims &lt;&quot;paid&quot;&gt;"'
    )
    assert 'tabindex="0"><table></table></div>' in html


def test_a_post_button_posts_to_its_url_with_the_csrf_token_and_a_full_label_for_screen_readers():
    html = render(
        '{% post_button url "Remove" hidden=name style="warning" %}',
        url="/manage/projects/1/team/2/remove/",
        name="Ann",
        csrf_token="tok",
    )
    assert '<form method="post" action="/manage/projects/1/team/2/remove/" novalidate>' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert "govuk-button--warning" in html
    assert 'Remove<span class="govuk-visually-hidden"> Ann</span></button>' in html


def test_a_scrolling_table_without_a_label_is_named_by_its_caption():
    html = render(
        '{% scroll_table %}<table><caption class="c">{% if q %}People matching “{{ q }}”{% endif %} '
        "({{ n }})</caption></table>{% endscroll_table %}",
        q="Ann & Bo",
        n=3,
    )
    assert 'role="region" aria-label="People matching “Ann &amp; Bo” (3)" tabindex="0"' in html


def test_a_table_writes_its_caption_headings_and_region_once_around_the_rows():
    html = render(
        '{% table "Your tokens" "Name" heading action="Action" count=n caption_class="c" %}'
        '<tr class="govuk-table__row"><td>{{ row }}</td></tr>{% endtable %}',
        heading="<Expires>",
        n=0,
        row="a & b",
    )
    assert html.startswith('<div class="coproduce-table-scroll" role="region" aria-label="Your tokens"')
    assert '<caption class="govuk-table__caption c">Your tokens (0)</caption>' in html
    assert '<th scope="col" class="govuk-table__header">&lt;Expires&gt;</th>' in html
    assert '<span class="govuk-visually-hidden">Action</span></th></tr></thead>' in html
    assert '<tbody class="govuk-table__body"><tr class="govuk-table__row"><td>a &amp; b</td></tr>' in html
    assert html.endswith("</table></div>")


def test_a_table_refuses_an_option_it_does_not_know():
    with pytest.raises(TemplateSyntaxError, match="does not take colour"):
        render('{% table "Claims" "Name" colour="red" %}{% endtable %}')
