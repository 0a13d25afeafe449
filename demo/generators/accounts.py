"""Accounts: the fixed demo sign-ins and a population holding every role, several roles for some."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import Role, RoleGrant, User

from ..logins import DEMO_DOMAIN, DEMO_LOGINS, demo_totp_key_hex
from .context import ANCHOR, BATCH_SIZE, DemoContext
from .names import fictional_name

# People per main role at scale 1 (the fixed demo sign-in of each role is one of them).
POPULATION = {
    Role.MEMBER: 300,
    Role.CHAMPION: 12,
    Role.BOARD_MEMBER: 10,
    Role.PROJECT_LEAD: 25,
    Role.OFFICER: 6,
    Role.FINANCE_APPROVER: 3,
    Role.EVALUATOR: 4,
    Role.ADMINISTRATOR: 2,
}

# Second roles real programmes have: (main role, extra role, share of that group).
EXTRA_ROLES = (
    (Role.CHAMPION, Role.MEMBER, 1.0),  # champions come from the membership
    (Role.BOARD_MEMBER, Role.MEMBER, 0.5),  # half the board bring lived experience
    (Role.PROJECT_LEAD, Role.EVALUATOR, 0.12),
    (Role.ADMINISTRATOR, Role.OFFICER, 1.0),
)


@dataclass
class PlannedAccount:
    email: str
    full_name: str
    preferred_name: str
    roles: tuple[str, ...]
    date_joined: datetime.datetime
    email_confirmed: bool
    is_demo_login: bool = False


def plan(ctx: DemoContext) -> list[PlannedAccount]:
    """Who to create, decided by the seed and scale alone (no database): the same inputs, the same list."""
    rng = ctx.rng("accounts")
    planned = [
        PlannedAccount(
            email=login.email,
            full_name=login.full_name,
            preferred_name="",
            roles=(login.role,),
            date_joined=ANCHOR - datetime.timedelta(days=400),
            email_confirmed=True,
            is_demo_login=True,
        )
        for login in DEMO_LOGINS
    ]
    extras = {main: (extra, share) for main, extra, share in EXTRA_ROLES}
    number = 0
    for role, base in POPULATION.items():
        for _ in range(ctx.scaled(base) - 1):
            number += 1
            first, surname = fictional_name(rng)
            roles = [role]
            extra = extras.get(role)
            if extra and rng.random() < extra[1]:
                roles.append(extra[0])
            planned.append(
                PlannedAccount(
                    email=f"{first}.{surname}.{number}@{DEMO_DOMAIN}".lower(),
                    full_name=f"{first} {surname}",
                    preferred_name=first if rng.random() < 0.2 else "",
                    roles=tuple(roles),
                    date_joined=ANCHOR - datetime.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                    email_confirmed=rng.random() < 0.95,
                )
            )
    return planned


def generate(ctx: DemoContext) -> None:
    planned = plan(ctx)
    users = [
        User(
            email=p.email,
            full_name=p.full_name,
            preferred_name=p.preferred_name,
            password=ctx.password_hash,
            date_joined=p.date_joined,
            email_confirmed_at=p.date_joined + datetime.timedelta(minutes=7) if p.email_confirmed else None,
        )
        for p in planned
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)

    grants = []
    for user, p in zip(users, planned, strict=True):
        for role in p.roles:
            grants.append(RoleGrant(user=user, role=role, granted_at=p.date_joined))
            ctx.user_ids_by_role[role].append(user.pk)
        ctx.audit.add("accounts.account_created", user, changed_fields=["email", "full_name", "roles"])
    RoleGrant.objects.bulk_create(grants, batch_size=BATCH_SIZE)

    demo_users = {p.email: user for user, p in zip(users, planned, strict=True) if p.is_demo_login}
    for login in DEMO_LOGINS:
        if login.needs_two_factor:
            user = demo_users[login.email]
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=demo_totp_key_hex(), confirmed=True
            )
            ctx.audit.add("accounts.two_factor_enrolled", user)
    ctx.audit.flush()
    ctx.counts["accounts"] = len(users)
    ctx.counts["role grants"] = len(grants)
