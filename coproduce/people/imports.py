"""Importing an existing spreadsheet of contacts (CSV) into the directory.

Three steps: the officer uploads a file (kept server-side as a PendingImport, never in hidden form fields),
sees a row-by-row report, and confirms. Confirming validates the stored file again and creates everyone in
one transaction: if any row has a problem by then, nothing is saved.

Duplicates (the same normalised email or phone as an earlier row of the file, or as someone already in the
directory) are not problems: those rows are skipped, and the report says so.

Cell text is stored as text. Nothing in a cell is ever evaluated, so a cell starting with = + - @ is kept as
written (exports neutralise such cells again for spreadsheet programs).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError

from . import choices
from .models import (
    Consent,
    Interest,
    LivedExperienceArea,
    PendingImport,
    Person,
    normalise_phone,
    normalise_postcode,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
PENDING_LIFETIME = datetime.timedelta(days=1)
LOOKUP_BATCH = 500

# The headings the importer understands (compared in lower case, with spaces, underscores and hyphens
# treated alike). Shown on the upload page, so keep them plain.
ACCEPTED_HEADINGS: dict[str, tuple[str, ...]] = {
    "full_name": ("full name", "name"),
    "first_name": ("first name", "given name", "forename"),
    "last_name": ("last name", "surname", "family name"),
    "preferred_name": ("preferred name", "known as"),
    "email": ("email", "email address"),
    "phone": ("phone", "phone number", "telephone", "mobile"),
    "address": ("address",),
    "postcode": ("postcode", "post code"),
    "preferred_contact": ("preferred contact", "contact by"),
    "lived_experience": ("lived experience",),
    "interests": ("interests",),
    "formats": ("formats",),
    "other_language": ("other language",),
    "access_needs": ("access needs",),
    "access_needs_detail": ("access needs detail",),
    "consent_to_contact": ("consent to contact",),
    "consent_method": ("consent method", "how consent was taken"),
}
HEADING_LABELS = {key: names[0] for key, names in ACCEPTED_HEADINGS.items()}
_HEADING_LOOKUP = {name: key for key, names in ACCEPTED_HEADINGS.items() for name in names}

MAX_LENGTHS = {
    "full_name": 150,
    "preferred_name": 80,
    "email": 254,
    "phone": 40,
    "address": 500,
    "postcode": 10,
    "other_language": 80,
    "access_needs_detail": 2000,
}
# Cells of any column (recognised or not) longer than this make the file unreadable as a contact list.
MAX_CELL = 10_000

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
PHONE_CHARACTERS = re.compile(r"^[\d\s()+\-.]+$")
NEUTRALISED_FORMULA = re.compile(r"^'[=+\-@]")

CONSENT_METHOD_ALIASES = {"in person": "in_person", "face to face": "in_person", "telephone": "phone"}


class ImportFileError(ServiceError, ValueError):
    """The upload cannot be read as a contact list at all (the message is for the officer)."""


class ImportRefused(ConflictError):
    """Confirming found problems: nothing was imported."""

    def __init__(self, report: Report):
        super().__init__(f"{report.problem_count} rows have problems")
        self.report = report


@dataclass
class Row:
    number: int  # the spreadsheet's row number (the headings are row 1)
    name: str
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skip_reason: str = ""

    @property
    def status(self) -> str:
        if self.problems:
            return "problem"
        return "skip" if self.skip_reason else "ready"


@dataclass
class Report:
    rows: list[Row]
    columns: list[str]  # recognised column keys, in file order
    ignored_headings: list[str]

    def with_status(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.status == status]

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def skip_count(self) -> int:
        return sum(1 for row in self.rows if row.status == "skip")

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.rows if row.status == "ready")


# --- Reading the file ------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Text of an upload: UTF-8 (with or without a byte-order mark), else Windows-1252 (Excel's "CSV")."""
    if not data.strip():
        raise ImportFileError("The selected file is empty")
    if b"\x00" in data:
        raise ImportFileError(
            "The selected file is not a CSV file. If it is a spreadsheet, "
            "save it as “CSV UTF-8” and upload that"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "The selected file could not be read: save it as “CSV UTF-8” (or Windows CSV) and upload it again"
    )


