"""The Census 2021 comparison baseline, so the equality monitoring pages have something to compare with.

Not random and not scaled: the published figures, loaded from the same files as `manage.py load_census`.
Without the files the demo still loads, and says how to add the baseline later."""

from __future__ import annotations

import logging

from coproduce.people.census import CensusDataMissing, load_census

from .context import DemoContext

logger = logging.getLogger(__name__)


def generate(ctx: DemoContext) -> None:
    try:
        result = load_census()
    except CensusDataMissing as error:
        logger.warning(
            "Census baseline not loaded: %s Run `manage.py load_census` once the files are there.", error
        )
        ctx.counts["census figures"] = 0
        return
    ctx.counts["census figures"] = result.figures
