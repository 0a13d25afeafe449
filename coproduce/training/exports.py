"""The training report's tables and their CSV downloads: people trained by course, role, department and
organisation over the years; feedback scores over time by course and by trainer; co-trainers' pay from the
ledger. Counts under 10 read "fewer than 10"; averages of fewer than FEEDBACK_MIN_ANSWERS answers are not
shown."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, StreamingHttpResponse

from coproduce.core.spreadsheets import csv_lines
from coproduce.payments.choices import Activity

from . import selectors, services

FEWER = f"fewer than {selectors.SMALL_NUMBER}"


def shown(count: int) -> str | int:
    return FEWER if 0 < count < selectors.SMALL_NUMBER else count


def _pivot(rows):
    """[(label, year, n)] -> years, [(label, [n for each year], total)]."""
    years = sorted({year for _, year, _ in rows})
    table = defaultdict(dict)
    for label, year, n in rows:
        table[label][year] = table[label].get(year, 0) + n
    return years, [
        (label, [shown(counts.get(year, 0)) for year in years], shown(sum(counts.values())))
        for label, counts in sorted(table.items(), key=lambda item: str(item[0]).lower())
    ]


def _scores(figure) -> selectors.Scores:
    """Scores as stored: already blank where too few answered."""
    return selectors.Scores(
        answers=figure.count, overall=figure.overall, learned=figure.learned, accessible=figure.accessible
    )


def report_tables() -> dict:
    """The report's tables from the stored figures (three queries, however much training there has been).
    Before the first refresh (a new site) the figures are worked out here, once."""
    figures = selectors.report_figures()
    if selectors.REPORT_REFRESHED not in figures:
        services.refresh_report()
        figures = selectors.report_figures()
    titles = selectors.course_titles()
    names = selectors.people_named(
        figure.key for table in ("feedback-by-trainer", "co-trainer-pay") for figure in figures[table]
    )
    activities = dict(Activity.choices)
    pay = [
        (names.get(f.key, ""), activities.get(f.detail, f.detail), f.year, f.amount)
        for f in figures["co-trainer-pay"]
    ]
    return {
        "trained": {
            key: [(f.label, f.year, f.count) for f in figures[f"trained-by-{key}"]]
            for key in selectors.TRAINED_BY
        },
        "by_course": [
            (titles.get(f.key, "Unknown"), f.year, _scores(f)) for f in figures["feedback-by-course"]
        ],
        "by_trainer": [
            (names.get(f.key, "Unknown"), f.year, _scores(f)) for f in figures["feedback-by-trainer"]
        ],
        "pay": pay,
        "refreshed_at": figures[selectors.REPORT_REFRESHED][0].refreshed_at,
    }


REPORT_HTML_SECONDS = 3600


def report_page_context() -> dict:
    """The report page's context: its tables rendered once per working-out of the figures and shared through
    the cache (the key names when they were worked out, so a refresh is seen at once). The tables are the
    same for every reader and grow with years, courses and trainers; rendering them took most of the page."""
    from django.core.cache import cache
    from django.template.loader import render_to_string

    refreshed_at = selectors.report_refreshed_at()
    key = f"training:report-tables:{refreshed_at.isoformat()}" if refreshed_at else None
    tables = cache.get(key) if key else None
    if tables is None:
        context = report_context()
        refreshed_at = context["refreshed_at"]
        tables = render_to_string("training/manage/_report_tables.html", context)
        cache.set(f"training:report-tables:{refreshed_at.isoformat()}", tables, REPORT_HTML_SECONDS)
    return {
        "tables": tables,
        "refreshed_at": refreshed_at,
        "min_answers": selectors.FEEDBACK_MIN_ANSWERS,
        "fewer": FEWER,
    }


def report_context() -> dict:
    tables = report_tables()
    trained = []
    for key, (_, heading) in selectors.TRAINED_BY.items():
        years, rows = _pivot(tables["trained"][key])
        trained.append({"key": key, "heading": heading, "years": years, "rows": rows})
    return {
        **tables,
        "trained": trained,
        "pay_total": sum((row[3] for row in tables["pay"]), selectors.ZERO),
        "min_answers": selectors.FEEDBACK_MIN_ANSWERS,
        "fewer": FEWER,
    }


def _score_csv(rows, first: str):
    yield [first, "Year", "Answers", "Overall", "Learned", "Accessible"]
    for label, year, scores in rows:
        if scores.suppressed:
            yield [
                label,
                year,
                FEWER if scores.answers < selectors.SMALL_NUMBER else scores.answers,
                "",
                "",
                "",
            ]
        else:
            yield [label, year, shown(scores.answers), scores.overall, scores.learned, scores.accessible]


def _trained_csv(tables, key):
    years, rows = _pivot(tables["trained"][key])
    yield [selectors.TRAINED_BY[key][1], *years, "Total"]
    for label, counts, total in rows:
        yield [label, *counts, total]


def _pay_csv(tables):
    yield ["Co-trainer", "Activity", "Year", "Paid for time (£)"]
    yield from tables["pay"]


CSV = {
    **{
        f"trained-by-{key}": lambda tables, key=key: _trained_csv(tables, key) for key in selectors.TRAINED_BY
    },
    "feedback-by-course": lambda tables: _score_csv(tables["by_course"], "Course"),
    "feedback-by-trainer": lambda tables: _score_csv(tables["by_trainer"], "Trainer"),
    "co-trainer-pay": _pay_csv,
}


def csv_response(name: str, *, actor, request=None):
    if name not in CSV:
        raise Http404("No such report")
    services.record_report_export(name, actor=actor, request=request)
    response = StreamingHttpResponse(
        csv_lines(CSV[name](report_tables())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="training-{name}.csv"'
    return response
