"""The training report's tables and their CSV downloads: people trained by course, role, department and
organisation over the years; feedback scores over time by course and by trainer; co-trainers' pay from the
ledger. Counts under 10 read "fewer than 10"; averages of fewer than FEEDBACK_MIN_ANSWERS answers are not
shown."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
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


def trained_tables() -> list[dict]:
    tables = []
    for key, (_, heading) in selectors.TRAINED_BY.items():
        years, rows = _pivot(selectors.trained_by(key))
        tables.append({"key": key, "heading": heading, "years": years, "rows": rows})
    return tables


def _scores_rows(rows, names) -> list[tuple]:
    return [(names.get(key, "Unknown"), year, scores) for key, year, scores in rows]


def feedback_by_course() -> list[tuple]:
    return _scores_rows(selectors.course_scores_over_time(), selectors.course_titles())


def feedback_by_trainer() -> list[tuple]:
    rows = selectors.trainer_scores_over_time()
    return _scores_rows(rows, selectors.people_named(key for key, _, _ in rows))


def pay_rows() -> list[tuple]:
    rows = selectors.co_trainer_pay()
    names = selectors.people_named(row["person"] for row in rows)
    activities = dict(Activity.choices)
    return [
        (
            names.get(row["person"], ""),
            activities.get(row["activity"], row["activity"]),
            row["year"],
            row["net"],
        )
        for row in rows
    ]


REPORT_CACHE_KEY = "training:report"
REPORT_CACHE_SECONDS = 600


def report_context() -> dict:
    """The report's tables, shared through the cache for ten minutes: they sum every booking, answer and
    ledger entry of the programme, which should not happen on every view."""
    context = cache.get(REPORT_CACHE_KEY)
    if context is None:
        context = _report_context()
        cache.set(REPORT_CACHE_KEY, context, REPORT_CACHE_SECONDS)
    return context


def _report_context() -> dict:
    pay = pay_rows()
    return {
        "trained": trained_tables(),
        "by_course": feedback_by_course(),
        "by_trainer": feedback_by_trainer(),
        "pay": pay,
        "pay_total": sum((row[3] for row in pay), selectors.ZERO),
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


def _trained_csv(key):
    years, rows = _pivot(selectors.trained_by(key))
    yield [selectors.TRAINED_BY[key][1], *years, "Total"]
    for label, counts, total in rows:
        yield [label, *counts, total]


def _pay_csv():
    yield ["Co-trainer", "Activity", "Year", "Paid for time (£)"]
    yield from pay_rows()


CSV = {
    "trained-by-course": lambda: _trained_csv("course"),
    "trained-by-role": lambda: _trained_csv("role"),
    "trained-by-organisation": lambda: _trained_csv("organisation"),
    "trained-by-department": lambda: _trained_csv("department"),
    "feedback-by-course": lambda: _score_csv(feedback_by_course(), "Course"),
    "feedback-by-trainer": lambda: _score_csv(feedback_by_trainer(), "Trainer"),
    "co-trainer-pay": _pay_csv,
}


def csv_response(name: str, *, actor, request=None):
    if name not in CSV:
        raise Http404("No such report")
    services.record_report_export(name, actor=actor, request=request)
    response = StreamingHttpResponse(csv_lines(CSV[name]()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{name}.csv"'
    return response
