"""Helpers for the import, export and retention tests."""

from __future__ import annotations

import csv
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.people.models import Person

_numbers = itertools.count(1)

HEADINGS = [
    "Full name",
    "Email",
    "Phone",
    "Postcode",
    "Lived experience",
    "Interests",
    "Consent to contact",
    "Consent method",
]


def csv_text(rows: list[list[str]], headings: list[str] = HEADINGS) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue()


def contact(n: int, **overrides) -> list[str]:
    """One good row in HEADINGS order."""
    values = {
        "Full name": f"Imported Person{n}",
        "Email": f"imported{n}@example.test",
        "Phone": f"07700 9{n:05d}",
        "Postcode": "WY1 1AA",
        "Lived experience": "Mental health; Unpaid carer",
        "Interests": "Housing",
        "Consent to contact": "yes",
        "Consent method": "paper",
    }
    values.update(overrides)
    return [values[heading] for heading in HEADINGS]


def upload(text: str | bytes, name: str = "contacts.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def make_person(**fields) -> Person:
    number = next(_numbers)
    values = {
        "full_name": f"Existing Person{number}",
        "email": f"existing{number}@example.test",
        "phone": f"07700 8{number:05d}",
    }
    values.update(fields)
    person = Person(**values)
    person.save()
    return person
