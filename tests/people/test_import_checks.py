"""Reading and checking an uploaded CSV of contacts: encodings, headings, malformed files, row problems,
duplicates and formula-like text."""

import pytest

from coproduce.people import imports
from coproduce.people.models import LivedExperienceArea

from .transfer_support import HEADINGS, contact, csv_text, make_person

pytestmark = pytest.mark.django_db


def statuses(report):
    return [(row.number, row.status) for row in report.rows]


# --- Encodings and unreadable files ----------------------------------------------------------------------


def test_it_reads_utf8_with_and_without_a_byte_order_mark():
    text = csv_text([contact(1, **{"Full name": "Zoë Ångström"})])
    assert imports.decode(text.encode("utf-8")) == text
    assert imports.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_it_reads_windows_1252_as_excel_saves_it():
    text = csv_text([contact(1, **{"Full name": "Zoë O’Brien", "Postcode": "WY1 1AA"})])
    decoded = imports.decode(text.encode("cp1252"))
    report = imports.check(decoded)
    assert report.rows[0].values["full_name"] == "Zoë O’Brien"


def test_it_refuses_bytes_no_supported_encoding_can_read():
    with pytest.raises(imports.ImportFileError, match="could not be read"):
        imports.decode(b"Full name\n\x81\x8d\x8f\x90\x9d\xff\xfe")


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_it_refuses_an_empty_file(data):
    with pytest.raises(imports.ImportFileError, match="empty"):
        imports.decode(data)


def test_it_refuses_a_spreadsheet_that_is_not_csv():
    with pytest.raises(imports.ImportFileError, match="not a CSV file"):
        imports.decode(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")


def test_it_refuses_malformed_csv_with_an_unclosed_quote():
    text = 'Full name,Consent to contact,Consent method\n"Ann Smith,yes,paper\n'
    with pytest.raises(imports.ImportFileError, match="not a well-formed CSV"):
        imports.check(text)


def test_it_refuses_a_cell_too_big_for_a_contact_list():
    text = csv_text([contact(1, **{"Full name": "x" * (imports.MAX_CELL + 1)})])
    with pytest.raises(imports.ImportFileError, match="longer than"):
        imports.check(text)


def test_it_refuses_a_cell_bigger_than_the_csv_reader_allows_without_crashing():
    text = 'Full name,Consent to contact,Consent method\n"' + "y" * 200_000 + '",yes,paper\n'
    with pytest.raises(imports.ImportFileError):
        imports.check(text)


def test_it_refuses_more_rows_than_the_limit(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    with pytest.raises(imports.ImportFileError, match="more than 3 rows"):
        imports.check(csv_text([contact(n) for n in range(4)]))


# --- Headings ---------------------------------------------------------------------------------------------


def test_it_matches_headings_whatever_their_case_spaces_or_underscores():
    text = csv_text(
        [["Ann", "Smith", "ANN@EXAMPLE.TEST", "Yes", "In person"]],
        headings=["FIRST NAME", "surname", "Email_Address", "consent-to-contact", "How consent was taken"],
    )
    row = imports.check(text).rows[0]
    assert row.status == "ready"
    assert row.values["full_name"] == "Ann Smith"
    assert row.values["email"] == "ann@example.test"
    assert row.values["consent_method"] == "in_person"


def test_it_lists_columns_it_does_not_recognise():
    text = csv_text(
        [["Ann Smith", "yes", "phone", "red"]], ["Name", "Consent to contact", "Consent method", "Shoe"]
    )
    report = imports.check(text)
    assert report.ignored_headings == ["Shoe"]
    assert report.columns == ["full_name", "consent_to_contact", "consent_method"]


@pytest.mark.parametrize(
    ("headings", "message"),
    [
        (["Email", "Consent to contact", "Consent method"], "full name"),
        (["First name", "Consent to contact", "Consent method"], "full name"),
        (["Full name", "Consent method"], "consent to contact"),
        (["Full name", "Consent to contact"], "consent method"),
        (["Full name", "Name", "Consent to contact", "Consent method"], "two columns"),
    ],
)
def test_it_refuses_files_without_the_columns_it_needs(headings, message):
    with pytest.raises(imports.ImportFileError, match=message):
        imports.check(csv_text([["a"] * len(headings)], headings))


def test_it_refuses_a_file_with_headings_but_no_contacts():
    with pytest.raises(imports.ImportFileError, match="no rows"):
        imports.check(csv_text([]))


# --- Row problems -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"Email": "not-an-email"}, "Email is not a valid address"),
        ({"Lived experience": "Mental health; Astrology"}, "Unknown lived-experience area ‘Astrology’"),
        ({"Interests": "Knitting"}, "Unknown interest ‘Knitting’"),
        ({"Phone": "call me"}, "Phone is not a valid phone number"),
        ({"Phone": "123"}, "Phone is not a valid phone number"),
        ({"Postcode": "NOWHERE"}, "Postcode is not a valid UK postcode"),
        ({"Consent to contact": "maybe"}, "Consent to contact must be yes or no"),
        ({"Consent to contact": ""}, "Consent to contact must be yes or no"),
        ({"Consent method": "telepathy"}, "How consent was taken must be online, phone, paper or in person"),
        ({"Full name": ""}, "Enter a full name (or a first and last name)"),
        ({"Full name": "N" * 151}, "Full name must be 150 characters or fewer"),
    ],
)
def test_it_reports_each_problem_in_plain_english(overrides, problem):
    report = imports.check(csv_text([contact(1), contact(2, **overrides)]))
    assert statuses(report) == [(2, "ready"), (3, "problem")]
    assert problem in report.rows[1].problems


