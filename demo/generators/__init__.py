"""The demo programme, built by generators run in order in one transaction.

Each generator is a module with `generate(ctx: DemoContext)`. It draws its randomness only from
`ctx.rng("<its name>")` (never the global `random` or Faker's shared generator), sizes what it makes with
`ctx.scaled(base)`, creates rows with `bulk_create(..., batch_size=BATCH_SIZE)`, notes each created object
with `ctx.audit.add(verb, obj, changed_fields)`, and calls `ctx.audit.flush()` at its end. Later generators
read what earlier ones made from the context (e.g. `ctx.user_ids_by_role[Role.MEMBER]`).

To add one (people, projects, meetings...): write `demo/generators/<name>.py` and append it to GENERATORS.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ..logins import DEMO_PASSWORD
from . import (
    accounts,
    census,
    evaluation,
    handbook,
    meetings,
    network,
    notifications,
    opportunities,
    payments,
    people,
    programme,
    projects,
    search,
    training,
)
from .context import DemoContext

# Training before payments (its co-trainers' pay is claimed there); evaluation after the apps it reads; the
# search index last (it indexes everything made before it). Messages after the apps they are about.
GENERATORS = (
    accounts, census, people, projects, opportunities, meetings, training, payments, programme, network,
    notifications, handbook, evaluation, search,
)  # fmt: skip


def load(*, seed: int = 1, scale: float = 1.0, years: int = 1) -> DemoContext:
    """Create the demo programme in an empty database and return what was made."""
    # One hash for every demo account: hashing tens of thousands of passwords would take minutes.
    ctx = DemoContext(seed=seed, scale=scale, years=years, password_hash=make_password(DEMO_PASSWORD))
    with transaction.atomic():
        for generator in GENERATORS:
            generator.generate(ctx)
    return ctx
