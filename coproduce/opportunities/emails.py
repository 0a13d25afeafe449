"""What the opportunities app tells people by email (always through the task queue), in plain English."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from coproduce.accounts.models import Role, User
from coproduce.accounts.selectors import programme_name, site_url
from coproduce.core.tasks import queue_email
from coproduce.projects.choices import TeamRole

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


def team_addresses(opportunity: Opportunity) -> list[str]:
    """The co-production officers and the project's staff leads who can sign in."""
    officers = User.objects.filter(is_active=True, role_grants__role=Role.OFFICER)
    addresses = set(officers.values_list("email", flat=True))
    if opportunity.project_id:
        staff_leads = User.objects.filter(
            is_active=True,
            person__project_memberships__project_id=opportunity.project_id,
            person__project_memberships__role=TeamRole.STAFF_LEAD,
            person__project_memberships__left_at=None,
        )
        addresses.update(staff_leads.values_list("email", flat=True))
    return sorted(address for address in addresses if address)


def tell_team_about_interest(interest: ExpressionOfInterest) -> None:
    addresses = team_addresses(interest.opportunity)
    if not addresses:
        return
    link = site_url(reverse("opportunities_manage:detail", args=[interest.opportunity_id]))
    queue_email(
        addresses,
        f"New expression of interest: {interest.opportunity.title}",
        f"{interest.person.full_name} is interested in “{interest.opportunity.title}” "
        f"({interest.get_came_in_display().lower()}).\n\n"
        f"See what they wrote and their access needs:\n{link}\n",
    )


def invite_by_email(opportunity: Opportunity, person) -> None:
    link = site_url(reverse("opportunities:detail", args=[opportunity.pk]))
    config = settings.COPRODUCE
    queue_email(
        person.email,
        f"An opportunity you might like: {opportunity.title}",
        f"Hello {person.display_name},\n\n"
        f"We think you might be interested in “{opportunity.title}”, because of what you told us about "
        f"yourself.\n\n{opportunity.description}\n\n"
        f"Time: {opportunity.time_commitment}\nReward: {opportunity.reward_text}\n"
        f"Closing date: {opportunity.closes_on:%-d %B %Y}\n\n"
        f"Read more and say you are interested here:\n{link}\n\n"
        f"Or phone us on {config['CONTACT_PHONE']}, or write to {config['CONTACT_ADDRESS']}.\n\n"
        f"There is no pressure to apply. {programme_name()}\n",
    )


def tell_outcome(interest: ExpressionOfInterest) -> None:
    person = interest.person
    if not person.email:
        return  # the team tells them another way (phone or post); their page still shows the outcome
    link = site_url(reverse("opportunities:application", args=[interest.pk]))
    queue_email(
        person.email,
        f"About “{interest.opportunity.title}”",
        f"Hello {person.display_name},\n\n{interest.outcome_message}\n\n"
        f"You can see this on your applications page:\n{link}\n\n{programme_name()}\n",
    )
