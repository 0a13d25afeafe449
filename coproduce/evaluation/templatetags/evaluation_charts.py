"""Accessible SVG charts: each has a title and a description (role="img", aria-labelledby), draws values as
labelled bars or marked points (never colour alone: the comparison bar is outlined and hatched, each value
is written beside its bar), and is followed by a table of the same numbers."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()
_ids = itertools.count(1)

BAR_HEIGHT = 14
ROW_GAP = 10
LABEL_WIDTH = 0  # labels sit above the bars so the chart fits a 320px phone
WIDTH = 420


def _text(value) -> str:
    """A value written as `{{ value }}` writes it (localized, escaped)."""
    return conditional_escape(str(localize(value)))


def _or(value, default) -> str:
    """`{{ value|default:"…" }}`."""
    return _text(value if value else default)


def _bars_markup(bars, uid, value_label, comparison_label, unit) -> str:
    """The bars of `bar_chart`'s SVG, written in Python once per chart rather than through a dozen template
    nodes per bar (a diversity page draws eight charts of up to twenty bars)."""
    value_label, comparison_label, unit = _text(value_label), _text(comparison_label), _text(unit)
    parts = []
    for bar in bars:
        parts.append(
            f'<text x="0" y="{bar["label_y"]}" font-size="12" fill="#0b0c0c">{_text(bar["label"])}</text>'
        )
        if bar["value_width"]:
            parts.append(
                f'<rect x="0" y="{bar["value_y"]}" width="{_text(bar["value_width"])}" height="{BAR_HEIGHT}" '
                'fill="#1d70b8"/>'
            )
        parts.append(
            f'<text x="{_text(bar["value_text_x"])}" y="{bar["value_y"] + 11}" font-size="11" fill="#0b0c0c">'
            f"{value_label}: {_or(bar['value_text'], 'none')}{unit if bar['value_width'] else ''}</text>"
        )
        if bar["comparison_y"] is not None:
            parts.append(
                f'<rect x="0" y="{bar["comparison_y"]}" width="{_text(bar["comparison_width"])}" '
                f'height="{BAR_HEIGHT}" fill="url(#hatch-{uid})" stroke="#0b0c0c"/>'
                f'<text x="{_text(bar["comparison_text_x"])}" y="{bar["comparison_y"] + 11}" font-size="11" '
                f'fill="#0b0c0c">{comparison_label}: {_text(bar["comparison_text"])}{unit}</text>'
            )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped by _text


NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'
ROW_HEADER = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'


def _table_rows_markup(rows, has_comparison) -> str:
    parts = []
    for row in rows:
        comparison = f"{NUMERIC_CELL}{_or(row.get('comparison'), 'no figure')}</td>" if has_comparison else ""
        parts.append(
            f"{ROW_HEADER}{_text(row['label'])}</th>"
            f"{NUMERIC_CELL}{_or(row.get('value'), 'none')}</td>"
            f"{comparison}</tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped by _text


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except Exception:  # noqa: BLE001 - "fewer than 10" and other text draw no bar
        return None


@register.inclusion_tag("evaluation/manage/charts/bars.html")
def bar_chart(
    title, description, rows, value_label="Group", comparison_label="Census", unit="%", maximum=None
):
    """`rows`: dicts with label, value and (optional) comparison. Text values (e.g. "fewer than 10") draw no
    bar and are written out instead."""
    uid = next(_ids)
    numbers = [
        n
        for row in rows
        for n in (_number(row.get("value")), _number(row.get("comparison")))
        if n is not None
    ]
    top = Decimal(str(maximum)) if maximum else max(numbers + [Decimal(1)])
    bars = []
    y = 0
    for row in rows:
        value = _number(row.get("value"))
        comparison = _number(row.get("comparison"))
        item = {
            "label": row["label"],
            "label_y": y + 12,
            "value_text": row.get("value"),
            "comparison_text": row.get("comparison"),
        }
        y += 18
        item["value_y"] = y
        item["value_width"] = float(value / top * (WIDTH - 60)) if value is not None else 0
        item["value_text_x"] = item["value_width"] + 4
        y += BAR_HEIGHT + 2
        item["comparison_y"] = y if comparison is not None else None
        item["comparison_width"] = float(comparison / top * (WIDTH - 60)) if comparison is not None else 0
        item["comparison_text_x"] = item["comparison_width"] + 4
        if comparison is not None:
            y += BAR_HEIGHT
        y += ROW_GAP
        bars.append(item)
    has_comparison = any(_number(r.get("comparison")) is not None for r in rows)
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "bars_markup": _bars_markup(bars, uid, value_label, comparison_label, unit),
        "rows_markup": _table_rows_markup(rows, has_comparison),
        "height": y + 4,
        "width": WIDTH,
        "bar_height": BAR_HEIGHT,
        "value_label": value_label,
        "comparison_label": comparison_label,
        "unit": unit,
        "has_comparison": has_comparison,
    }


@register.inclusion_tag("evaluation/manage/charts/line.html")
def line_chart(title, description, points, unit="", target=None):
    """`points`: dicts with label (x) and value (y); drawn as a line with a labelled circle at each point."""
    uid = next(_ids)
    values = [_number(p["value"]) for p in points]
    known = [v for v in values if v is not None]
    target_value = _number(target)
    top = max(known + ([target_value] if target_value is not None else []) + [Decimal(1)])
    bottom = min(known + [Decimal(0)])
    span = (top - bottom) or Decimal(1)
    height, left, right = 160, 10, WIDTH - 10
    step = (right - left) / max(len(points) - 1, 1)
    marks = []
    for index, (point, value) in enumerate(zip(points, values, strict=True)):
        if value is None:
            continue
        x = left + index * step
        y = 20 + float((top - value) / span) * (height - 50)
        marks.append({"x": round(x, 1), "y": round(y, 1), "label": point["label"], "value": point["value"]})
    path = " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(marks))
    target_y = (
        round(20 + float((top - target_value) / span) * (height - 50), 1)
        if target_value is not None
        else None
    )
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "marks": marks,
        "path": path,
        "height": height,
        "width": WIDTH,
        "unit": unit,
        "points": points,
        "target": target,
        "target_y": target_y,
        "first": marks[0] if marks else None,
        "last": marks[-1] if marks else None,
    }
