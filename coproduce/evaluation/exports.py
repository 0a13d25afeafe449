"""What evaluation publishes and downloads: the annual report's figures (frozen on publishing), CSV of every
dashboard figure, and the open-data file of anonymised aggregates with its data dictionary.

Everything here reads summary rows or small indexed counts, and small numbers are already suppressed in the
summary rows, so no download can show a count under 10.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from coproduce.projects import selectors as projects_selectors

from . import choices, selectors

DATA_DICTIONARY = (
    (
        "dataset",
        "Which set of figures the row belongs to: indicator, diversity, shifts, surveys (each survey), or "
        "surveys by project, surveys by body, surveys by course (all their surveys together).",
    ),
    (
        "measure",
        "What is measured: the indicator's name, the group's name, the shift or the survey question.",
    ),
    (
        "category",
        "For diversity, the topic and answer (for example 'Age: 25-34'); for shifts, who rated; for surveys, "
        "the survey, project, group or course.",
    ),
    ("period", "The date or period the figure is for (ISO 8601)."),
    ("value", "The figure. 'fewer than 10' where a count under 10 (or one that would reveal it) is hidden."),
    (
        "unit",
        "number, percent, money (pounds), days, hours, score (0-100 representation, or 1-5 for shifts).",
    ),
    ("comparison", "For diversity, the Census 2021 share of Oxfordshire residents aged 16 and over."),
)


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def csv_text(header: list[str], rows: list[list]) -> str:
    """CSV text with formula-looking cells made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        cells = [_plain(cell) for cell in row]
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") and not _number(c) else c for c in cells])
    return out.getvalue()


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except Exception:  # noqa: BLE001 - anything not a number is text
        return False
    return True


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The programme's year: 1 April `year` to 31 March the year after (end exclusive)."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 4, 1)


def indicator_rows() -> list[list]:
    rows = []
    for aim in selectors.aims_tree():
        for outcome in aim.outcome_list:
            for indicator in outcome.indicator_list:
                for reading in indicator.reading_list:
                    rows.append(
                        [
                            "indicator",
                            indicator.title,
                            aim.title,
                            reading.date.isoformat(),
                            reading.value,
                            indicator.unit,
                            indicator.target,
                        ]
                    )
    return rows


def diversity_rows(day=None) -> list[list]:
    rows = []
    for snapshot in selectors.diversity_overview(day):
        full = selectors.snapshot_of(snapshot.group_key, snapshot.taken_on)
        rows.append(
            [
                "diversity",
                full.group_label,
                "Representation score",
                full.taken_on.isoformat(),
                full.score if full.score is not None else "",
                "score",
                "",
            ]
        )
        for row in full.row_list:
            rows.append(
                [
                    "diversity",
                    full.group_label,
                    f"{row.topic_label}: {row.label}",
                    full.taken_on.isoformat(),
                    row.percent if row.count is not None else selectors.SUPPRESSED,
                    "percent",
                    row.census,
                ]
            )
    return rows


def shift_rows() -> list[list]:
    data = selectors.shifts_over_time()
    rows = []
    for line in data["rows"]:
        for cell in line["cells"]:
            for rater in ("board", "team"):
                if cell[rater] is not None:
                    rows.append(
                        [
                            "shifts",
                            line["label"],
                            dict(choices.Rater.choices)[rater],
                            cell["round"].held_on.isoformat(),
                            cell[rater],
                            "score",
                            "",
                        ]
                    )
    return rows


def survey_rows() -> list[list]:
    rows = []
    for line in selectors.surveys_over_time():
        for question in line["questions"]:
            rows.append(
                [
                    "surveys",
                    question["text"],
                    line["survey"].title,
                    line["survey"].opened_on.isoformat() if line["survey"].opened_on else "",
                    question["agree"] if question["agree"] is not None else selectors.SUPPRESSED,
                    "percent agreeing",
                    "",
                ]
            )
    questions = [text for text, _easy in choices.DEFAULT_QUESTIONS]
    for dimension in selectors.RESULTS_BY:
        for line in selectors.survey_results_by(dimension)["rows"]:
            for text, share in zip(questions, line["agree"], strict=True):
                rows.append(
                    [
                        f"surveys by {dimension}",
                        text,
                        line["name"],
                        "",
                        share if share is not None else selectors.SUPPRESSED,
                        "percent agreeing",
                        "",
                    ]
                )
    return rows


OPEN_DATA_HEADER = ["dataset", "measure", "category", "period", "value", "unit", "comparison"]


def open_data_csv() -> str:
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6]] for r in indicator_rows()]
    rows += diversity_rows() + shift_rows() + survey_rows()
    return csv_text(OPEN_DATA_HEADER, rows)


def data_dictionary_csv() -> str:
    return csv_text(["column", "meaning"], [list(line) for line in DATA_DICTIONARY])


def report_figures(year: int) -> dict:
    """The figures an annual report freezes when it is published: plain JSON (strings for decimals)."""
    starts, ends = year_bounds(year)
    indicators = []
    for aim in selectors.aims_tree():
        for outcome in aim.outcome_list:
            for indicator in outcome.indicator_list:
                within = [r for r in indicator.reading_list if starts <= r.date < ends]
                if not within:
                    continue
                indicators.append(
                    {
                        "aim": aim.title,
                        "title": indicator.title,
                        "unit": indicator.unit,
                        "value": _plain(within[-1].value),
                        "date": within[-1].date.isoformat(),
                        "first": _plain(within[0].value),
                        "target": _plain(indicator.target),
                    }
                )
    snapshots = [s for s in selectors.diversity_overview() if not s.group_key.startswith("project:")]
    diversity = []
    for snapshot in snapshots:
        full = selectors.snapshot_of(snapshot.group_key, snapshot.taken_on)
        diversity.append(
            {
                "group": full.group_label,
                "score": _plain(full.score),
                "taken_on": full.taken_on.isoformat(),
                "gaps": [f"{row.topic_label}: {row.label}" for row in full.gaps],
            }
        )
    involved = next((s for s in snapshots if s.group_key == "involved"), None)
    involved_topics = []
    if involved:
        full = selectors.snapshot_of("involved", involved.taken_on)
        for topic in full.topics:
            involved_topics.append(
                {
                    "heading": topic["heading"],
                    "rows": [
                        {
                            "label": r.label,
                            "percent": _plain(r.percent) if r.count is not None else selectors.SUPPRESSED,
                            "census": _plain(r.census),
                        }
                        for r in topic["rows"]
                    ],
                }
            )
    stories = [
        {"project": u.project.title, "you_said": u.you_said, "we_did": u.we_did, "date": u.date.isoformat()}
        for u in projects_selectors.published_updates_between(starts, ends)
    ]
    shifts = selectors.shifts_over_time()
    latest_round = shifts["rounds"][-1] if shifts["rounds"] else None
    shift_scores = []
    if latest_round:
        for line in shifts["rows"]:
            cell = line["cells"][-1]
            shift_scores.append({"shift": line["label"], "board": cell["board"], "team": cell["team"]})
    return {
        "period": {"starts": starts.isoformat(), "ends": (ends - datetime.timedelta(days=1)).isoformat()},
        "indicators": indicators,
        "diversity": diversity,
        "involved_profile": involved_topics,
        "stories": stories,
        "shifts": {"round": latest_round.name if latest_round else "", "scores": shift_scores},
    }
