"""The Census 2021 baseline: found beside the repository or through COPRODUCE_CENSUS_DIR, loaded again
without duplicates, a clear message when the files are missing, and loaded by the demo."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from coproduce.people import census
from coproduce.people.models import CensusFigure

pytestmark = pytest.mark.django_db

CENSUS_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "census-2021"
HEADER = "area,topic,category,count,percent,universe,source_table,source_url\n"


def test_the_default_folder_is_shared_data_beside_the_repository(monkeypatch):
    monkeypatch.delenv("COPRODUCE_CENSUS_DIR", raising=False)
    assert census.census_dir() == CENSUS_DIR


def test_the_folder_can_be_set_by_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("COPRODUCE_CENSUS_DIR", str(tmp_path))
    assert census.census_dir() == tmp_path


def test_it_loads_every_file_and_loading_again_changes_nothing(capsys):
    call_command("load_census")
    first = list(
        CensusFigure.objects.order_by("dataset", "area", "universe", "category").values_list(
            "dataset", "area", "universe", "category", "count", "percent"
        )
    )
    rows_in_files = sum(len(path.read_text().splitlines()) - 1 for path in CENSUS_DIR.glob("*.csv"))
    assert len(first) == rows_in_files
    call_command("load_census")
    again = list(
        CensusFigure.objects.order_by("dataset", "area", "universe", "category").values_list(
            "dataset", "area", "universe", "category", "count", "percent"
        )
    )
    assert again == first
    assert "census figures" in capsys.readouterr().out


def test_it_keeps_both_ethnicity_files_apart_and_compares_with_the_eight_categories():
    census.load_census()
    assert CensusFigure.objects.filter(dataset="ethnic_group_5", category="White").exists()
    ethnicity = census.baseline()["ethnic_group"]
    assert "White" not in ethnicity
    assert ethnicity["White: English, Welsh, Scottish, Northern Irish or British"] == {
        "Oxfordshire": Decimal("77.50"),
        "England": Decimal("75.10"),
    }


def test_the_comparison_uses_residents_aged_16_and_over():
    census.load_census()
    disability = census.baseline()["disability"]
    limited_a_lot = "Disabled under the Equality Act: Day-to-day activities limited a lot"
    assert disability[limited_a_lot]["Oxfordshire"] == Decimal("5.78")  # not the all-ages 5.1
    assert census.baseline()["age_band"]["16-19"]["England"] == Decimal("5.60")  # not 4.56


def test_a_percent_only_row_is_loaded_with_no_count():
    census.load_census()
    row = CensusFigure.objects.get(
        dataset="disability", universe="All usual residents", category__startswith="Not"
    )
    assert row.count is None
    assert row.percent == Decimal("85.50")


def test_a_missing_folder_gives_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("COPRODUCE_CENSUS_DIR", str(tmp_path / "absent"))
    with pytest.raises(CommandError, match="does not exist.*COPRODUCE_CENSUS_DIR"):
        call_command("load_census")


def test_an_empty_folder_gives_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="has no CSV files"):
        call_command("load_census", "--dir", str(tmp_path))


def test_a_broken_file_is_named_and_nothing_already_loaded_is_lost(tmp_path):
    census.load_census()
    before = CensusFigure.objects.count()
    (tmp_path / "sex.csv").write_text(
        HEADER + "England,sex,Female,lots,51.56,Usual residents aged 16 and over,RM163,\n"
    )
    with pytest.raises(census.CensusDataMissing, match="sex.csv line 2"):
        census.load_census(tmp_path)
    (tmp_path / "sex.csv").write_text("area,topic\nEngland,sex\n")
    with pytest.raises(census.CensusDataMissing, match="no column"):
        census.load_census(tmp_path)
    assert CensusFigure.objects.count() == before


def test_a_folder_of_other_files_replaces_the_baseline(tmp_path):
    (tmp_path / "sex.csv").write_text(
        HEADER + "England,sex,Female,10,50.00,Usual residents aged 16 and over,RM163,\n"
        "England,sex,Male,10,50.00,Usual residents aged 16 and over,RM163,\n"
    )
    result = census.load_census(tmp_path)
    assert (result.files, result.figures) == (1, 2)
    assert census.baseline()["sex"]["Male"] == {"England": Decimal("50.00")}


def test_the_demo_loads_the_census(settings):
    from demo.generators import load

    load(seed=1, scale=0.02)
    assert CensusFigure.objects.filter(dataset="ethnic_group_8").count() == 14


def test_the_demo_still_loads_without_the_census_files(monkeypatch, tmp_path):
    from demo.generators import load

    monkeypatch.setenv("COPRODUCE_CENSUS_DIR", str(tmp_path / "absent"))
    ctx = load(seed=1, scale=0.02)
    assert not CensusFigure.objects.exists()
    assert ctx.counts["census figures"] == 0
