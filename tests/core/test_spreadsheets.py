from coproduce.core.spreadsheets import csv_lines, spreadsheet_cell


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text():
    for risky in ("=SUM(A1:A9)", "+44 1632 960000", "-1", "@cmd", "\tx"):
        assert spreadsheet_cell(risky) == f"'{risky}"
    assert spreadsheet_cell("Morgan") == "Morgan"
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell(12) == "12"


def test_rows_become_csv_lines_one_at_a_time():
    lines = csv_lines([["name", "note"], ["Ash, Jo", '=HYPERLINK("x")']])
    assert next(lines) == "name,note\r\n"
    assert next(lines) == '"Ash, Jo","\'=HYPERLINK(""x"")"\r\n'
