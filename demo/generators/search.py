"""The site search index, built last: the other generators bulk-create their rows, which saves no signals,
so the index is rebuilt from everything they made (coproduce.search.services.rebuild)."""

from __future__ import annotations

from coproduce.search.services import rebuild

from .context import DemoContext


def generate(ctx: DemoContext) -> None:
    ctx.counts["search index entries"] = sum(rebuild().values())
