"""CSV downloads: written a row at a time (so a large export streams in constant memory) and safe to open in
a spreadsheet program."""

import csv
from collections.abc import Iterable, Iterator

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """The value as text a spreadsheet program will show, never run."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Each row as one line of CSV, every cell made safe with spreadsheet_cell()."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([spreadsheet_cell(value) for value in row])
