"""The two restricted permissions on people's records (equality answers, safeguarding notes), which
administrators give to the few back-office accounts whose work needs them."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction

from coproduce.accounts.models import Role, User
from coproduce.audit.services import record

SPECIAL_PERMISSIONS = ("view_equality_answers", "view_safeguarding_notes")
# The permissions only work on top of one of these roles (see people/rules.py and evaluation/rules.py: an
# evaluator with the equality permission sees group aggregates only, never one person's answers).
ELIGIBLE_ROLES = (Role.OFFICER, Role.ADMINISTRATOR, Role.EVALUATOR)


def eligible_accounts():
    """Active back-office accounts that may hold a restricted permission, with what they hold (2 queries)."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=ELIGIBLE_ROLES)
        .distinct()
        .order_by("full_name", "id")
        .prefetch_related("user_permissions__content_type")
    )


def special_permissions_of(user: User) -> list[str]:
    held = {
        permission.codename
        for permission in user.user_permissions.all()
        if permission.content_type.app_label == "people"
    }
    return [codename for codename in SPECIAL_PERMISSIONS if codename in held]


def set_special_permissions(user: User, wanted, *, actor, request=None) -> tuple[list[str], list[str]]:
    """Give `user` exactly the restricted permissions in `wanted`. Audited as "accounts.permission_granted"
    and "accounts.permission_revoked", naming the permissions. Returns (granted, revoked) codenames."""
    wanted = set(wanted)
    unknown = wanted - set(SPECIAL_PERMISSIONS)
    if unknown:
        raise ValueError(f"Not a restricted permission: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        permissions = {
            permission.codename: permission
            for permission in Permission.objects.filter(
                content_type__app_label="people", codename__in=SPECIAL_PERMISSIONS
            )
        }
        held = set(special_permissions_of(user))
        granted = [codename for codename in SPECIAL_PERMISSIONS if codename in wanted - held]
        revoked = [codename for codename in SPECIAL_PERMISSIONS if codename in held - wanted]
        if granted:
            user.user_permissions.add(*(permissions[codename] for codename in granted))
            record(
                "accounts.permission_granted",
                actor=actor,
                obj=user,
                changed_fields=[f"people.{codename}" for codename in granted],
                request=request,
            )
        if revoked:
            user.user_permissions.remove(*(permissions[codename] for codename in revoked))
            record(
                "accounts.permission_revoked",
                actor=actor,
                obj=user,
                changed_fields=[f"people.{codename}" for codename in revoked],
                request=request,
            )
    # Django caches permissions on the user object; a fresh check must see the change.
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return granted, revoked