def test_it_reports_every_problem_of_a_row():
    report = imports.check(csv_text([contact(1, Email="x", **{"Consent method": "?"})]))
    assert len(report.rows[0].problems) == 2


def test_it_reports_a_row_with_more_cells_than_headings():
    text = csv_text([contact(1) + ["extra"]])
    assert "more cells" in imports.check(text).rows[0].problems[0]


def test_it_ignores_inactive_lived_experience_areas():
    LivedExperienceArea.objects.filter(name="Mental health").update(active=False)
    row = imports.check(csv_text([contact(1)])).rows[0]
    assert "Unknown lived-experience area ‘Mental health’" in row.problems


def test_it_accepts_labels_and_values_in_any_case():
    headings = [
        "Name",
        "Formats",
        "Access needs",
        "Preferred contact",
        "Consent to contact",
        "Consent method",
    ]
    text = csv_text(
        [["Ann", "EASY READ; bsl; Large print", "step_free; A quiet room", "Text message", "Y", "online"]],
        headings,
    )
    row = imports.check(text).rows[0]
    assert row.status == "ready", row.problems
    assert row.values["formats"] == ["easy_read", "bsl", "large_print"]
    assert row.values["access_needs"] == ["step_free", "quiet_room"]
    assert row.values["preferred_contact"] == "text"
    assert row.values["consent_to_contact"] is True


def test_it_numbers_rows_as_the_spreadsheet_does_and_skips_blank_ones():
    text = csv_text([contact(1), ["", "", "", "", "", "", "", ""], contact(2, Email="bad")])
    assert statuses(imports.check(text)) == [(2, "ready"), (4, "problem")]


def test_it_stores_formula_like_text_as_written():
    formula = '=HYPERLINK("http://evil.example","click")'
    report = imports.check(
        csv_text([contact(1, **{"Full name": formula}), contact(2, **{"Full name": "@SUM(A1)"})])
    )
    assert [row.values["full_name"] for row in report.rows] == [formula, "@SUM(A1)"]
    assert all(row.status == "ready" for row in report.rows)


def test_it_takes_back_the_apostrophe_its_own_export_adds():
    report = imports.check(csv_text([contact(1, Phone="'+44 7700 900001")]))
    assert report.rows[0].values["phone"] == "+44 7700 900001"


# --- Duplicates -------------------------------------------------------------------------------------------


def test_it_skips_later_rows_with_the_same_email_or_phone_as_an_earlier_row():
    rows = [
        contact(1),
        contact(2, Email="IMPORTED1@example.test"),
        contact(3, Phone="+44 7700 900001"),
        contact(4),
    ]
    report = imports.check(csv_text(rows))
    assert statuses(report) == [(2, "ready"), (3, "skip"), (4, "skip"), (5, "ready")]
    assert report.rows[1].skip_reason == "Same email address as row 2"
    assert report.rows[2].skip_reason == "Same phone number as row 2"
    assert (report.ready_count, report.skip_count, report.problem_count) == (2, 2, 0)


def test_it_skips_people_already_in_the_directory_by_email_or_phone():
    make_person(email="Imported1@Example.test")
    make_person(email="", phone="(07700) 900002")
    report = imports.check(csv_text([contact(1), contact(2), contact(3)]))
    assert statuses(report) == [(2, "skip"), (3, "skip"), (4, "ready")]
    assert report.rows[0].skip_reason == "Already in the directory (same email address)"
    assert report.rows[1].skip_reason == "Already in the directory (same phone number)"


def test_erased_people_do_not_count_as_duplicates():
    from django.utils import timezone

    make_person(email="imported1@example.test", erased_at=timezone.now())
    assert statuses(imports.check(csv_text([contact(1)]))) == [(2, "ready")]


def test_a_problem_outranks_a_duplicate():
    make_person(email="imported1@example.test")
    report = imports.check(csv_text([contact(1, Postcode="nope")]))
    assert report.rows[0].status == "problem"


def test_the_documented_headings_include_every_column_of_the_sample():
    known = {name for names in imports.ACCEPTED_HEADINGS.values() for name in names}
    assert {imports.normalise_heading(heading) for heading in HEADINGS} <= known
