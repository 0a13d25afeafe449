# ruff: noqa: E501 (templates are written on long lines)
"""What rendering costs, piece by piece, on the people directory (the hottest list page): the evidence for
docs/decisions/0011-page-rendering.md.

    .venv/bin/python bench/engines.py --sqlite var/bench25.sqlite3 [--jinja2 var/jinja2] [--repeat 200]

One process, the data fetched once (page 1 of the directory at the database's scale, 50 rows with their
lived experience), then each variant rendered `--repeat` times; prints the best and the median in ms. Jinja2 is not a
dependency: `--jinja2 DIR` points at a folder it was installed into (`pip install --target DIR jinja2`) to
compare it; without it those lines are left out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import setup_in_process  # noqa: E402

# The directory's row as first written (before decision 0011): a `{% url %}`, date filters and a related-list loop
# per row. Kept here, as the baseline the decision was measured against.
DJANGO_ROW = """<tr class="govuk-table__row">
  <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'people_manage:record' person.pk %}">{{ person.full_name }}</a>{% if person.preferred_name %}<br><span class="govuk-body-s">Likes to be called {{ person.preferred_name }}</span>{% endif %}</td>
  <td class="govuk-table__cell">{% if person.email %}{{ person.email }}<br>{% endif %}{% if person.phone %}{{ person.phone }}<br>{% endif %}{{ person.postcode }}</td>
  <td class="govuk-table__cell">{% for area in person.lived_experience.all %}{{ area.name }}{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>
  <td class="govuk-table__cell">{{ person.consents_to_contact|yesno:"Yes,No" }}</td>
  <td class="govuk-table__cell">{% if person.last_involved_at %}<time datetime="{{ person.last_involved_at|date:'Y-m-d' }}">{{ person.last_involved_at|date:"j M Y" }}</time>{% else %}Never{% endif %}</td>
  <td class="govuk-table__cell"><time datetime="{{ person.registered_at|date:'Y-m-d' }}">{{ person.registered_at|date:"j M Y" }}</time></td>
</tr>"""
DJANGO_ROWS = "{% for person in rows %}" + DJANGO_ROW + "{% endfor %}"

# Leaner, as the page now writes it: each row is read and written in Python (people.selectors.directory_rows,
# DirectoryRow.html), the template only places it. Read from the page's template so the benchmark measures what the page renders.
DIRECTORY_TEMPLATE = BASE_DIR / "coproduce/people/templates/people/manage/directory.html"
DJANGO_LEAN_ROWS = (
    "{% for row in rows %}"
    + DIRECTORY_TEMPLATE.read_text(encoding="utf-8").split("{% for row in rows %}", 1)[1].split("</tr>", 1)[0]
    + "</tr>{% endfor %}"
)

# The same rows with one include per row (the pattern the decision rules out in hot loops).
DJANGO_ROW_INCLUDE = "{% for person in rows %}{% include 'row.html' %}{% endfor %}"

# The same markup in Jinja2 (the `url` and `date` helpers are passed in as functions).
JINJA_ROWS = """{% for person in rows %}<tr class="govuk-table__row">
  <td class="govuk-table__cell"><a class="govuk-link" href="{{ url('people_manage:record', args=[person.pk]) }}">{{ person.full_name }}</a>{% if person.preferred_name %}<br><span class="govuk-body-s">Likes to be called {{ person.preferred_name }}</span>{% endif %}</td>
  <td class="govuk-table__cell">{% if person.email %}{{ person.email }}<br>{% endif %}{% if person.phone %}{{ person.phone }}<br>{% endif %}{{ person.postcode }}</td>
  <td class="govuk-table__cell">{% for area in person.lived_experience.all() %}{{ area.name }}{% if not loop.last %}, {% endif %}{% else %}–{% endfor %}</td>
  <td class="govuk-table__cell">{{ "Yes" if person.consents_to_contact else "No" }}</td>
  <td class="govuk-table__cell">{% if person.last_involved_at %}<time datetime="{{ date(person.last_involved_at, 'Y-m-d') }}">{{ date(person.last_involved_at, "j M Y") }}</time>{% else %}Never{% endif %}</td>
  <td class="govuk-table__cell"><time datetime="{{ date(person.registered_at, 'Y-m-d') }}">{{ date(person.registered_at, "j M Y") }}</time></td>
</tr>{% endfor %}"""


def timings_ms(function, repeat: int) -> tuple[float, float]:
    """Best and median of `repeat` runs: on a shared machine the best is the steadier figure."""
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, statistics.median(times) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="SQLite file holding the demo")
    parser.add_argument("--jinja2", default="", help="folder Jinja2 was pip-installed into (--target)")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)

    setup_in_process(BASE_DIR / "var", args.sqlite)
    from django.core.paginator import Paginator
    from django.template import engines
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils.dateformat import format as date_format
    from django.utils.timezone import template_localtime

    from coproduce.accounts.models import User
    from coproduce.people import selectors
    from coproduce.people.forms import DirectoryFilterForm
    from coproduce.people.views_manage import _sort_headers

    request = RequestFactory().get("/manage/people/")
    request.user = User.objects.get(email="officer@demo.coproduce.test")
    request.session = {}
    form = DirectoryFilterForm(None)
    filters = form.filters()
    page = Paginator(selectors.directory(filters), 50).get_page(1)
    page.object_list = list(page.object_list)  # resolved once: no SQL in what follows
    rows = page.object_list
    ids = [person.pk for person in rows]
    form.fields["area"].choices = list(form.fields["area"].choices)
    form.fields["interest"].choices = list(form.fields["interest"].choices)
    context = {
        "filter_form": form,
        "page": page,
        "rows": selectors.directory_rows(ids),
        "query": "",
        "filtered": False,
        "headers": _sort_headers(request, filters),
        "can_manage_permissions": False,
    }
    django_engine = engines["django"]

    def measure(label, function):
        best, median = timings_ms(function, args.repeat)
        print(f"| {label} | {best:.2f} | {median:.2f} |", flush=True)

    print(f"Rows: {len(rows)}; each rendered {args.repeat} times")
    print("| What is rendered | best ms | median ms |")
    print("|---|---:|---:|")
    blank = django_engine.from_string('{% extends "base.html" %}{% block content %}<p>x</p>{% endblock %}')
    measure("base.html alone (layout, menu, context processors)", lambda: blank.render({}, request))
    measure(
        "directory.html, whole page, rows resolved in the view",
        lambda: render_to_string("people/manage/directory.html", context, request),
    )
    fields = ["q", "area", "interest", "involved", "format", "access_need", "contact", "day", "mode"]
    measure(
        "the filter form's 9 fields (GOV.UK renderer, Django widget templates)",
        lambda: [form[name].as_field_group() for name in fields],
    )
    select = form["area"]
    measure(
        f"one select of {len(form.fields['area'].choices)} options (widget templates)", lambda: str(select)
    )
    rows_template = django_engine.from_string(DJANGO_ROWS)
    measure(
        "50 rows, Django template (as first written, before decision 0011)",
        lambda: rows_template.render({"rows": rows}),
    )
    from django.template import Context, Engine

    lean_template = django_engine.from_string(DJANGO_LEAN_ROWS)

    def lean():
        return lean_template.render({"rows": selectors.directory_rows(ids)})

    measure(
        "50 rows as the page writes them (rows read and written by directory_rows, incl. its 2 queries)", lean
    )

    row_engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"row.html": DJANGO_ROW})],
        builtins=["coproduce.core.templatetags.govuk"],
    )
    included = row_engine.from_string(DJANGO_ROW_INCLUDE)
    measure(
        "50 rows, Django template, one {% include %} per row",
        lambda: included.render(Context({"rows": rows})),
    )
    cached_html = render_to_string("people/manage/directory.html", context, request)
    measure("the same page served from the cache (a string copy)", lambda: "".join([cached_html]))
    if args.jinja2:
        sys.path.insert(0, str(Path(args.jinja2).resolve()))
        import jinja2

        env = jinja2.Environment(autoescape=True)
        env.globals.update(
            url=lambda name, args=(): reverse(name, args=args),
            date=lambda value, spec: date_format(template_localtime(value), spec),
        )
        jinja_rows = env.from_string(JINJA_ROWS)
        measure(f"50 rows, Jinja2 {jinja2.__version__} (same markup)", lambda: jinja_rows.render(rows=rows))
        ours = "".join(rows_template.render({"rows": rows}).split())
        same = ours == "".join(jinja_rows.render(rows=rows).split())
        print(f"(Jinja2's markup is Django's, whitespace aside: {same})")
        if not same:
            theirs = "".join(jinja_rows.render(rows=rows).split())
            at = next(i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b)
            print(ours[at - 80 : at + 80], theirs[at - 80 : at + 80], sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
