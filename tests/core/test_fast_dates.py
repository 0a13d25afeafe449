"""The `date` filter written in Python gives Django's output to the letter, and leaves what it does not know
to Django."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Engine, Template
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.core.templatetags import govuk

FORMATS = [
    "j F Y", "j M Y", "j F Y, H:i", "Y-m-d", "j M Y, H:i", "c", "j F", "H:i", "g:i a", "l j F Y",
    "j M Y H:i", "M Y", "F Y", "l j F Y, H:i", "j M H:i", "H:i \\o\\n j F Y", "D d/m/y n G:s", "DATE_FORMAT",
]  # fmt: skip

moments = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),
    max_value=datetime.datetime(2200, 12, 31),
    timezones=st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/London")]),
)


@settings(max_examples=300, deadline=None)
@given(moment=moments, format_string=st.sampled_from(FORMATS))
def test_the_filter_writes_what_djangos_writes(moment, format_string):
    ours = Template("{{ value|date:format }}")
    djangos = Engine(libraries={}, builtins=[]).from_string("{{ value|date:format }}")
    with timezone.override("Europe/London"):
        for value in (moment, moment.date(), moment.replace(tzinfo=None)):
            context = {"value": value, "format": format_string}
            assert _written(ours, context) == _written(djangos, context)


def _written(template, context):
    try:
        return template.render(Context(context))
    except TypeError as refused:  # Django refuses a time format for a date
        return f"refused: {refused}"


def test_unknown_values_and_formats_go_to_django():
    assert govuk.date("", "j F Y") == ""
    assert govuk.date(None, "j F Y") == ""
    with pytest.raises(TypeError):  # Django refuses a time format for a date, and so does this filter
        govuk.date(datetime.date(2026, 12, 4), "H:i")
    assert govuk.date(datetime.date(2026, 12, 4), "l j F Y") == "Friday 4 December 2026"
    assert govuk._compiled("j F Y") is not None and govuk._compiled("g:i a") is None