def normalise_heading(heading: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", heading).lower().split()).rstrip("?:")


def read_table(text: str) -> tuple[list[str | None], list[str], list[tuple[int, list[str]]]]:
    """Column keys (None for unrecognised columns), the unrecognised headings, and the non-blank data rows
    with their spreadsheet row numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        headings = next(reader, None)
        if not headings or not any(cell.strip() for cell in headings):
            raise ImportFileError("The first row of the file must be the column headings")
        keys: list[str | None] = []
        ignored: list[str] = []
        for heading in headings:
            key = _HEADING_LOOKUP.get(normalise_heading(heading))
            if key is not None and key in keys:
                raise ImportFileError(f"The file has two columns for “{HEADING_LABELS[key]}”: keep one")
            keys.append(key)
            if key is None and heading.strip():
                ignored.append(heading.strip()[:80])
        rows = []
        for number, cells in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows: split it into smaller ones")
            if any(len(cell) > MAX_CELL for cell in cells):
                raise ImportFileError(
                    f"Row {number} has a cell longer than {MAX_CELL:,} characters: "
                    "check it is a list of contacts"
                )
            if any(cell.strip() for cell in cells):
                rows.append((number, cells))
    except csv.Error as error:
        raise ImportFileError(
            f"The file is not a well-formed CSV file (near line {reader.line_num}: {error})"
        ) from None
    present = set(keys)
    if "full_name" not in present and not {"first_name", "last_name"} <= present:
        raise ImportFileError("The file needs a “full name” column (or “first name” and “last name” columns)")
    for required in ("consent_to_contact", "consent_method"):
        if required not in present:
            raise ImportFileError(f"The file needs a “{HEADING_LABELS[required]}” column")
    if not rows:
        raise ImportFileError("The file has column headings but no rows of contacts")
    return keys, ignored, rows


# --- Checking each row -----------------------------------------------------------------------------------


def _cell(value: str) -> str:
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    # Our own exports put an apostrophe before = + - @ so spreadsheets show them as text; undo that.
    return value[1:] if NEUTRALISED_FORMULA.match(value) else value


def _choice(text: str, options, aliases: dict[str, str] | None = None) -> str | None:
    wanted = " ".join(text.lower().replace("_", " ").split())
    for value, label in options:
        if wanted in (value.replace("_", " "), label.lower()):
            return value
    return (aliases or {}).get(wanted)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Checker:
    def __init__(self):
        self.areas = {area.name.lower(): area.pk for area in LivedExperienceArea.objects.filter(active=True)}
        self.interests = {item.name.lower(): item.pk for item in Interest.objects.filter(active=True)}

    def row(self, number: int, keys: list[str | None], cells: list[str]) -> Row:
        raw = {key: _cell(cell) for key, cell in zip(keys, cells, strict=False) if key}
        row = Row(number=number, name="")
        if len(cells) > len(keys):
            row.problems.append("The row has more cells than the file has column headings")
        name = raw.get("full_name") or " ".join(
            part for part in (raw.get("first_name", ""), raw.get("last_name", "")) if part
        )
        row.name = _short(name or raw.get("preferred_name", ""))
        values = {"full_name": name}
        if not name:
            row.problems.append("Enter a full name (or a first and last name)")
        for key in ("preferred_name", "address", "other_language", "access_needs_detail"):
            values[key] = raw.get(key, "")
        self._contact(raw, values, row.problems)
        self._lists(raw, values, row.problems)
        self._consent(raw, values, row.problems)
        for key, limit in MAX_LENGTHS.items():
            if len(values.get(key) or "") > limit:
                label = HEADING_LABELS[key].capitalize()
                row.problems.append(f"{label} must be {limit:,} characters or fewer")
        row.values = values
        return row

    def _contact(self, raw, values, problems):
        email = raw.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append("Email is not a valid address")
        values["email"] = email.lower()
        phone = raw.get("phone", "")
        if phone and (not PHONE_CHARACTERS.match(phone) or not 7 <= len(re.sub(r"\D", "", phone)) <= 15):
            problems.append("Phone is not a valid phone number")
        values["phone"] = phone
        postcode = normalise_postcode(raw.get("postcode", ""))
        if postcode:
            match = POSTCODE.match(postcode)
            if match:
                postcode = f"{match.group(1)} {match.group(2)}"
            else:
                problems.append("Postcode is not a valid UK postcode")
        values["postcode"] = postcode
        method = raw.get("preferred_contact", "")
        values["preferred_contact"] = ""
        if method:
            found = _choice(method, choices.ContactMethod.choices, {"telephone": "phone", "sms": "text"})
            if found is None:
                problems.append("Preferred contact must be email, phone, text or post")
            else:
                values["preferred_contact"] = found

    def _lists(self, raw, values, problems):
        values["lived_experience"] = []
        for item in _items(raw.get("lived_experience", "")):
            if item.lower() in self.areas:
                values["lived_experience"].append(self.areas[item.lower()])
            else:
                problems.append(f"Unknown lived-experience area ‘{_short(item)}’")
        values["interests"] = []
        for item in _items(raw.get("interests", "")):
            if item.lower() in self.interests:
                values["interests"].append(self.interests[item.lower()])
            else:
                problems.append(f"Unknown interest ‘{_short(item)}’")
        values["formats"] = []
        for item in _items(raw.get("formats", "")):
            found = _choice(item, choices.Format.choices, {"bsl": "bsl", "british sign language": "bsl"})
            if found is None:
                problems.append(f"Unknown format ‘{_short(item)}’")
            elif found not in values["formats"]:
                values["formats"].append(found)
        values["access_needs"] = []
        for item in _items(raw.get("access_needs", "")):
            found = _choice(item, choices.AccessNeed.choices)
            if found is None:
                problems.append(
                    f"Unknown access need ‘{_short(item)}’ "
                    "(put other needs in the “access needs detail” column)"
                )
            elif found not in values["access_needs"]:
                values["access_needs"].append(found)

    def _consent(self, raw, values, problems):
        answer = raw.get("consent_to_contact", "").lower()
        if answer in YES:
            values["consent_to_contact"] = True
        elif answer in NO:
            values["consent_to_contact"] = False
        else:
            problems.append("Consent to contact must be yes or no")
        method = raw.get("consent_method", "")
        found = _choice(method, choices.ConsentMethod.choices, CONSENT_METHOD_ALIASES) if method else None
        if found is None:
            problems.append("How consent was taken must be online, phone, paper or in person")
        values["consent_method"] = found or ""


def _existing_matches(emails: set[str], phones: set[str]) -> tuple[set[str], set[str]]:
    """Which of these normalised emails and phones already belong to someone in the directory."""
    found_emails: set[str] = set()
    found_phones: set[str] = set()
    lookups = ((emails, "email_search", found_emails), (phones, "phone_search", found_phones))
    for values, column, found in lookups:
        ordered = sorted(values)
        for start in range(0, len(ordered), LOOKUP_BATCH):
            batch = ordered[start : start + LOOKUP_BATCH]
            found.update(
                Person.objects.current().filter(Q(**{f"{column}__in": batch})).values_list(column, flat=True)
            )
    return found_emails, found_phones


def _mark_duplicates(rows: list[Row]) -> None:
    keys = []
    for row in rows:
        email = row.values.get("email", "").strip().lower()
        phone = normalise_phone(row.values.get("phone", ""))
        keys.append((email, phone))
    existing_emails, existing_phones = _existing_matches(
        {email for email, _ in keys if email}, {phone for _, phone in keys if phone}
    )
    first_with_email: dict[str, int] = {}
    first_with_phone: dict[str, int] = {}
    for row, (email, phone) in zip(rows, keys, strict=True):
        if email and email in existing_emails:
            row.skip_reason = "Already in the directory (same email address)"
        elif phone and phone in existing_phones:
            row.skip_reason = "Already in the directory (same phone number)"
        elif email and email in first_with_email:
            row.skip_reason = f"Same email address as row {first_with_email[email]}"
        elif phone and phone in first_with_phone:
            row.skip_reason = f"Same phone number as row {first_with_phone[phone]}"
        if email:
            first_with_email.setdefault(email, row.number)
        if phone:
            first_with_phone.setdefault(phone, row.number)


def check(text: str) -> Report:
    """The row-by-row report for a file's text (raises ImportFileError when it cannot be read at all)."""
    keys, ignored, table = read_table(text)
    checker = _Checker()
    rows = [checker.row(number, keys, cells) for number, cells in table]
    _mark_duplicates(rows)
    columns = [key for key in keys if key]
    return Report(rows=rows, columns=columns, ignored_headings=ignored)


# --- Pending uploads -------------------------------------------------------------------------------------


def pending_for(token: str, user) -> PendingImport | None:
    """The upload with this token, if `user` uploaded it and it has not expired."""
    return PendingImport.objects.filter(
        token=token, uploaded_by=user, uploaded_at__gte=timezone.now() - PENDING_LIFETIME
    ).first()


def cancel(pending: PendingImport) -> None:
    pending.delete()


def sweep_pending() -> int:
    """Delete uploads nobody confirmed within a day (they hold personal data). Returns how many."""
    deleted, _ = PendingImport.objects.filter(uploaded_at__lt=timezone.now() - PENDING_LIFETIME).delete()
    return deleted


# --- Importing -------------------------------------------------------------------------------------------


def _new_person(values: dict, *, actor, now) -> Person:
    person = Person(
        full_name=values["full_name"],
        preferred_name=values["preferred_name"],
        email=values["email"],
        phone=values["phone"],
        address=values["address"],
        postcode=values["postcode"],
        preferred_contact=values["preferred_contact"],
        formats=values["formats"],
        other_language=values["other_language"],
        access_needs=values["access_needs"],
        access_needs_detail=values["access_needs_detail"],
        consents_to_contact=values["consent_to_contact"],
        registered_at=now,
        registered_by=actor,
    )
    return person


def confirm_import(pending: PendingImport, *, actor, request=None) -> Report:
    """Check the stored file again and create every ready row, all or nothing.

    Each person is registered by `actor` with a "contact" consent decision (a Consent row, taken the way
    the file says, and Person.consents_to_contact in step, as services.record_consent keeps them). Rows are
    written in bulk and audited once, as "people.imported": its object id is the number of people created
    and its fields the columns imported plus "consent.contact". (Calling record_consent per row wrote an
    audit event per row: 5,000 rows took 47 s on SQLite, longer than a request may last.)

    Raises ImportRefused (nothing saved) when any row has a problem; the upload is deleted once imported.
    """
    with transaction.atomic():
        report = check(pending.content)
        if report.problem_count:
            raise ImportRefused(report)
        ready = report.with_status("ready")
        now = timezone.now()
        people = Person.objects.bulk_create(
            [_new_person(row.values, actor=actor, now=now) for row in ready], batch_size=LOOKUP_BATCH
        )
        area_links, interest_links, consents = [], [], []
        for person, row in zip(people, ready, strict=True):
            values = row.values
            area_links += [
                Person.lived_experience.through(person_id=person.pk, livedexperiencearea_id=area)
                for area in values["lived_experience"]
            ]
            interest_links += [
                Person.interests.through(person_id=person.pk, interest_id=interest)
                for interest in values["interests"]
            ]
            consents.append(
                Consent(
                    person_id=person.pk,
                    purpose=choices.ConsentPurpose.CONTACT,
                    given=values["consent_to_contact"],
                    method=values["consent_method"],
                    recorded_at=now,
                    recorded_by=actor,
                )
            )
        Person.lived_experience.through.objects.bulk_create(area_links, batch_size=LOOKUP_BATCH)
        Person.interests.through.objects.bulk_create(interest_links, batch_size=LOOKUP_BATCH)
        Consent.objects.bulk_create(consents, batch_size=LOOKUP_BATCH)
        record(
            "people.imported",
            actor=actor,
            obj=("people.import", str(len(people))),
            changed_fields=[*report.columns, "consent.contact"],
            request=request,
        )
        pending.delete()
    return report
