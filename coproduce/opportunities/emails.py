"""What the opportunities app tells people, in plain English, through coproduce.notifications (each by the way
they chose to be contacted; the team by email)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from coproduce.accounts.models import Role, User
from coproduce.accounts.selectors import site_url
from coproduce.notifications.services import notify, notify_by_email
from coproduce.projects.choices import TeamRole

from .choices import InterestStatus
from .models import ExpressionOfInterest, Opportunity

SELECTED_MESSAGE = (
    "Thank you for saying you were interested. We are very pleased to tell you that you have been chosen. "
    "Someone from the co-production team will be in touch soon about what happens next, and about the "
    "support you told us you need."
)
NOT_SELECTED_MESSAGE = (
    "Thank you for saying you were interested, and for the time you took to tell us about yourself. "
    "This time we had more people than places, so we have not been able to offer you a place. "
    "This is not a judgement on you: you stay part of our network, and we would really like you to apply "
    "for other opportunities. We will keep letting you know about ones that fit what you told us."
)


def team(opportunity: Opportunity) -> list[User]:
    """The co-production officers and the project's staff leads who can sign in and have an email address."""
    officers = User.objects.filter(is_active=True, role_grants__role=Role.OFFICER)
    who = set(officers.exclude(email=""))
    if opportunity.project_id:
        staff_leads = User.objects.filter(
            is_active=True,
            person__project_memberships__project_id=opportunity.project_id,
            person__project_memberships__role=TeamRole.STAFF_LEAD,
            person__project_memberships__left_at=None,
        )
        who.update(staff_leads.exclude(email=""))
    return sorted(who, key=lambda user: user.email)


def tell_team_about_interest(interest: ExpressionOfInterest) -> None:
    link = site_url(reverse("opportunities_manage:detail", args=[interest.opportunity_id]))
    subject = f"New expression of interest: {interest.opportunity.title}"
    body = (
        f"{interest.person.full_name} is interested in “{interest.opportunity.title}” "
        f"({interest.get_came_in_display().lower()}).\n\n"
        f"See what they wrote and their access needs:\n{link}"
    )
    for user in team(interest.opportunity):
        notify_by_email(
            user.email,
            "interest_received",
            {"subject": subject, "body": body},
            f"opportunities.interest:{interest.pk}:user:{user.pk}",
            user=user,
        )


def invite(invitation) -> None:
    """By the way the officer chose (invitation.method): an email, or a letter in the next letter batch."""
    opportunity, person = invitation.opportunity, invitation.person
    link = site_url(reverse("opportunities:detail", args=[opportunity.pk]))
    config = settings.COPRODUCE
    other_ways = f"{opportunity.other_ways_detail}\n\n" if opportunity.other_ways_detail else ""
    body = (
        f"We think you might be interested in “{opportunity.title}”, because of what you told us about "
        f"yourself.\n\n{opportunity.description}\n\n"
        f"Time: {opportunity.time_commitment}\nReward: {opportunity.reward_text}\n"
        f"Closing date: {opportunity.closes_on:%-d %B %Y}\n\n"
        f"Read more and say you are interested here:\n{link}\n\n"
        f"Or phone us on {config['CONTACT_PHONE']}, or write to {config['CONTACT_ADDRESS']}.\n\n"
        f"{other_ways}There is no pressure to apply."
    )
    notify(
        person,
        "opportunity_invitation",
        {
            "subject": f"An opportunity you might like: {opportunity.title}",
            "body": body,
            "opportunity": opportunity,
        },
        f"opportunities.invitation:{invitation.pk}",
        link=link,
        channel=invitation.method,
    )


def outcome_event_key(interest: ExpressionOfInterest) -> str:
    return f"opportunities.outcome:{interest.pk}:{interest.status}"


def tell_outcome(interest: ExpressionOfInterest) -> None:
    link = site_url(reverse("opportunities:application", args=[interest.pk]))
    notify(
        interest.person,
        "opportunity_outcome",
        {
            "subject": f"About “{interest.opportunity.title}”",
            "body": f"{interest.outcome_message}\n\nYou can see this on your applications page:\n{link}",
            "opportunity": interest.opportunity,
            "selected": interest.status == InterestStatus.SELECTED,
        },
        outcome_event_key(interest),
        link=link,
    )
