"""Writes for projects: each verb runs in one transaction and records its audit event there."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.audit.services import record

from .models import Project, TeamMember


@transaction.atomic
def add_team_member(project: Project, person, role: str, *, by) -> TeamMember:
    """Put a person on a project team (or change their role if they are on it already)."""
    member = (
        TeamMember.objects.select_for_update().filter(project=project, person=person, left_at=None).first()
    )
    if member is None:
        member = TeamMember.objects.create(project=project, person=person, role=role, added_by=by)
        record("project.team_member_added", actor=by, obj=member, changed_fields=["person", "role"])
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        record("project.team_member_role_changed", actor=by, obj=member, changed_fields=["role"])
    return member


@transaction.atomic
def remove_team_member(member: TeamMember, *, by) -> None:
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    record("project.team_member_removed", actor=by, obj=member, changed_fields=["left_at"])
