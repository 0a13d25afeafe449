"""The ONS Census 2021 baseline (Oxfordshire and England) that equality monitoring is compared with.

The figures are the CSV files in ``shared/data/census-2021`` (see the README there for sources and cautions).
They are read from ``<repository>/../shared/data/census-2021`` unless ``COPRODUCE_CENSUS_DIR`` names another
folder. ``load_census()`` replaces every stored figure with the files' contents in one transaction, so running
it again changes nothing.

Which figures a comparison uses (``baseline()``):
- the universe "Usual residents aged 16 and over" for every topic, because members are adults (age.csv and
  disability.csv also hold an all-residents distribution, which is loaded but not compared with);
- ethnicity is compared with ``ethnic_group_8.csv``: its 8 categories are exactly the EqualityRecord choices
  (White split into British / Irish / Gypsy, Irish Traveller, Roma or Other White). ``ethnic_group_5.csv`` is
  loaded as well, for reports that need the 5 high-level groups only;
- "Prefer not to say" is compared with the census "Not answered" row where the census question was voluntary
  (religion, sexual orientation, gender identity); elsewhere it has no census figure;
- gender identity: England publishes non-binary and other gender identities as one row, so those two answers
  have no England figure; Oxfordshire publishes them separately.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import CensusFigure

ADULTS = "Usual residents aged 16 and over"
AREAS = ("Oxfordshire", "England")
NOT_ANSWERED = "Not answered"
PREFER_NOT = "prefer_not"
COLUMNS = ("area", "topic", "category", "count", "percent", "universe", "source_table", "source_url")

# EqualityRecord field -> the census file (dataset) it is compared with.
DATASET_FOR_FIELD = {
    "age_band": "age",
    "sex": "sex",
    "gender_identity": "gender_identity",
    "ethnic_group": "ethnic_group_8",
    "religion": "religion",
    "sexual_orientation": "sexual_orientation",
    "disability": "disability",
    "unpaid_care": "unpaid_care",
}

ATTRIBUTION = (
    "Source: Office for National Statistics, Census 2021, licensed under the Open Government Licence v3.0. "
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(Oxfordshire County Council)."
)


class CensusDataMissing(Exception):
    """The census folder or one of its files cannot be read; the message says which and how to fix it."""


@dataclass(frozen=True)
class LoadResult:
    folder: Path
    files: int
    figures: int


def census_dir() -> Path:
    """The folder holding the census CSV files: COPRODUCE_CENSUS_DIR, or shared/ beside the repository."""
    configured = os.environ.get("COPRODUCE_CENSUS_DIR", "").strip()
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "census-2021"


def category_key(category: str) -> str:
    """The category without any explanatory note in brackets, e.g. "Other gender identity (written in...)"."""
    return category.split(" (", 1)[0].strip()


def read_file(path: Path) -> list[CensusFigure]:
    """Parse one census CSV into unsaved figures, or raise CensusDataMissing naming the problem."""
    dataset = path.stem
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise CensusDataMissing(f"{path.name} has no column {', '.join(missing)}")
            figures = []
            for line, row in enumerate(reader, start=2):
                try:
                    count = int(row["count"]) if row["count"].strip() else None
                    percent = Decimal(row["percent"].strip())
                except (ValueError, InvalidOperation) as error:
                    raise CensusDataMissing(
                        f"{path.name} line {line}: count or percent is not a number"
                    ) from error
                figures.append(
                    CensusFigure(
                        dataset=dataset,
                        area=row["area"].strip(),
                        topic=row["topic"].strip(),
                        category=row["category"].strip(),
                        count=count,
                        percent=percent,
                        universe=row["universe"].strip(),
                        source_table=row["source_table"].strip(),
                        source_url=row["source_url"].strip(),
                    )
                )
    except (OSError, UnicodeDecodeError) as error:
        raise CensusDataMissing(f"Cannot read {path}: {error}") from error
    return figures


def load_census(folder: Path | None = None) -> LoadResult:
    """Replace the stored baseline with the CSV files in `folder` (default: census_dir()). Idempotent."""
    folder = Path(folder) if folder is not None else census_dir()
    if not folder.is_dir():
        raise CensusDataMissing(
            f"The census folder {folder} does not exist. Put the Census 2021 CSV files there, or set "
            "COPRODUCE_CENSUS_DIR to the folder that holds them."
        )
    paths = sorted(folder.glob("*.csv"))
    if not paths:
        raise CensusDataMissing(f"The census folder {folder} has no CSV files.")
    figures = [figure for path in paths for figure in read_file(path)]
    datasets = sorted({figure.dataset for figure in figures})
    with transaction.atomic():
        CensusFigure.objects.all().delete()
        CensusFigure.objects.bulk_create(figures)
    return LoadResult(folder=folder, files=len(datasets), figures=len(figures))


def baseline() -> dict[str, dict[str, dict[str, Decimal]]]:
    """Census percentages to compare with, in one query:
    ``{equality field: {answer value: {"Oxfordshire": Decimal, "England": Decimal}}}``.

    An answer with no comparable census figure is missing from the inner dict (so ``.get(area)`` is None).
    Empty when the census has not been loaded."""
    field_for_dataset = {dataset: field for field, dataset in DATASET_FOR_FIELD.items()}
    rows = CensusFigure.objects.filter(
        dataset__in=field_for_dataset, universe=ADULTS, area__in=AREAS
    ).values_list("dataset", "area", "category", "percent")
    result: dict[str, dict[str, dict[str, Decimal]]] = {field: {} for field in DATASET_FOR_FIELD}
    for dataset, area, category, percent in rows:
        key = category_key(category)
        value = PREFER_NOT if key == NOT_ANSWERED else key
        result[field_for_dataset[dataset]].setdefault(value, {})[area] = percent
    return result
